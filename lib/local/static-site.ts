/**
 * The worklist web app (web/) served at /app/ by the local HTTP server, as static files: on AWS
 * the same folder is deployable to any static host in front of the API.
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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS: Array<[string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  [
    'content-security-policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  ],
];

/** A reply for a GET under the site's prefix, or undefined when the path is not the site's. */
export async function serveStatic(
  site: StaticSite,
  method: string,
  rawPath: string,
): Promise<StaticReply | undefined> {
  const bare = site.prefix.replace(/\/$/, '');
  if (rawPath !== bare && !rawPath.startsWith(site.prefix)) return undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: [['allow', 'GET, HEAD']], body: Buffer.alloc(0) };
  }
  if (rawPath === bare) return { status: 308, headers: [['location', site.prefix]], body: Buffer.alloc(0) };
  let relative: string;
  try {
    relative = decodeURIComponent(rawPath.slice(site.prefix.length)) || 'index.html';
  } catch {
    return { status: 400, headers: [], body: Buffer.alloc(0) };
  }
  const root = site.dir.endsWith(sep) ? site.dir : site.dir + sep;
  const file = resolve(root, normalize(relative));
  if (!file.startsWith(root)) return notFound();
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return notFound();
  return {
    status: 200,
    headers: [
      ['content-type', TYPES[extname(file)] ?? 'application/octet-stream'],
      ['cache-control', 'no-cache'],
      ...SECURITY_HEADERS,
    ],
    body: method === 'HEAD' ? Buffer.alloc(0) : bytes,
  };
}

function notFound(): StaticReply {
  return {
    status: 404,
    headers: [['content-type', 'text/plain; charset=utf-8']],
    body: Buffer.from('not found'),
  };
}
