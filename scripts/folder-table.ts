/**
 * Groups per-file figures by folder for the coverage and mutation summaries: one row per sub-domain
 * of lambdas/core, one per other lambdas/ folder, one per top-level folder (lib, bin), and a total.
 */
import { relative, sep } from 'node:path';

export interface Tally {
  /** What counts for the figure (covered lines, killed mutants). */
  hit: number;
  /** What it is out of (lines, mutants that count for the score). */
  of: number;
}

const root = new URL('..', import.meta.url).pathname;

/** `lambdas/core/billing/coding.ts` → `lambdas/core/billing`; `lambdas/core/ids.ts` → `lambdas/core/*.ts`. */
export function folderOf(file: string): string {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'lambdas' && parts[1] === 'core') {
    return parts.length > 3 ? `lambdas/core/${parts[2]}` : 'lambdas/core/*.ts';
  }
  if (parts[0] === 'lambdas' && parts.length > 2) return `lambdas/${parts[1]}`;
  return parts.length > 1 ? (parts[0] ?? file) : '.';
}

/** Adds each file's tally into its folder's, in folder order, with `lambdas/core` (all of it) and a total. */
export function byFolder(files: Iterable<[file: string, tally: Tally]>): Map<string, Tally> {
  const rows = new Map<string, Tally>();
  const add = (key: string, t: Tally) => {
    const row = rows.get(key) ?? { hit: 0, of: 0 };
    row.hit += t.hit;
    row.of += t.of;
    rows.set(key, row);
  };
  for (const [file, tally] of files) {
    const folder = folderOf(file);
    add(folder, tally);
    if (folder.startsWith('lambdas/core')) add('lambdas/core (all)', tally);
    add('total', tally);
  }
  return new Map([...rows].sort(([a], [b]) => (a === 'total' ? 1 : b === 'total' ? -1 : a.localeCompare(b))));
}

export function percent({ hit, of }: Tally): string {
  return of === 0 ? 'n/a' : `${((100 * hit) / of).toFixed(1)} %`;
}

/** Prints `folder  figure  hit/of` as an aligned table under a title. */
export function printTable(title: string, rows: Map<string, Tally>, unit: string): void {
  const width = Math.max(...[...rows.keys()].map((k) => k.length));
  console.log(`\n${title}`);
  for (const [folder, tally] of rows) {
    console.log(`  ${folder.padEnd(width)}  ${percent(tally).padStart(7)}  ${tally.hit}/${tally.of} ${unit}`);
  }
}
