/**
 * "Every route answers": the ready line of `npm start` is printed only once a probe of every
 * route that can be called without side effects gets a non-5xx answer from the real handlers
 * (so the handlers loaded and reach DynamoDB). POST routes are probed without a token or
 * signature, which the authorizer or the webhook handler refuses before anything is written.
 */
import { ROUTES } from '../routes.ts';

const PROBE_ID = 'readiness-probe';

function probePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, PROBE_ID);
}

/** Resolves once every route answers below 500; rejects with the failing routes after `timeoutMs`. */
export async function awaitRoutesAnswer(url: string, apiToken: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failing: string[] = [];
  do {
    const answers = await Promise.all(
      ROUTES.map(async (route) => {
        const headers: Record<string, string> =
          route.method === 'GET' && route.auth ? { authorization: `Bearer ${apiToken}` } : {};
        try {
          const response = await fetch(`${url}${probePath(route.path)}`, {
            method: route.method,
            headers: route.method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
            body: route.method === 'POST' ? '{}' : undefined,
          });
          await response.arrayBuffer();
          return response.status < 500 ? undefined : `${route.method} ${route.path} -> ${response.status}`;
        } catch (error) {
          return `${route.method} ${route.path} -> ${(error as Error).message}`;
        }
      }),
    );
    failing = answers.filter((answer): answer is string => answer !== undefined);
    if (failing.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  } while (Date.now() < deadline);
  throw new Error(`routes did not answer: ${failing.join('; ')}`);
}
