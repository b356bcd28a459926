/**
 * Tenancy through the use cases on the in-memory twins, with two organizations: a case belongs to
 * the organization its caller acts for, and every read or change under it from another
 * organization is a 404 that names the owner for the audit trail (ForeignOrganizationError).
 */
import { describe, expect, it } from 'vitest';
import { documentKey, organizationUploadKey } from '#core/case/storage-keys.ts';
import { NotFoundError, ValidationError } from '#core/errors.ts';
import { OPERATOR, type Principal } from '#core/identity/claims.ts';
import { ForeignOrganizationError } from '#core/identity/tenancy.ts';
import { AdministrationInput } from '#schemas/administration.ts';
import { ClaimInput } from '#schemas/claim.ts';
import { ContinuationInput } from '#schemas/continuation.ts';
import administrationJson from '#schemas/examples/administration.json' with { type: 'json' };
import claimJson from '#schemas/examples/claim.json' with { type: 'json' };
import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { claimFromRecordedAdministration } from '#use-cases/claim-from-administration.ts';
import { createUpload } from '#use-cases/create-upload.ts';
import { readCase } from '#use-cases/read-case.ts';
import { readClaimFile } from '#use-cases/read-claim-file.ts';
import { readDocument } from '#use-cases/read-document.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { recordAdministration } from '#use-cases/record-administration.ts';
import { requestContinuation } from '#use-cases/request-continuation.ts';
import { submitClaim } from '#use-cases/submit-claim.ts';
import { submitToPayer } from '#use-cases/submit-to-payer.ts';
import { sweep } from '#use-cases/sweep.ts';
import { authorization } from '../support/appeal-case.ts';
import { member } from '../support/members.ts';
import { exampleRequest, type World, world } from '../use-cases/support.ts';

const ACME = member('acme', 'admin');
const BETA = member('beta', 'admin');

async function twoOrganizations(): Promise<World> {
  const w = world();
  for (const id of ['acme', 'beta'])
    await w.identity.putOrganization({ id, name: id, createdAt: '2026-03-01T00:00:00.000Z' });
  return w;
}

const create = async (w: World, caller: Principal, organizationId?: string, idempotencyKey?: string) =>
  receivePriorAuth(
    {
      caller,
      request: exampleRequest(organizationId ? { organizationId } : {}),
      rawBody: '{}',
      ...(idempotencyKey ? { idempotencyKey } : {}),
    },
    w,
  );

describe('receivePriorAuth in an organization', () => {
  it("puts a caller's case in its own organization, the operator's in default or the one it names", async () => {
    // Prepare
    const w = await twoOrganizations();

    // Act
    const ofAcme = await create(w, ACME);
    const ofAcmeNamed = await create(w, ACME, 'acme');
    const ofOperator = await create(w, OPERATOR);
    const forBeta = await create(w, OPERATOR, 'beta');

    // Assess
    const organizationOf = async (caseId: string) => (await w.cases.requireCase(caseId)).organizationId;
    expect(await organizationOf(ofAcme.caseId)).toBe('acme');
    expect(await organizationOf(ofAcmeNamed.caseId)).toBe('acme');
    expect(await organizationOf(ofOperator.caseId)).toBe('default');
    expect(await organizationOf(forBeta.caseId)).toBe('beta');
    expect((await readCase(OPERATOR, forBeta.caseId, w)).organizationId).toBe('beta');
  });

  it.each([
    ['a caller naming another organization', ACME, 'beta'],
    ['a caller naming default', ACME, 'default'],
    ['the operator naming an organization that does not exist', OPERATOR, 'gamma'],
  ])('refuses %s with a 400 naming organizationId, nothing written', async (_, caller, organizationId) => {
    // Prepare
    const w = await twoOrganizations();

    // Act
    const refused = await create(w, caller, organizationId).catch((e: unknown) => e);

    // Assess
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      { path: 'organizationId', message: `no organization ${organizationId}` },
    ]);
    expect(w.cases.items.size).toBe(0);
    expect(w.workflows.starts).toEqual([]);
  });

  it('keeps the same Idempotency-Key of two organizations apart: two cases', async () => {
    // Prepare
    const w = await twoOrganizations();

    // Act
    const ofAcme = await create(w, ACME, undefined, 'same-key');
    const ofBeta = await create(w, BETA, undefined, 'same-key');
    const replay = await create(w, ACME, undefined, 'same-key');

    // Assess
    expect(ofBeta.caseId).not.toBe(ofAcme.caseId);
    expect(replay).toMatchObject({ caseId: ofAcme.caseId, replayed: true });
  });

  it("refuses an attachment naming another organization's upload as an unknown upload", async () => {
    // Prepare
    const w = await twoOrganizations();
    const uploadId = 'up_00000000000000000000000099';
    await w.documents.put(
      organizationUploadKey('acme', uploadId),
      new Uint8Array([37, 80, 68, 70]),
      'application/pdf',
    );
    const request = exampleRequest({
      attachments: [{ kind: 'clinical_document', title: 'CT', contentType: 'application/pdf', uploadId }],
    });

    // Act
    const refused = await receivePriorAuth({ caller: BETA, request, rawBody: '{}' }, w).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors[0]?.path).toBe('attachments.0.uploadId');
    expect((refused as ValidationError).errors[0]?.message).toContain('names no upload');
  });
});

describe('createUpload in an organization', () => {
  it("stores an upload under its organization's folder, and refuses naming another organization", async () => {
    // Prepare
    const w = await twoOrganizations();
    const request = { contentType: 'application/pdf' as const, title: 'CT' };

    // Act
    const ofAcme = await createUpload(ACME, request, w);
    const forBeta = await createUpload(OPERATOR, request, w, 'beta');
    const pdf = { method: 'PUT', body: new Uint8Array([37, 80, 68, 70]), contentType: 'application/pdf' };
    const puts = await Promise.all([
      w.documents.transfer(ofAcme.url, pdf),
      w.documents.transfer(forBeta.url, pdf),
    ]);
    const refused = await createUpload(ACME, request, w, 'beta').catch((e: unknown) => e);

    // Assess
    expect(puts.map((p) => p.status)).toEqual([200, 200]);
    expect(w.documents.objects.has(organizationUploadKey('acme', ofAcme.uploadId))).toBe(true);
    expect(w.documents.objects.has(organizationUploadKey('beta', forBeta.uploadId))).toBe(true);
    expect(refused).toBeInstanceOf(NotFoundError);
  });
});

describe('reads and changes under a case of another organization', () => {
  it('answers 404 naming the owner for the audit trail; its own organization and the operator see it', async () => {
    // Prepare
    const w = await twoOrganizations();
    const { caseId } = await create(w, ACME);

    // Act
    const foreign = await readCase(BETA, caseId, w).catch((e: unknown) => e);
    const own = await readCase(ACME, caseId, w);
    const operator = await readCase(OPERATOR, caseId, w);

    // Assess
    expect(foreign).toBeInstanceOf(ForeignOrganizationError);
    expect(foreign).toMatchObject({
      statusCode: 404,
      message: `case ${caseId} not found`,
      ownerOrganizationId: 'acme',
      resource: { caseId },
    });
    expect(own.caseId).toBe(caseId);
    expect(operator.organizationId).toBe('acme');
  });

  it('refuses a claim, an administration and a claim from it on a case of another organization, nothing written', async () => {
    // Prepare
    const w = await twoOrganizations();
    const { caseId } = await create(w, ACME);
    const before = w.cases.items.size;
    const claim = ClaimInput.parse(claimJson);
    const administration = AdministrationInput.parse(administrationJson);

    // Act
    const outcomes = await Promise.all([
      submitClaim(BETA, caseId, claim, w).catch((e: unknown) => e),
      recordAdministration(BETA, caseId, administration, w).catch((e: unknown) => e),
      claimFromRecordedAdministration(BETA, caseId, 'adm_1', {}, w).catch((e: unknown) => e),
    ]);

    // Assess
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(ForeignOrganizationError);
    expect(w.cases.items.size).toBe(before);
  });

  it("answers 404 for another organization's claim file, and the owner's claim ref carries its organization", async () => {
    // Prepare
    const w = await twoOrganizations();
    const { caseId } = await create(w, ACME);
    const address = { line1: '100 Synthetic Way', city: 'Springfield', state: 'IL', postalCode: '62701' };
    const claim = ClaimInput.parse({
      ...claimJson,
      billingProvider: { taxId: '123456789', address },
      patientAddress: address,
    });
    await submitClaim(ACME, caseId, claim, w);

    // Act
    const foreign = await readClaimFile(BETA, claim.claimId, w).catch((e: unknown) => e);
    const own = await readClaimFile(ACME, claim.claimId, w);

    // Assess
    expect(foreign).toBeInstanceOf(ForeignOrganizationError);
    expect(foreign).toMatchObject({
      message: `claim ${claim.claimId} not found`,
      resource: { claimId: claim.claimId },
    });
    expect(own.caseId).toBe(caseId);
    expect((await w.cases.findClaim(claim.claimId))?.organizationId).toBe('acme');
  });

  it("answers 404 for another organization's document, as for one that does not exist", async () => {
    // Prepare
    const w = await twoOrganizations();
    const { caseId } = await create(w, ACME);
    const meta = {
      documentId: 'doc_acme',
      kind: 'packet' as const,
      contentType: 'application/pdf',
      bytes: 4,
      caseId,
      s3Key: documentKey(caseId, 'doc_acme'),
    };
    await w.documents.put(meta.s3Key, new Uint8Array([37, 80, 68, 70]), 'application/pdf');
    await w.cases.updateCase(caseId, (c) => ({ next: c, history: [], documents: [meta] }));

    // Act
    const foreign = await readDocument(BETA, meta.documentId, w).catch((e: unknown) => e);
    const missing = await readDocument(BETA, 'doc_none', w).catch((e: unknown) => e);
    const own = await readDocument(ACME, meta.documentId, w);

    // Assess
    expect(foreign).toBeInstanceOf(ForeignOrganizationError);
    expect(foreign).toMatchObject({ message: 'document doc_acme not found', ownerOrganizationId: 'acme' });
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(own.meta.organizationId).toBe('acme');
  });
});

describe('the sweep across organizations', () => {
  it("flags an overdue payer decision of every organization's case, not only default's", async () => {
    // Prepare
    const w = await twoOrganizations();
    const caseIds = [
      (await create(w, ACME)).caseId,
      (await create(w, BETA)).caseId,
      (await create(w, OPERATOR)).caseId,
    ];
    for (const caseId of caseIds) {
      await assemblePacket(caseId, w);
      await submitToPayer(caseId, w);
    }
    const dues = await Promise.all(
      caseIds.map(async (id) => (await w.cases.requireCase(id)).deadlines.payerDecisionDueAt ?? ''),
    );
    w.clock.set(new Date(Math.max(...dues.map((d) => Date.parse(d))) + 60_000));

    // Act
    const summary = await sweep({ redriveAll: false, redriveAfterMs: 300_000 }, w);

    // Assess
    expect(summary.flagged).toBe(3);
    for (const caseId of caseIds)
      expect((await w.cases.requireCase(caseId)).flags).toContain('DECISION_OVERDUE');
  });
});

describe('a continuation', () => {
  it("belongs to the earlier case's organization, and another organization cannot continue that case", async () => {
    // Prepare
    const w = await twoOrganizations();
    const { caseId } = await create(w, ACME);
    const { number: authorizationNumber, ...approved } = authorization;
    await w.cases.updateCase(caseId, (c) => {
      const decision = { outcome: 'approved' as const, authorizationNumber, ...approved, reasons: [] };
      return {
        history: [],
        next: { ...c, status: 'APPROVED', decision: { ...decision, decidedAt: c.createdAt } },
      };
    });
    const continuation = ContinuationInput.parse({
      progressNotes: [
        { date: '2026-10-28', response: 'partial_response', adverseEvents: '', text: 'CT smaller.' },
      ],
      treatmentPlan: { startDate: '2026-11-02' },
    });
    const ask = (caller: Principal) =>
      requestContinuation({ caller, previousCaseId: caseId, continuation, rawBody: '{}' }, w);

    // Act
    const foreign = await ask(BETA).catch((e: unknown) => e);
    const byOperator = await ask(OPERATOR);
    const byAcme = await ask(ACME);

    // Assess
    expect(foreign).toBeInstanceOf(ForeignOrganizationError);
    expect((await w.cases.requireCase(byOperator.caseId)).organizationId).toBe('acme');
    expect((await w.cases.requireCase(byAcme.caseId)).organizationId).toBe('acme');
  });
});
