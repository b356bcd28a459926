/**
 * One POST to a payer endpoint with a timeout, and the error mapping every HTTP transport shares:
 * a network error, a timeout, 408, 429 or 5xx is PayerUnavailableError (the workflow retries);
 * any other non-2xx is PayerRejectedError (not retried). Messages carry the payer id and the
 * HTTP status only: a payer's response body may hold patient data.
 */
import { PayerRejectedError, PayerUnavailableError } from '#core/errors.ts';

export const DEFAULT_PAYER_TIMEOUT_MS = 10_000;

export interface PayerPost {
  payerId: string;
  url: string;
  contentType: string;
  accept: string;
  body: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function postToPayer(post: PayerPost): Promise<{ status: number; text: string }> {
  const doFetch = post.fetch ?? globalThis.fetch;
  const timeoutMs = post.timeoutMs ?? DEFAULT_PAYER_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(post.url, {
      method: 'POST',
      headers: { 'content-type': post.contentType, accept: post.accept },
      body: post.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new PayerUnavailableError(
      timedOut
        ? `payer ${post.payerId} did not answer within ${timeoutMs} ms`
        : `payer ${post.payerId} could not be reached`,
      { cause: error },
    );
  }
  const { status } = response;
  if (status >= 500 || status === 408 || status === 429) {
    throw new PayerUnavailableError(`payer ${post.payerId} answered HTTP ${status}`);
  }
  if (status < 200 || status >= 300) {
    throw new PayerRejectedError(`payer ${post.payerId} refused the submission with HTTP ${status}`);
  }
  return { status, text };
}
