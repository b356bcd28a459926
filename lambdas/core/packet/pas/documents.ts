/**
 * The documents of a PAS request: a DocumentReference for the packet and one for each enclosed
 * document, with metadata only (size and SHA-1 hash, no base64 data).
 */
import { createHash } from 'node:crypto';
import { coding, PAS_PROFILES, type PasContext, type Resource, SYSTEMS } from './fhir.ts';

const CLINICAL_NOTE = () => [coding(SYSTEMS.documentCategory, 'clinical-note', 'Clinical Note')];

export function documentResources(
  { input, id, ref, created }: PasContext,
  related: { patient: Resource; requestor: Resource },
): Resource[] {
  const { packetDocumentId } = input;
  const packet: Resource[] = packetDocumentId
    ? [
        {
          resourceType: 'DocumentReference',
          id: id('document:packet'),
          meta: { profile: [PAS_PROFILES.documentReference] },
          identifier: [{ system: SYSTEMS.documentId, value: packetDocumentId }],
          status: 'current',
          type: { text: 'Letter of medical necessity and prior authorization request' },
          category: CLINICAL_NOTE(),
          subject: ref(related.patient),
          date: created,
          author: [ref(related.requestor)],
          description:
            'Prior-authorization packet: letter of medical necessity with the enclosed clinical documents',
          content: [{ attachment: { contentType: 'application/pdf', title: 'Prior authorization packet' } }],
        },
      ]
    : [];
  const enclosures: Resource[] = input.attachments.map((attachment, i) => {
    const kind = input.request.attachments.find((a) => a.title === attachment.title)?.kind;
    return {
      resourceType: 'DocumentReference',
      id: id(`document:enclosure:${i}`),
      meta: { profile: [PAS_PROFILES.documentReference] },
      status: 'current',
      type: { text: kind ? kind.replaceAll('_', ' ') : 'clinical document' },
      category: CLINICAL_NOTE(),
      subject: ref(related.patient),
      date: created,
      description: `Enclosure ${i + 1} of the prior-authorization packet: ${attachment.title}`,
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            title: attachment.title,
            size: attachment.pdf.byteLength,
            hash: createHash('sha1').update(attachment.pdf).digest('base64'),
          },
        },
      ],
      ...(packetDocumentId
        ? { context: { related: [{ identifier: { system: SYSTEMS.documentId, value: packetDocumentId } }] } }
        : {}),
    };
  });
  return [...packet, ...enclosures];
}
