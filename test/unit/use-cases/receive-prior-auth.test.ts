import { describe, expect, it } from 'vitest';
import { jsonRenderer } from '#adapters/in-memory/index.ts';
import { ConflictError, ValidationError } from '#core/errors.ts';
import { OPERATOR } from '#core/identity/claims.ts';
import { receivePriorAuth } from '#use-cases/receive-prior-auth.ts';
import { exampleRequest, historyOf, NOW, world } from './support.ts';

const rawBody = '{"the":"body"}';

describe('receivePriorAuth', () => {
  it('stores the case as RECEIVED with its attachments in the document store, and starts SubmitPriorAuth', async () => {
    // Prepare
    const w = world();
    const request = exampleRequest();

    // Act
    const result = await receivePriorAuth({ caller: OPERATOR, request, rawBody }, w);

    // Assess
    expect(result).toEqual({ caseId: 'pa_test_0001', status: 'RECEIVED', replayed: false });
    const record = await w.cases.requireCase(result.caseId);
    expect(record).toMatchObject({
      status: 'RECEIVED',
      version: 1,
      createdAt: NOW,
      payer: { id: request.coverage.payerId },
    });
    expect(record.request.attachments).toEqual([
      expect.objectContaining({
        s3Key: 'attachments/pa_test_0001/0.pdf',
        title: request.attachments[0]?.title,
      }),
    ]);
    const stored = w.documents.objects.get('attachments/pa_test_0001/0.pdf');
    expect(Buffer.from(stored?.body ?? []).toString('base64')).toBe(
      (request.attachments[0] as { data: string }).data,
    );
    expect(w.workflows.starts).toEqual([
      { workflow: 'SubmitPriorAuth', name: 'pa_test_0001', input: { caseId: 'pa_test_0001' } },
    ]);
    expect(await historyOf(w, result.caseId)).toEqual(['prior_auth.received']);
  });

  it('refuses a payer not in the registry and stores nothing', async () => {
    // Prepare
    const w = world();
    const request = exampleRequest();
    request.coverage = { ...request.coverage, payerId: 'no-such-payer' };

    // Act
    const outcome = await receivePriorAuth({ caller: OPERATOR, request, rawBody }, w).catch((e) => e);

    // Assess
    expect(outcome).toBeInstanceOf(ValidationError);
    expect(outcome.errors).toEqual([{ path: 'coverage.payerId', message: 'unknown payer no-such-payer' }]);
    expect(w.cases.items.size).toBe(0);
    expect(w.documents.objects.size).toBe(0);
    expect(w.workflows.starts).toEqual([]);
  });

  it('refuses an attachment that is not a readable PDF, naming its field, and stores nothing', async () => {
    // Prepare
    const w = world({ renderer: jsonRenderer([0]) });

    // Act
    const outcome = await receivePriorAuth({ caller: OPERATOR, request: exampleRequest(), rawBody }, w).catch(
      (e) => e,
    );

    // Assess
    expect(outcome).toBeInstanceOf(ValidationError);
    expect(outcome.errors.map((e: { path: string }) => e.path)).toEqual(['attachments.0.data']);
    expect(w.cases.items.size).toBe(0);
    expect(w.documents.objects.size).toBe(0);
  });

  it('answers a replayed Idempotency-Key with the case it made, once, and refuses another body with 422', async () => {
    // Prepare
    const w = world();
    const input = { caller: OPERATOR, request: exampleRequest(), rawBody, idempotencyKey: 'key-1' };
    const first = await receivePriorAuth(input, w);

    // Act
    const replay = await receivePriorAuth(input, w);
    const otherBody = await receivePriorAuth({ ...input, rawBody: '{"other":1}' }, w).catch((e) => e);

    // Assess
    expect(replay).toEqual({ caseId: first.caseId, status: 'RECEIVED', replayed: true });
    expect(otherBody).toBeInstanceOf(ConflictError);
    expect(otherBody.statusCode).toBe(422);
    expect(await w.cases.listCasesByStatus('RECEIVED')).toHaveLength(1);
    expect(w.workflows.starts).toHaveLength(1);
  });

  it('keeps the case when the workflow cannot start, for the sweep to re-drive, and logs ids only', async () => {
    // Prepare
    const w = world();
    w.workflows.failWith(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));

    // Act
    const result = await receivePriorAuth({ caller: OPERATOR, request: exampleRequest(), rawBody }, w);

    // Assess
    expect(result.status).toBe('RECEIVED');
    expect((await w.cases.requireCase(result.caseId)).status).toBe('RECEIVED');
    expect(w.log.lines).toEqual([
      {
        level: 'warn',
        message: 'could not start SubmitPriorAuth; the sweep will re-drive the case',
        attributes: { caseId: result.caseId, errorName: 'ThrottlingException' },
      },
    ]);
  });
});

describe('receivePriorAuth: limits and the order of writes', () => {
  it('refuses a case too large for one item with a 413 naming its largest field, and writes nothing', async () => {
    // Prepare: 60 history entries of 50 agents of 200 characters is far over the budget
    const w = world();
    const request = exampleRequest();
    const agents = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(200, 'x'));
    request.oncologicHistory = Array.from({ length: 60 }, () => ({ therapy: 'chemoradiation', agents }));
    // Act
    const outcome = await receivePriorAuth(
      { caller: OPERATOR, request, rawBody, idempotencyKey: 'k-big' },
      w,
    ).catch((e) => e);
    // Assess
    expect(outcome).toBeInstanceOf(ValidationError);
    expect(outcome).toMatchObject({ statusCode: 413, errors: [{ path: 'oncologicHistory' }] });
    expect(w.documents.objects.size).toBe(0);
    expect(await w.cases.getIdempotency('k-big')).toBeUndefined();
    expect(w.workflows.starts).toEqual([]);
  });

  it('claims the Idempotency-Key before writing attachments: two concurrent requests make one case and one set of attachments', async () => {
    // Prepare
    const w = world();
    const input = { caller: OPERATOR, request: exampleRequest(), rawBody, idempotencyKey: 'k-race' };
    // Act
    const [a, b] = await Promise.all([receivePriorAuth(input, w), receivePriorAuth(input, w)]);
    // Assess
    expect(a.caseId).toBe(b.caseId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect([...w.documents.objects.keys()]).toEqual([`attachments/${a.caseId}/0.pdf`]);
    expect(w.workflows.starts).toHaveLength(1);
  });

  it('mends a crash between storing the case and its attachments when the client retries the same key', async () => {
    // Prepare: the first request dies writing its attachment, after its case and key are stored.
    const w = world();
    const input = { caller: OPERATOR, request: exampleRequest(), rawBody, idempotencyKey: 'k-crash' };
    const put = w.documents.put;
    w.documents.put = async () => {
      throw new Error('process died');
    };
    await expect(receivePriorAuth(input, w)).rejects.toThrow('process died');
    const { caseId } = (await w.cases.getIdempotency('k-crash')) ?? { caseId: '' };
    expect(w.documents.objects.size).toBe(0);
    w.documents.put = put;
    // Act: the client, which got no answer, sends the same request again.
    const retry = await receivePriorAuth(input, w);
    // Assess
    expect(retry).toEqual({ caseId, status: 'RECEIVED', replayed: true });
    expect([...w.documents.objects.keys()]).toEqual([`attachments/${caseId}/0.pdf`]);
  });
});
