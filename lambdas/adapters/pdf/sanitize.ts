/**
 * No active content leaves the system: JavaScript, OpenAction, Launch and additional actions
 * (AA) are removed from every PDF we write, including the pages copied from attachments.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFName, type PDFObject } from 'pdf-lib';

const ACTION_KEYS = ['JS', 'JavaScript', 'OpenAction', 'AA'].map((k) => PDFName.of(k));
const ACTIVE_ACTIONS = new Set([
  '/JavaScript',
  '/Launch',
  '/ImportData',
  '/SubmitForm',
  '/ResetForm',
  '/Rendition',
]);
const MAX_DEPTH = 32;

function scrub(value: PDFObject | undefined, depth: number): void {
  if (depth > MAX_DEPTH || value === undefined) return;
  if (value instanceof PDFArray) {
    for (let i = 0; i < value.size(); i++) scrub(value.get(i), depth + 1);
    return;
  }
  if (!(value instanceof PDFDict)) return;
  for (const key of ACTION_KEYS) value.delete(key);
  const action = value.get(PDFName.of('A'));
  const kind = action instanceof PDFDict ? action.get(PDFName.of('S')) : undefined;
  if (kind && ACTIVE_ACTIONS.has(kind.toString())) value.delete(PDFName.of('A'));
  // A Next chain or the action dict itself (an indirect /S /JavaScript object) loses its script too.
  if (ACTIVE_ACTIONS.has(value.get(PDFName.of('S'))?.toString() ?? '')) value.delete(PDFName.of('S'));
  for (const [, child] of value.entries()) scrub(child, depth + 1);
}

/** Removes scripts and launch actions from every object of the document, in place. */
export function removeActiveContent(doc: PDFDocument): PDFDocument {
  for (const [, object] of doc.context.enumerateIndirectObjects()) scrub(object, 0);
  return doc;
}
