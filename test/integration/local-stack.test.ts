import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayRequestAuthorizerEventV2, ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { PayerUnavailableError } from '#core/errors.ts';
import type { HttpApiEvent } from '#infra/local/http-api.ts';
import { DataDirLockedError, LOCK_FILE_NAME } from '#infra/local/lock.ts';
import { type LocalStackOptions, startLocalStack } from '#infra/local/stack.ts';
import { StackClient } from '../support/http-client.ts';
import { isAlive } from '../support/local-stack.ts';

/**
 * Toy handlers that use the real SDK clients configured only by the environment the stack sets,
 * as the product's handlers do.
 */
const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const dynamodb = () => new DynamoDBClient({});
const s3 = () => new S3Client({ forcePathStyle: process.env.PA_S3_FORCE_PATH_STYLE === '1' });
const key = (caseId: string) => ({ pk: { S: `CASE#${caseId}` }, sk: { S: 'CASE' } });

function toyHandlers(record: {
  sweeps: Array<ScheduledEvent & { redriveAll?: boolean }>;
  submitAttempts: number;
}) {
  return {
    authorizer: (event: APIGatewayRequestAuthorizerEventV2) => ({
      isAuthorized: event.headers?.authorization === `Bearer ${env('PA_API_TOKEN')}`,
    }),
    api: async (event: HttpApiEvent) => {
      switch (event.routeKey) {
        case 'GET /healthz':
          return { status: 'ok' };
        case 'POST /v1/prior-auths': {
          const { caseId } = JSON.parse(event.body ?? '{}') as { caseId: string };
          await dynamodb().send(
            new PutItemCommand({
              TableName: env('TABLE_NAME'),
              Item: { ...key(caseId), status: { S: 'RECEIVED' } },
            }),
          );
          await new SFNClient({}).send(
            new StartExecutionCommand({
              stateMachineArn: env('SUBMIT_STATE_MACHINE_ARN'),
              name: caseId,
              input: JSON.stringify({ caseId }),
            }),
          );
          return {
            statusCode: 202,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ caseId }),
          };
        }
        case 'GET /v1/prior-auths/{caseId}': {
          const caseId = event.pathParameters?.caseId ?? '';
          const item = await dynamodb().send(
            new GetItemCommand({ TableName: env('TABLE_NAME'), Key: key(caseId) }),
          );
          if (!item.Item) return { statusCode: 404, body: '{}' };
          return { caseId, status: item.Item.status?.S };
        }
        case 'GET /v1/documents/{documentId}': {
          const object = await s3().send(
            new GetObjectCommand({
              Bucket: env('BUCKET_NAME'),
              Key: `documents/${event.pathParameters?.documentId}`,
            }),
          );
          const bytes = Buffer.from(await object.Body!.transformToByteArray());
          return {
            statusCode: 200,
            headers: { 'content-type': 'application/pdf' },
            body: bytes.toString('base64'),
            isBase64Encoded: true,
          };
        }
        default:
          return { statusCode: 404, body: '{}' };
      }
    },
    webhook: () => ({ statusCode: 401, body: '{}' }),
    sweep: (event: ScheduledEvent & { redriveAll?: boolean }) => {
      record.sweeps.push(event);
      return { redriven: 0 };
    },
    tasks: {
      AssemblePacket: async (input: unknown) => {
        const { caseId } = input as { caseId: string };
        await s3().send(
          new PutObjectCommand({
            Bucket: env('BUCKET_NAME'),
            Key: `documents/${caseId}`,
            Body: Buffer.from(`%PDF-toy ${caseId}`),
            ContentType: 'application/pdf',
          }),
        );
        return { caseId, next: 'submit' };
      },
      SubmitToPayer: async (input: unknown) => {
        const { caseId } = input as { caseId: string };
        record.submitAttempts += 1;
        if (record.submitAttempts === 1)
          throw new PayerUnavailableError(`payer did not answer for case ${caseId}`);
        await dynamodb().send(
          new UpdateItemCommand({
            TableName: env('TABLE_NAME'),
            Key: key(caseId),
            UpdateExpression: 'SET #s = :s',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': { S: 'SUBMITTED' } },
          }),
        );
        return { caseId, status: 'SUBMITTED' };
      },
      MarkSubmissionFailed: (input: unknown) => ({ ...(input as object), status: 'SUBMISSION_FAILED' }),
      ApplyPayerEvent: (input: unknown) => ({ ...(input as object), next: 'done' }),
    },
  };
}

const WORKFLOWS = {
  definitions: {
    SubmitPriorAuth: {
      StartAt: 'AssemblePacket',
      States: {
        AssemblePacket: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:A',
          Next: 'Route',
        },
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.next', StringEquals: 'submit', Next: 'SubmitToPayer' }],
          Default: 'Done',
        },
        SubmitToPayer: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:S',
          Retry: [
            { ErrorEquals: ['PayerUnavailableError'], IntervalSeconds: 2, MaxAttempts: 4, BackoffRate: 2 },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkSubmissionFailed' }],
          End: true,
        },
        MarkSubmissionFailed: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:M',
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    },
    HandlePayerEvent: {
      StartAt: 'ApplyPayerEvent',
      States: {
        ApplyPayerEvent: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:P',
          End: true,
        },
      },
    },
  },
  taskStateToTask: {
    AssemblePacket: 'AssemblePacket',
    SubmitToPayer: 'SubmitToPayer',
    MarkSubmissionFailed: 'MarkSubmissionFailed',
    ApplyPayerEvent: 'ApplyPayerEvent',
  },
};

function options(dataDir: string, record: Parameters<typeof toyHandlers>[0]): LocalStackOptions {
  return {
    port: 0,
    dataDir,
    sweepIntervalMs: 200,
    handlers: toyHandlers(record),
    workflows: WORKFLOWS,
    retryIntervalOverrideMs: 1,
  };
}

describe('local stack', () => {
  it('serves the routes through the handlers, runs the workflow, sweeps, persists across a restart and stops cleanly', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'pa-stack-'));
    const record = { sweeps: [] as Array<ScheduledEvent & { redriveAll?: boolean }>, submitAttempts: 0 };
    const stack = await startLocalStack(options(dataDir, record));
    const javaPid = Number(
      (await import('node:fs')).readFileSync(join(dataDir, 'dynamodb', 'java.pid'), 'utf8'),
    );

    // Act
    const client = new StackClient(stack.url, stack.apiToken);
    const health = await client.api('GET', '/healthz', { auth: false });
    const anonymous = await client.api('GET', '/v1/prior-auths/c-1', { auth: false });
    const submitted = await client.api('POST', '/v1/prior-auths', { body: { caseId: 'c-1' } });
    await stack.stepFunctions.drain();
    const afterWorkflow = await client.api('GET', '/v1/prior-auths/c-1');
    const document = await client.api('GET', '/v1/documents/c-1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const secondOnSameDir = startLocalStack(options(dataDir, { sweeps: [], submitAttempts: 0 }));
    await expect(secondOnSameDir).rejects.toBeInstanceOf(DataDirLockedError);
    await stack.stop();
    const javaAfterStop = isAlive(javaPid);
    const lockAfterStop = await stat(join(dataDir, LOCK_FILE_NAME)).then(
      () => true,
      () => false,
    );
    const tokenMode = (await stat(join(dataDir, 'api-token'))).mode & 0o777;
    const restarted = await startLocalStack(options(dataDir, { sweeps: [], submitAttempts: 1 }));
    const afterRestart = await new StackClient(restarted.url, restarted.apiToken).api(
      'GET',
      '/v1/prior-auths/c-1',
    );
    await restarted.stop();

    // Assess
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(anonymous.status).toBe(401);
    expect(submitted.status).toBe(202);
    expect(record.submitAttempts).toBe(2);
    expect(afterWorkflow.body).toEqual({
      caseId: 'c-1',
      status: 'SUBMITTED',
    });
    expect(document.contentType).toBe('application/pdf');
    expect(Buffer.from(document.body).toString()).toBe('%PDF-toy c-1');
    expect(record.sweeps[0]).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      redriveAll: true,
    });
    expect(record.sweeps.length).toBeGreaterThanOrEqual(2);
    expect(record.sweeps.slice(1).every((event) => event.redriveAll === undefined)).toBe(true);
    expect(process.env.SUBMIT_STATE_MACHINE_ARN).toBe(
      'arn:aws:states:us-east-1:000000000000:stateMachine:SubmitPriorAuth',
    );
    expect(process.env.PA_PUBLIC_URL).toBe(restarted.url);
    expect(javaAfterStop).toBe(false);
    expect(lockAfterStop).toBe(false);
    expect(tokenMode).toBe(0o600);
    expect(restarted.apiToken).toBe(stack.apiToken);
    expect(afterRestart.body).toEqual({
      caseId: 'c-1',
      status: 'SUBMITTED',
    });
  }, 240_000);
});
