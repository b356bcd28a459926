/**
 * AWS's limits in the local runtime, failing as AWS fails: API Gateway's 10 MB body and 30 s
 * integration timeout, Lambda's 6 MB request and response payloads, Step Functions' 256 KB
 * state. (DynamoDB Local enforces the 400 KB item itself: test/e2e/large-documents.test.ts.)
 */
import { ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpApiEvent, type LocalHttpApi, startLocalHttpApi } from '#infra/local/http-api.ts';
import {
  invokeWithinLimits,
  LAMBDA_REQUEST_MAX_BYTES,
  LAMBDA_RESPONSE_MAX_BYTES,
  LambdaPayloadLimitError,
  payloadBytes,
  STATE_PAYLOAD_MAX_BYTES,
} from '#infra/local/lambda-context.ts';
import { loadMachines, localHandlers } from '#infra/local/sfn-machines.ts';
import { startLocalStepFunctions } from '#infra/local/stepfunctions.ts';
import { ROUTES } from '#infra/routes.ts';

const MB = 1024 * 1024;
let api: LocalHttpApi | undefined;

afterEach(async () => {
  await api?.stop({ timeoutMs: 200 });
  api = undefined;
});

/** The local HTTP API with one handler behind every route and an authorizer that lets all in. */
async function localApi(respond: (event: HttpApiEvent) => unknown, handlerTimeoutMs?: number) {
  const seen: HttpApiEvent[] = [];
  const handler = async (event: HttpApiEvent) => {
    seen.push(event);
    return respond(event);
  };
  api = await startLocalHttpApi({
    routes: ROUTES,
    handlers: { api: handler, webhook: handler },
    authorizer: () => ({ isAuthorized: true }),
    ...(handlerTimeoutMs ? { handlerTimeoutMs } : {}),
  });
  const post = (body: string | Buffer, contentType = 'application/json') =>
    fetch(`${api?.url}/v1/prior-auths`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': contentType },
      body,
    });
  return { seen, post };
}

describe('payloadBytes', () => {
  it.each([
    [undefined, 0],
    [null, 4],
    ['é', 4],
    [{ a: 1 }, 7],
  ])('counts %j as %i bytes of UTF-8 JSON', (value, bytes) => {
    expect(payloadBytes(value)).toBe(bytes);
  });
});

describe('invokeWithinLimits (the Lambda invoke path)', () => {
  it('runs a handler whose event and result are within 6 MB', async () => {
    const event = 'x'.repeat(LAMBDA_REQUEST_MAX_BYTES - 2);
    await expect(invokeWithinLimits(event, () => 'ok')).resolves.toBe('ok');
  });

  it('refuses an event over 6 MB without running the handler, as RequestEntityTooLargeException', async () => {
    // Prepare
    let ran = false;

    // Act
    const refused = invokeWithinLimits('x'.repeat(LAMBDA_REQUEST_MAX_BYTES), () => {
      ran = true;
    });

    // Assess
    await expect(refused).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      direction: 'request',
    });
    expect(ran).toBe(false);
  });

  it('fails a result over 6 MB and 100 bytes as Function.ResponseSizeTooLarge', async () => {
    const result = 'x'.repeat(LAMBDA_RESPONSE_MAX_BYTES - 1);
    const refused = invokeWithinLimits({}, () => result);
    await expect(refused).rejects.toBeInstanceOf(LambdaPayloadLimitError);
    await expect(refused).rejects.toMatchObject({
      name: 'Function.ResponseSizeTooLarge',
      message: expect.stringContaining('exceeded maximum allowed payload size (6291556 bytes)'),
    });
  });
});

describe('the local HTTP API', () => {
  it('answers 413 for a body over 10 MB, as API Gateway does, without calling the function', async () => {
    const { seen, post } = await localApi(() => ({ statusCode: 202 }));
    const response = await post('x'.repeat(10 * MB + 1));
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  it('answers 413 for a body under 10 MB whose event is over Lambda 6 MB, without calling the function', async () => {
    // Prepare: 5 MB of binary becomes 6.7 MB of base64 in the event.
    const { seen, post } = await localApi(() => ({ statusCode: 202 }));

    // Act
    const response = await post(Buffer.alloc(5 * MB), 'application/pdf');

    // Assess
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(seen).toHaveLength(0);
  });

  it('answers 502 when the function returns more than 6 MB, and the answer when it returns 4 MB of PDF', async () => {
    // Prepare
    const pdf = (bytes: number) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.alloc(bytes).toString('base64'),
      isBase64Encoded: true,
    });
    const { post } = await localApi((event) => pdf(event.body === '"large"' ? 5 * MB : 4 * MB));

    // Act
    const [large, small] = await Promise.all([post('"large"'), post('"small"')]);

    // Assess
    expect(large.status).toBe(502);
    expect(small.status).toBe(200);
    expect((await small.arrayBuffer()).byteLength).toBe(4 * MB);
  });

  it('answers 504 when the function runs past the integration timeout', async () => {
    const { post } = await localApi(() => new Promise(() => {}), 50);
    const response = await post('{}');
    expect(response.status).toBe(504);
  });
});

describe('the local Step Functions task runner', () => {
  const definition = {
    StartAt: 'Big',
    States: {
      Big: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:big', End: true },
    },
  };

  function task(outputBytes: number) {
    const tasks = { Big: () => ({ pad: 'x'.repeat(outputBytes) }) };
    const machine = loadMachines({ M: definition }, tasks, (name) => name).get('M');
    if (!machine) throw new Error('no machine');
    return localHandlers(machine, tasks, { region: 'us-east-1', timeoutMs: 1000 }).Big;
  }

  it('passes a state output within 256 KB', async () => {
    await expect(task(STATE_PAYLOAD_MAX_BYTES - 20)?.({})).resolves.toMatchObject({
      pad: expect.any(String),
    });
  });

  it('fails a state output over 256 KB with States.DataLimitExceeded', async () => {
    await expect(task(STATE_PAYLOAD_MAX_BYTES)?.({})).rejects.toMatchObject({
      name: 'States.DataLimitExceeded',
    });
  });
});

describe('the local StartExecution', { timeout: 30_000 }, () => {
  const definition = {
    StartAt: 'Done',
    States: { Done: { Type: 'Pass', End: true } },
  };

  it.each([
    [256 * 1024, 'starts'],
    [256 * 1024 + 1, 'refuses'],
  ])('given an input of %i bytes %s it, as the Step Functions API does', async (bytes, verdict) => {
    // Prepare
    const sfn = await startLocalStepFunctions({ definitions: { M: definition }, taskHandlers: {} });
    const client = new SFNClient({
      endpoint: sfn.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const stateMachineArn = sfn.stateMachineArn('M');
    const input = JSON.stringify({ pad: 'x'.repeat(bytes - '{"pad":""}'.length) });
    expect(Buffer.byteLength(input)).toBe(bytes);
    try {
      // Act
      const started = client.send(new StartExecutionCommand({ stateMachineArn, name: 'big', input }));

      // Assess
      if (verdict === 'starts') {
        await expect(started).resolves.toMatchObject({ executionArn: expect.any(String) });
      } else {
        await expect(started).rejects.toMatchObject({
          name: 'ValidationException',
          message: expect.stringContaining('less than or equal to 262144'),
        });
        const listed = await client.send(new ListExecutionsCommand({ stateMachineArn }));
        expect(listed.executions).toEqual([]);
      }
    } finally {
      client.destroy();
      await sfn.stop({ timeoutMs: 100 });
    }
  });
});
