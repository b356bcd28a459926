/**
 * The worklist's CSV export (web/views/worklist-csv.js): RFC 4180 quoting, and a cell a
 * spreadsheet would run as a formula neutralised with a leading apostrophe.
 */
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvCell, csvRow, toCsv } from '../../../web/views/worklist-csv.js';
import { CSV_CELLS } from '../support/csv-cells.ts';

describe('csvCell', () => {
  it.each(CSV_CELLS)('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('toCsv and csvRow', () => {
  it('writes the header and one line per row, CRLF, the assignee by name', () => {
    const item = {
      caseId: 'pa_1',
      patient: { id: 'MRN-1', name: 'Rivera, Dana' },
      status: 'SUBMITTED',
      priority: 'standard',
      payer: { id: 'p', name: 'Payer' },
      dueAt: '2026-12-04T05:00:00.000Z',
      verdict: 'meets_label',
      flags: ['DECISION_OVERDUE', 'STUCK'],
      assigneeId: 'usr_a',
      updatedAt: '2026-12-01T05:00:00.000Z',
    };
    const csv = toCsv(CSV_HEADER, [csvRow(item, 'Avery'), csvRow({ ...item, assigneeId: null }, undefined)]);
    expect(csv.split('\r\n')).toEqual([
      CSV_HEADER.join(','),
      'pa_1,MRN-1,"Rivera, Dana",SUBMITTED,standard,Payer,p,2026-12-04T05:00:00.000Z,meets_label,DECISION_OVERDUE STUCK,Avery,2026-12-01T05:00:00.000Z',
      'pa_1,MRN-1,"Rivera, Dana",SUBMITTED,standard,Payer,p,2026-12-04T05:00:00.000Z,meets_label,DECISION_OVERDUE STUCK,,2026-12-01T05:00:00.000Z',
      '',
    ]);
  });
});
