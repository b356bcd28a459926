/**
 * Values and the CSV cells they make (RFC 4180 quoting; a cell a spreadsheet would run as a formula,
 * one starting with = + - @, a tab or a carriage return, neutralised with a leading apostrophe).
 * Both CSV exports give these: the worklist's, made in the browser (web/views/worklist-csv.js), and
 * the audit trail's (core/audit/export.ts).
 */
export const CSV_CELLS: ReadonlyArray<readonly [string | number | null | undefined, string]> = [
  ['plain', 'plain'],
  ['', ''],
  [null, ''],
  [undefined, ''],
  [42, '42'],
  ['a,b', '"a,b"'],
  ['say "hi"', '"say ""hi"""'],
  ['two\nlines', '"two\nlines"'],
  ['line\nbreak', '"line\nbreak"'],
  ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
  ['=SUM(A1)', "'=SUM(A1)"],
  ['=a,b', `"'=a,b"`],
  ['+1', "'+1"],
  ['-1', "'-1"],
  ['-2', "'-2"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['@cmd', "'@cmd"],
  ['\tTAB', "'\tTAB"],
  ['\tx', "'\tx"],
  ['\rCR', `"'\rCR"`],
  ['a=b', 'a=b'],
];
