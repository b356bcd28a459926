/**
 * An attachment must be a PDF we can merge into the packet; a bad one is refused at the door
 * (with its field named) rather than failing the workflow later.
 */
import { PDFDocument } from 'pdf-lib';
import type { FieldError } from '#core/errors.ts';
import { pdfPrecheck } from './precheck.ts';

export async function unreadablePdfs(
  attachments: Array<{ data: string }>,
  path = 'attachments',
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [index, attachment] of attachments.entries()) {
    const bytes = Buffer.from(attachment.data, 'base64');
    // pdf-lib only once the bounded pre-check has passed.
    const refused = pdfPrecheck(bytes);
    if (refused) {
      errors.push({ path: `${path}.${index}.data`, message: `the PDF ${refused}` });
      continue;
    }
    try {
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      if (pdf.getPageCount() === 0) throw new Error('no pages');
    } catch {
      errors.push({
        path: `${path}.${index}.data`,
        message: 'is not a readable, unencrypted PDF with at least one page',
      });
    }
  }
  return errors;
}
