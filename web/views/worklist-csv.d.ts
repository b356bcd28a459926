// Types of worklist-csv.js for the unit test that imports it (the web app itself is plain JS).
export function csvCell(value: unknown): string;
export function toCsv(header: readonly unknown[], rows: ReadonlyArray<readonly unknown[]>): string;
export const CSV_HEADER: string[];
export function csvRow(item: Record<string, unknown>, assigneeName: string | undefined): unknown[];
export function downloadCsv(filename: string, text: string): void;
