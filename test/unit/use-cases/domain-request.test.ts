import { describe, expect, it } from 'vitest';
import { createCase, domainRequest } from '#core/case/create-case.ts';
import { exampleRequest, NOW, PAYER } from './support.ts';

describe('domainRequest', () => {
  it('gives the stored request back as the domain takes it, attachments left in the document store', () => {
    // Prepare
    const request = exampleRequest();
    const stored = [
      { kind: 'progress_note', title: 'Note', contentType: 'application/pdf', s3Key: 'k', bytes: 3 },
    ];
    const { record } = createCase({
      organizationId: 'default',
      caseId: 'pa_1',
      request,
      attachments: stored,
      payer: PAYER,
      at: NOW,
    });

    // Act
    const domain = domainRequest(record);

    // Assess
    expect(domain).toEqual({ ...request, attachments: [] });
    expect(record.request.attachments).toEqual(stored);
  });
});
