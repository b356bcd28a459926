/** The HTTP client of `pa`: the bearer-token /v1 routes and the payer webhook, failures as CliError. */
import type { Connection } from './config.ts';
import { CliError, EXIT, exitCodeForStatus, type Problem } from './errors.ts';

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON of the route called
  body: any;
}

export interface CallOptions {
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  auth?: boolean;
}

export async function call(
  conn: Connection,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
  if (options.auth !== false) {
    if (!conn.token) {
      throw new CliError(
        'no API token: pass --token, set PA_API_TOKEN, or start the local stack so that <PA_DATA_DIR>/api-token exists',
        EXIT.usage,
      );
    }
    headers.authorization = `Bearer ${conn.token}`;
  }
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const url = new URL(path, conn.url.endsWith('/') ? conn.url : `${conn.url}/`);
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(
      `cannot reach ${conn.url} (${cause}): is the stack running (npm start)?`,
      EXIT.unavailable,
    );
  }
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json')
    ? await res.json().catch(() => undefined)
    : new Uint8Array(await res.arrayBuffer());
  if (res.status >= 400) {
    const problem = (type.includes('json') ? parsed : undefined) as Problem | undefined;
    const detail = problem?.detail ?? problem?.title ?? `HTTP ${res.status}`;
    throw new CliError(`${method} ${path}: ${res.status} ${detail}`, exitCodeForStatus(res.status), problem);
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
