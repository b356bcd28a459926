/** The Lambda `context` object for a handler called in-process, as the Lambda runtime gives it. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export const LOCAL_ACCOUNT_ID = '000000000000';

export function createLambdaContext(
  functionName: string,
  options: { region: string; timeoutMs: number },
): Context {
  const deadline = Date.now() + options.timeoutMs;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${awsRequestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** Lambda's synchronous invocation payload limits: 6 MB in, 6 MB (and 100 bytes) out. */
export const LAMBDA_REQUEST_MAX_BYTES = 6 * 1024 * 1024;
export const LAMBDA_RESPONSE_MAX_BYTES = 6 * 1024 * 1024 + 100;
/** Step Functions' limit on a state's input or output (and an execution's input). */
export const STATE_PAYLOAD_MAX_BYTES = 256 * 1024;

/** The size of a payload as Lambda and Step Functions count it: its UTF-8 JSON. */
export function payloadBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * An invocation refused for its size, as Lambda refuses it: the event before the function runs
 * (RequestEntityTooLargeException; API Gateway answers 413), or the result after it ran
 * (Function.ResponseSizeTooLarge; API Gateway answers 502).
 */
export class LambdaPayloadLimitError extends Error {
  constructor(
    readonly direction: 'request' | 'response',
    bytes: number,
  ) {
    const limit = direction === 'request' ? LAMBDA_REQUEST_MAX_BYTES : LAMBDA_RESPONSE_MAX_BYTES;
    super(
      direction === 'request'
        ? `Request must be smaller than ${limit} bytes for the InvokeFunction operation (${bytes} bytes)`
        : `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${limit} bytes).`,
    );
    this.name = direction === 'request' ? 'RequestEntityTooLargeException' : 'Function.ResponseSizeTooLarge';
  }
}

/** Calls a handler in-process with Lambda's payload limits on its event and its result. */
export async function invokeWithinLimits<R>(event: unknown, call: () => R | Promise<R>): Promise<R> {
  const requestBytes = payloadBytes(event);
  if (requestBytes > LAMBDA_REQUEST_MAX_BYTES) throw new LambdaPayloadLimitError('request', requestBytes);
  const result = await call();
  const responseBytes = payloadBytes(result);
  if (responseBytes > LAMBDA_RESPONSE_MAX_BYTES) throw new LambdaPayloadLimitError('response', responseBytes);
  return result;
}

/**
 * A state's output over 256 KB fails the execution with States.DataLimitExceeded, as on AWS. The
 * product passes ids and S3 keys between states, never documents.
 */
export function checkStatePayload(output: unknown, stateName: string): void {
  const bytes = payloadBytes(output);
  if (bytes <= STATE_PAYLOAD_MAX_BYTES) return;
  const error = new Error(
    `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit (${bytes} > ${STATE_PAYLOAD_MAX_BYTES}).`,
  );
  error.name = 'States.DataLimitExceeded';
  throw error;
}
