/**
 * What the route fuzzing (fuzz.test.ts, fuzz-webhook.test.ts) shares: the seed, the contract of an
 * answer, the proof that a refused request wrote nothing, and the generators of bad input.
 *
 * The seed is fixed by default, so no run (in CI or on a developer's machine) is decided by
 * chance. FUZZ_EXPLORE=1 explores new inputs (fast-check prints the seed of any failure);
 * FUZZ_SEED=<n> replays one.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Reply, SendOptions } from '../support/http-client.ts';
import { caseCount, client, getCase } from './client.ts';

export const FIXED_SEED = 20261127;

export function fuzzSeed(env: Record<string, string | undefined> = process.env): number | undefined {
  if (env.FUZZ_SEED) return Number(env.FUZZ_SEED);
  return env.FUZZ_EXPLORE === '1' || env.FUZZ_EXPLORE === 'true' ? undefined : FIXED_SEED;
}

const seed = fuzzSeed();
if (seed !== undefined) fc.configureGlobal({ seed });

export const RUNS = { numRuns: 30 };
export const JSON_HEADERS = { 'content-type': 'application/json' };
export const MANUAL_PAYER = 'manual-commercial';

/** One request with exactly the given body bytes and headers (no content-type added). */
export function send(
  method: string,
  path: string,
  options: Omit<SendOptions, 'body'> & { body?: string | Uint8Array } = {},
): Promise<Reply> {
  const { body, ...rest } = options;
  return client().api(method, path, { ...rest, raw: body });
}

/**
 * `send`, except that a URL fetch refuses itself (invalid characters: nothing reached the API)
 * gives undefined; `reached` counts the requests that did.
 */
export async function sendIfValidUrl(
  reached: { count: number },
  method: string,
  path: string,
  options: Parameters<typeof send>[2] = {},
): Promise<Reply | undefined> {
  try {
    const answer = await send(method, path, options);
    reached.count++;
    return answer;
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** The contract of every answer: a 2xx, or a 4xx problem+json naming its status; never a 5xx. */
export function expectCleanAnswer(answer: Reply, label: string): void {
  const describeIt = `${label} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  expect(answer.status, describeIt).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.contentType, describeIt).toMatch(/^application\/problem\+json/);
    expect(answer.body.status, describeIt).toBe(answer.status);
    expect(typeof answer.body.title, describeIt).toBe('string');
  }
}

/** A clean answer that is a 4xx. */
export function expectRefused(answer: Reply, label: string): void {
  expectCleanAnswer(answer, label);
  expect(answer.status, `${label} -> ${answer.status}`).toBeGreaterThanOrEqual(400);
}

/** What a fuzzed act may have written: cases it created, writes to the watched case. */
export interface Writes {
  newCases: number;
  caseWrites: number;
}
export const NO_WRITES: Writes = { newCases: 0, caseWrites: 0 };

/**
 * Runs `act`, then proves it wrote no more than it says: the whole worklist (every page) holds
 * exactly the new cases, and the watched case's history is unchanged when nothing wrote to it.
 */
export async function withoutWrites(watchedCaseId: string, act: () => Promise<Writes>): Promise<void> {
  const history = async () => (await getCase(watchedCaseId)).history.length;
  const [cases, before] = await Promise.all([caseCount(), history()]);
  const { newCases, caseWrites } = await act();
  expect(await caseCount(), 'cases in the worklist').toBe(cases + newCases);
  if (caseWrites === 0) expect(await history(), `history of ${watchedCaseId}`).toBe(before);
}

export type Path = Array<string | number>;

/** Every path of a JSON value (objects and arrays included, the root excluded). */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

export function getAt(value: unknown, path: Path): unknown {
  return path.reduce<any>((v, key) => v?.[key], value);
}

export function setAt<T>(value: T, path: Path, replacement: unknown): T {
  const copy = structuredClone(value) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = replacement;
  return copy;
}

/** encodeURIComponent, except that a lone surrogate becomes the bytes of its invalid UTF-8 form. */
export function percentEncoded(value: string): string {
  return [...value]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff)
        return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
      return encodeURIComponent(ch);
    })
    .join('');
}

export function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, 'x', '', true, [], {}, [1, 'a'], { a: 1 }];
/** The values of another JSON type than `original`. */
export const wrongFor = (original: unknown) => WRONG_VALUES.filter((v) => kindOf(v) !== kindOf(original));

const ODD_STRINGS = [
  '\uD800',
  'a\uDC00b',
  '\u202Eevil\u202C',
  'مرحبا',
  'a\u0000b',
  '\u0000',
  '🧬💉',
  'e\u0301',
  '\uFEFF',
  '\u2028\u2029',
  'x'.repeat(10_000),
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '<script>alert(1)</script>',
  "'; DROP TABLE cases; --",
];
export const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', '\u0000', '\u202E', '🧬', 'a'), maxLength: 12 }),
);

/** Bytes that are not JSON: random text, truncated examples, invalid UTF-8, JSON with garbage. */
export function malformedJson(example: unknown) {
  const text = JSON.stringify(example);
  return fc
    .oneof(
      fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
      fc.integer({ min: 1, max: text.length - 1 }).map((n) => new TextEncoder().encode(text.slice(0, n))),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
      fc
        .constantFrom('{', '[', '{"a":}', "{'a':1}", '{"a":1,}', 'NaN', 'undefined', '\u0000')
        .map((s) => new TextEncoder().encode(s)),
      fc.json().map((j) => new TextEncoder().encode(`${j}}{`)),
    )
    .filter((bytes) => {
      try {
        JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
        return false;
      } catch {
        return true;
      }
    });
}

// Hostile inputs (issue 11): huge strings, Markdown metacharacters, page bombs, deep JSON.
export { encryptedPdf, inflationBomb, pageBomb, sharedTreeBomb } from '../unit/support/hostile-pdfs.ts';
/** `unit` repeated to `bytes` characters (64 KB of `_a` made marked's lexing quadratic). */
export const hugeString = (bytes: number, unit = '_a') => unit.repeat(Math.ceil(bytes / unit.length));
/** Every Markdown metacharacter a value could carry. */
export const MARKDOWN_METACHARACTERS = '_W123_ **bold** `c` [l](x) <b> | # - + 1. > ~~s~~ \\ ---';
/** A JSON array nested `depth` deep. */
export const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
