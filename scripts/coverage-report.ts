/**
 * Prints the line coverage per folder from coverage/coverage-summary.json, which `vitest --coverage`
 * writes (npm test). The thresholds themselves are enforced by vitest (vitest.config.ts).
 */
import { readFileSync } from 'node:fs';
import { byFolder, printTable } from './folder-table.ts';

interface FileSummary {
  lines: { total: number; covered: number };
}

const summaryFile = new URL('../coverage/coverage-summary.json', import.meta.url);
const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, FileSummary>;
const files = Object.entries(summary)
  .filter(([file]) => file !== 'total')
  .map(([file, s]): [string, { hit: number; of: number }] => [
    file,
    { hit: s.lines.covered, of: s.lines.total },
  ]);
printTable(
  'Line coverage per folder (in-process tests; the local stack child process is not measured)',
  byFolder(files),
  'lines',
);
