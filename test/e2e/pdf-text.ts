/** A PDF's text as pdf-parse reads it, whitespace collapsed: what the e2e tests assert a letter says. */
import { PDFParse } from 'pdf-parse';

export async function pdfTextOf(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}
