/**
 * X12 segments from a stream, in flat memory: the ISA's first 106 characters give the element
 * separator (ISA04's position), the sub-element separator (ISA16) and the segment terminator;
 * every later chunk is cut on the terminator and only an unfinished segment is carried over.
 * node-x12's own stream (X12Parser as a Transform) re-reads the separators from the start of every
 * chunk once the ISA is behind it, so a file longer than one chunk is mis-split; hence this
 * tokenizer, with node-x12 kept for building and for whole-document parsing.
 */
import { ValidationError } from '#core/errors.ts';

export interface Segment {
  tag: string;
  /** elements[0] is the tag; elements[1] is the first element (X12's numbering). */
  elements: string[];
  /** 1-based position of the segment in the file. */
  position: number;
}

/** Bytes or text in pieces: a Node stream, an S3 body, a buffer cut in chunks. */
export type TextSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface Separators {
  element: string;
  subElement: string;
  segment: string;
}

/** ISA is fixed-length: 106 characters with its terminator. */
const ISA_LENGTH = 106;
const TAG = /^[A-Z][A-Z0-9]{1,2}$/;

export function malformed(position: number, tag: string, message: string): ValidationError {
  const at = `segment ${position} (${tag})`;
  return new ValidationError(`the 835 is malformed at ${at}: ${message}`, [{ path: at, message }]);
}

function separatorsOf(isa: string): Separators {
  const element = isa.charAt(3);
  const segment = isa.charAt(ISA_LENGTH - 1);
  const subElement = isa.charAt(ISA_LENGTH - 2);
  const fields = isa.slice(0, ISA_LENGTH - 1).split(element);
  if (
    !isa.startsWith('ISA') ||
    fields.length !== 17 ||
    /[A-Za-z0-9\s]/.test(element + segment + subElement)
  ) {
    throw malformed(1, 'ISA', 'not an ISA header of 106 characters (separators at positions 4, 105 and 106)');
  }
  return { element, subElement, segment };
}

/** The segments of an X12 stream, one at a time, with the separators its ISA declares. */
export async function* readSegments(
  source: TextSource,
  onSeparators?: (separators: Separators) => void,
): AsyncGenerator<Segment> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let separators: Separators | undefined;
  let position = 0;
  const cut = function* (text: string, final: boolean): Generator<Segment> {
    if (!separators) return;
    const pieces = text.split(separators.segment);
    pending = final ? '' : (pieces.pop() ?? '');
    for (const piece of pieces) {
      const raw = piece.trim();
      if (raw === '') continue;
      position += 1;
      const elements = raw.split(separators.element);
      const tag = elements[0] ?? '';
      if (!TAG.test(tag)) throw malformed(position, tag.slice(0, 3) || '?', 'not a segment tag');
      yield { tag, elements, position };
    }
  };
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (!separators) {
      const start = pending.trimStart();
      if (start.length < ISA_LENGTH) continue;
      separators = separatorsOf(start);
      onSeparators?.(separators);
      pending = start;
    }
    yield* cut(pending, false);
  }
  pending += decoder.decode();
  if (!separators) {
    if (pending.trim() === '') throw malformed(1, 'ISA', 'the file is empty');
    separators = separatorsOf(pending.trimStart());
    onSeparators?.(separators);
    pending = pending.trimStart();
  }
  yield* cut(pending, true);
}
