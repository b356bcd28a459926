/**
 * The documents of a PAS request: a PAS DocumentReference for the packet PDF (the letter of
 * medical necessity with the enclosures) and one for each enclosed document, each carrying its
 * bytes inline (base64 `attachment.data`, with size and SHA-1 hash), and the Claim's
 * supportingInfo entries that point at them.
 *
 * Inline, not by URL: PASDocumentReference (Claim.fsh) requires `content.attachment.data` 1..1
 * and forbids `content.attachment.url` (0..0), and the AdditionalInformation slice takes no
 * plain US Core DocumentReference, so PAS gives a payer no fetch-by-URL for the request's
 * documents. A Bundle carrying the request's limit inline (20 attachments of 25 MB, and the
 * packet that repeats them) would outgrow what one JSON document, the submitting function's
 * memory and a payer's endpoint take; so the documents are inlined in order (the packet first:
 * it holds everything) while their bytes fit INLINE_DOCUMENT_BYTES, and those that do not fit are
 * named in a free-form message (PAS's MessageText slice) for the payer to ask for, as PAS's
 * additional-information exchange (CDex) lets it. The Bundle itself goes through S3 (the
 * submission step reads it there), never through the state machine.
 */
import { createHash } from 'node:crypto';
import { coding, PAS, PAS_PROFILES, type PasContext, type Resource, SYSTEMS } from './fhir.ts';
import type * as fhir4 from './fhir-r4.ts';

/**
 * The document bytes one Bundle carries inline at most: 10 MiB, about 14 MiB of JSON. The
 * submission step (256 MB) holds the Bundle about four times at once (the bytes read from S3,
 * the text, the parsed object, the body it posts), so this keeps it well inside its memory.
 */
export const INLINE_DOCUMENT_BYTES = 10 * 1024 * 1024;

const CLINICAL_NOTE = () => [coding(SYSTEMS.documentCategory, 'clinical-note', 'Clinical Note')];

/**
 * PWK01 (X12 element 755) report type of every document: PY "Physician's Report", the code of
 * the IG's own example (Examples.fsh, ReferralAuthorizationExample, a procedure note). A code per
 * document kind (pathology, imaging...) needs X12's code list 755, licensed and not in
 * reference/: UNVERIFIED until checked there.
 */
const REPORT_TYPE = () => coding(SYSTEMS.x12(755), 'PY', "Physician's Report");
/** PWK02 (X12 element 756) EL "Electronically Only", as in the IG's example: the data is inline. */
const TRANSMISSION_METHOD = () => coding(SYSTEMS.x12(756), 'EL', 'Electronically Only');

interface DocumentSource {
  name: string;
  title: string;
  kind: string;
  pdf: Uint8Array;
  description: string;
  packet: boolean;
}

export interface PasDocuments {
  resources: fhir4.DocumentReference[];
  /** The titles of the documents left out for size, in request order. */
  notEnclosed: string[];
}

function documentSources({ input }: PasContext): DocumentSource[] {
  const packet: DocumentSource[] =
    input.packetDocumentId && input.packetPdf
      ? [
          {
            name: 'document:packet',
            title: 'Prior authorization packet',
            kind: 'Letter of medical necessity and prior authorization request',
            pdf: input.packetPdf,
            description:
              'Prior-authorization packet: letter of medical necessity with the enclosed clinical documents',
            packet: true,
          },
        ]
      : [];
  const enclosures = input.attachments.map((attachment, i) => {
    const kind = input.request.attachments.find((a) => a.title === attachment.title)?.kind;
    return {
      name: `document:enclosure:${i}`,
      title: attachment.title,
      kind: kind ? kind.replaceAll('_', ' ') : 'clinical document',
      pdf: attachment.pdf,
      description: `Enclosure ${i + 1} of the prior-authorization packet: ${attachment.title}`,
      packet: false,
    };
  });
  return [...packet, ...enclosures];
}

export function documentResources(
  context: PasContext,
  related: { patient: Resource; requestor: Resource },
): PasDocuments {
  const { input, id, ref, created } = context;
  const { packetDocumentId } = input;
  let budget = input.inlineBudgetBytes ?? INLINE_DOCUMENT_BYTES;
  const resources: fhir4.DocumentReference[] = [];
  const notEnclosed: string[] = [];
  for (const source of documentSources(context)) {
    if (source.pdf.byteLength > budget) {
      notEnclosed.push(source.title);
      continue;
    }
    budget -= source.pdf.byteLength;
    const packetIdentifier = { system: SYSTEMS.documentId, value: packetDocumentId ?? '' };
    resources.push({
      resourceType: 'DocumentReference',
      id: id(source.name),
      meta: { profile: [PAS_PROFILES.documentReference] },
      ...(source.packet ? { identifier: [packetIdentifier] } : {}),
      status: 'current',
      // US Core's type binding (LOINC document codes or 'unknown'): no LOINC code per kind is
      // verified here, so 'unknown' with the kind as text.
      type: { ...coding(SYSTEMS.nullFlavor, 'UNK', 'unknown'), text: source.kind },
      category: CLINICAL_NOTE(),
      subject: ref(related.patient),
      date: created,
      ...(source.packet ? { author: [ref(related.requestor)] } : {}),
      description: source.description,
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            data: Buffer.from(source.pdf.buffer, source.pdf.byteOffset, source.pdf.byteLength).toString(
              'base64',
            ),
            title: source.title,
            size: source.pdf.byteLength,
            hash: createHash('sha1').update(source.pdf).digest('base64'),
          },
        },
      ],
      ...(!source.packet && packetDocumentId
        ? { context: { related: [{ identifier: packetIdentifier }] } }
        : {}),
    });
  }
  return { resources, notEnclosed };
}

/**
 * The Claim's supportingInfo: one AdditionalInformation entry per document, with its required
 * documentInformation extension (PWK01 report type, PWK02 transmission method), and one
 * MessageText entry naming the documents not enclosed, if any.
 */
export function supportingInfo({ ref }: PasContext, documents: PasDocuments): fhir4.ClaimSupportingInfo[] {
  const entries: fhir4.ClaimSupportingInfo[] = documents.resources.map((doc, i) => ({
    extension: [
      {
        url: `${PAS}/extension-documentInformation`,
        extension: [
          { url: 'reportTypeCode', valueCodeableConcept: REPORT_TYPE() },
          { url: 'transmissionMethod', valueCodeableConcept: TRANSMISSION_METHOD() },
          ...(doc.content[0]?.attachment.title
            ? [{ url: 'description', valueString: doc.content[0].attachment.title }]
            : []),
        ],
      },
    ],
    sequence: i + 1,
    category: coding(SYSTEMS.pasTempCodes, 'additionalInformation', 'Additional Information'),
    valueReference: ref(doc),
  }));
  if (documents.notEnclosed.length > 0) {
    entries.push({
      sequence: entries.length + 1,
      category: coding(SYSTEMS.pasTempCodes, 'freeFormMessage', 'Free Form Message'),
      valueString: `Not enclosed in this request for size, available from the requestor: ${documents.notEnclosed
        .map((title) => `"${title}"`)
        .join(', ')}.`,
    });
  }
  return entries;
}
