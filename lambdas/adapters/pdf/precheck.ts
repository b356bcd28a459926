/**
 * A PDF from outside is checked with bounded work before pdf-lib loads it: pdf-lib's cost grows
 * with what a file claims (a 120 KB file claiming 20,000 pages took 15 s to copy, a 261 KB one
 * 332 MB to load), so the claims are read first by a linear scan with fixed budgets:
 * size, the header, encryption, the bytes that object streams decompress to, and the page count
 * from a walk of the page tree that counts every visit (shared or cyclic Kids cannot multiply it).
 */
import { inflateSync } from 'node:zlib';
import { LIMITS } from '#schemas/limits.ts';

export const PDF_BUDGET = {
  bytes: LIMITS.attachmentBytes,
  pages: LIMITS.attachmentPages,
  /** Bytes all object streams together may inflate to. */
  inflatedBytes: 64 * 1024 * 1024,
  objectStreams: 10_000,
  /** Page-tree nodes visited (pages and intermediate nodes). */
  treeVisits: 4 * LIMITS.attachmentPages,
  treeDepth: 64,
} as const;

/** Why a PDF is refused, in words for the 400's message; null when it may be loaded. */
export function pdfPrecheck(bytes: Uint8Array): string | null {
  if (bytes.length > PDF_BUDGET.bytes) return `is larger than ${PDF_BUDGET.bytes / 1024 / 1024} MB`;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!text.slice(0, 1024).includes('%PDF-')) return 'is not a PDF';
  if (/\/Encrypt\b/.test(text)) return 'is encrypted';
  const objects = indexObjects(text);
  if (typeof objects === 'string') return objects;
  const pages = countPages(text, objects);
  if (typeof pages === 'string') return pages;
  if (pages === 0) return 'has no pages';
  if (pages > PDF_BUDGET.pages) return `has more than ${PDF_BUDGET.pages} pages`;
  return null;
}

const OBJECT = /(\d+)\s+\d+\s+obj\b/g;

/** Object number -> its text (up to the next object), from the file and its object streams. */
function indexObjects(text: string): Map<number, string> | string {
  const objects = new Map<number, string>();
  const starts = [...text.matchAll(OBJECT)];
  starts.forEach((m, i) => {
    const end = starts[i + 1]?.index ?? text.length;
    objects.set(Number(m[1]), text.slice(m.index + m[0].length, end));
  });
  let inflated = 0;
  let streams = 0;
  for (const body of [...objects.values()]) {
    if (!/\/Type\s*\/ObjStm\b/.test(body)) continue;
    if (++streams > PDF_BUDGET.objectStreams) return 'has too many object streams';
    const data = streamData(body);
    if (data === undefined) continue;
    let plain: string;
    try {
      const budget = PDF_BUDGET.inflatedBytes - inflated;
      plain = /\/FlateDecode\b/.test(body)
        ? inflateSync(data, { maxOutputLength: Math.max(1, budget) }).toString('latin1')
        : data.toString('latin1');
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        return 'decompresses to too many bytes';
      continue; // a broken stream: pdf-lib decides whether the file is readable
    }
    inflated += plain.length;
    if (inflated > PDF_BUDGET.inflatedBytes) return 'decompresses to too many bytes';
    const first = Number(/\/First\s+(\d+)/.exec(body)?.[1] ?? Number.NaN);
    if (!Number.isFinite(first)) continue;
    const header = plain.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i + 1 < header.length; i += 2) {
      const start = first + (header[i + 1] ?? 0);
      const end = i + 3 < header.length ? first + (header[i + 3] ?? 0) : plain.length;
      objects.set(header[i] ?? -1, plain.slice(start, end));
    }
  }
  return objects;
}

function streamData(body: string): Buffer | undefined {
  const start = /stream\r?\n/.exec(body);
  if (!start) return undefined;
  const from = start.index + start[0].length;
  const to = body.lastIndexOf('endstream');
  return Buffer.from(body.slice(from, to < from ? body.length : to), 'latin1');
}

const ref = (dict: string | undefined, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict ?? '');
  return m ? Number(m[1]) : undefined;
};

/** Pages reached from the catalog's page tree, every visit counted; or why the tree is refused. */
function countPages(text: string, objects: Map<number, string>): number | string {
  const trailerRoot = [...text.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1]));
  const rootNumber = trailerRoot.at(-1);
  const pagesNumber = rootNumber === undefined ? undefined : ref(objects.get(rootNumber), 'Pages');
  if (pagesNumber === undefined) return 'is not a readable PDF (no page tree)';
  let visits = 0;
  let pages = 0;
  const stack: Array<{ n: number; depth: number }> = [{ n: pagesNumber, depth: 0 }];
  while (stack.length > 0) {
    const { n, depth } = stack.pop() as { n: number; depth: number };
    if (++visits > PDF_BUDGET.treeVisits) return `has more than ${PDF_BUDGET.pages} pages`;
    if (depth > PDF_BUDGET.treeDepth) return 'has a page tree nested too deep';
    const body = objects.get(n) ?? '';
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body);
    if (!kids || /\/Type\s*\/Page\b(?!s)/.test(body)) {
      pages += 1;
      continue;
    }
    for (const k of (kids[1] ?? '').matchAll(/(\d+)\s+\d+\s+R/g)) {
      stack.push({ n: Number(k[1]), depth: depth + 1 });
      if (stack.length > PDF_BUDGET.treeVisits) return `has more than ${PDF_BUDGET.pages} pages`;
    }
  }
  return pages;
}
