/**
 * Static files under a URL prefix (the worklist web app at /app/): content types, security
 * headers, 308 from the bare prefix, 404 outside the folder (no path traversal). Used by the
 * `web` Lambda on AWS and by the local HTTP server.
 */
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';

export interface StaticSite {
  /** URL prefix with its trailing slash, e.g. '/app/'. */
  prefix: string;
  /** Absolute folder of the files. */
  dir: string;
}

export interface StaticReply {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** An API Gateway (payload 2.0) result. */
export interface StaticLambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

const TEXT_TYPE = /^(text\/|application\/json|image\/svg\+xml)/;

const SECURITY_HEADERS: Array<[string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  [
    'content-security-policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  ],
];

/** The content type of a file, by its extension. */
export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A reply for a GET under the site's prefix, or undefined when the path is not the site's. */
export async function serveStatic(
  site: StaticSite,
  method: string,
  rawPath: string,
): Promise<StaticReply | undefined> {
  const bare = site.prefix.replace(/\/$/, '');
  if (rawPath !== bare && !rawPath.startsWith(site.prefix)) return undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    return problemReply(405, 'Method Not Allowed', 'the web app is read with GET or HEAD', [
      ['allow', 'GET, HEAD'],
    ]);
  }
  if (rawPath === bare) return { status: 308, headers: [['location', site.prefix]], body: Buffer.alloc(0) };
  let relative: string;
  try {
    relative = decodeURIComponent(rawPath.slice(site.prefix.length)) || 'index.html';
  } catch {
    return problemReply(400, 'Bad Request', 'the path is not valid percent-encoding');
  }
  const root = site.dir.endsWith(sep) ? site.dir : site.dir + sep;
  const file = resolve(root, normalize(relative));
  if (!file.startsWith(root)) return notFound();
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return notFound();
  return {
    status: 200,
    headers: [['content-type', contentTypeOf(file)], ['cache-control', 'no-cache'], ...SECURITY_HEADERS],
    body: method === 'HEAD' ? Buffer.alloc(0) : bytes,
  };
}

/** The first site's reply for the path (sites with longer prefixes first), or 404. */
export async function serveSites(
  sites: readonly StaticSite[],
  method: string,
  rawPath: string,
): Promise<StaticReply> {
  for (const site of sites) {
    const reply = await serveStatic(site, method, rawPath);
    if (reply) return reply;
  }
  return notFound();
}

/** A reply as an API Gateway result: text bodies as UTF-8, everything else base64. */
export function toLambdaResult(reply: StaticReply): StaticLambdaResult {
  const headers = Object.fromEntries(reply.headers);
  const type = headers['content-type'];
  const isText = reply.body.length === 0 || (type !== undefined && TEXT_TYPE.test(type));
  return {
    statusCode: reply.status,
    headers,
    body: reply.body.toString(isText ? 'utf8' : 'base64'),
    isBase64Encoded: !isText,
  };
}

function notFound(): StaticReply {
  return problemReply(404, 'Not Found', 'no such file in the web app');
}

/** Errors are problem+json here too, like every other answer of the API (RFC 9457). */
function problemReply(
  status: number,
  title: string,
  detail: string,
  extra: Array<[string, string]> = [],
): StaticReply {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  return {
    status,
    headers: [['content-type', 'application/problem+json'], ...extra],
    body: Buffer.from(body),
  };
}
