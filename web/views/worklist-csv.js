// "Export CSV" of the worklist as shown: the rows of the current filter, in the current order,
// made in the browser (nothing leaves it). A cell that a spreadsheet would read as a formula
// (starting with = + - @, or a tab or carriage return) gets a leading ' (CSV injection).

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field (RFC 4180): formula-neutralised, quoted when it holds a quote, comma or line break. */
export function csvCell(value) {
  let text = value === undefined || value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `rows` (arrays of values) under `header`, CRLF line ends. */
export function toCsv(header, rows) {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export const CSV_HEADER = [
  'Case id',
  'Patient id',
  'Patient name',
  'Status',
  'Priority',
  'Payer',
  'Payer id',
  'Deadline',
  'Assessment',
  'Flags',
  'Assignee',
  'Updated',
];

/** A worklist item as a CSV row, the assignee by name when the team list knows them. */
export function csvRow(item, assigneeName) {
  return [
    item.caseId,
    item.patient?.id,
    item.patient?.name,
    item.status,
    item.priority,
    item.payer?.name,
    item.payer?.id,
    item.dueAt,
    item.verdict,
    (item.flags ?? []).join(' '),
    item.assigneeId ? (assigneeName ?? item.assigneeId) : '',
    item.updatedAt,
  ];
}

/** Saves `text` as a file the browser downloads. */
export function downloadCsv(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
