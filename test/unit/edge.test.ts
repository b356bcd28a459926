/**
 * The HTTP edge and the small pure pieces the handlers rely on.
 */
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { errorToProblem, parseJsonBody, zodIssues } from '#adapters/http.ts';
import { logger } from '#adapters/logger.ts';
import { worklistDueAt } from '#core/case/case-record.ts';
import { describeFailure } from '#core/case/workflow-failure.ts';
import { ConflictError, NotFoundError, ValidationError } from '#core/errors.ts';
import { packetDocumentId, payerEventId, remedyIds } from '#core/ids.ts';
import { tokenMatches } from '#handlers/api/authorizer.ts';

const event = (body: string, contentType = 'application/json') =>
  ({ body, isBase64Encoded: false, headers: { 'content-type': contentType } }) as never;

describe('problem+json', () => {
  it.each([
    [new ValidationError('bad', [{ path: 'patient.weightKg', message: 'too heavy' }]), 400],
    [new NotFoundError('case x not found'), 404],
    [new ConflictError('used', { statusCode: 422 }), 422],
  ])('maps %s to its status with the detail', (error, status) => {
    const res = errorToProblem(error);
    const body = JSON.parse(res.body as string);
    expect(res.statusCode).toBe(status);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(body).toMatchObject({ status, detail: error.message });
  });

  it.each([
    [
      'a refused connection to the store',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a throttled store',
      Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }),
    ],
    [
      'a 503 from a service',
      Object.assign(new Error('unavailable'), { name: 'X', $metadata: { httpStatusCode: 503 } }),
    ],
    [
      'a wrapped timeout',
      new Error('step failed', { cause: Object.assign(new Error('t'), { name: 'TimeoutError' }) }),
    ],
  ])('answers %s with 503 and Retry-After, not 500', (_label, error) => {
    const res = errorToProblem(error);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('1');
  });

  it('hides the detail of an unexpected error, from the caller and from the log', () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    try {
      const res = errorToProblem(new Error('patient Dana Rivera born 1957-03-14'), { routeKey: 'GET /x' });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('Dana');
      expect(logged).toHaveBeenCalledTimes(1);
      const attributes = JSON.stringify(logged.mock.calls[0]);
      expect(attributes).not.toContain('Dana');
      expect(attributes).not.toContain('1957');
      const attributesOf = (logged.mock.calls[0]?.[1] ?? {}) as { stack?: string };
      expect(attributesOf).toMatchObject({ routeKey: 'GET /x', errorName: 'Error' });
      expect(String(attributesOf.stack)).toMatch(/^\s+at /);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('parseJsonBody', () => {
  const schema = z.object({ patient: z.object({ weightKg: z.number().max(400) }) });

  it('names the field that fails', () => {
    expect(() => parseJsonBody(event('{"patient":{"weightKg":900}}'), schema)).toThrow(ValidationError);
    try {
      parseJsonBody(event('{"patient":{"weightKg":900}}'), schema);
    } catch (error) {
      expect((error as ValidationError).errors[0]?.path).toBe('patient.weightKg');
    }
  });

  it.each([
    ['malformed JSON', event('{"patient":'), 400],
    ['a form body', event('a=b', 'application/x-www-form-urlencoded'), 415],
  ])('refuses %s', (_label, e, status) => {
    try {
      parseJsonBody(e, schema);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).statusCode).toBe(status);
    }
  });

  it('joins nested paths with dots and names the body when the path is empty', () => {
    const parsed = z.object({ a: z.array(z.number()) }).safeParse({ a: [1, 'x'] });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(zodIssues(parsed.error)[0]?.path).toBe('a.1');
    const whole = z.number().safeParse('x');
    if (!whole.success) expect(zodIssues(whole.error)[0]?.path).toBe('(body)');
  });
});

describe('bearer tokens', () => {
  it.each([
    ['Bearer s3cret', true],
    ['bearer s3cret', true],
    ['Bearer s3cret2', false],
    ['Basic s3cret', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (header, ok) => {
    expect(tokenMatches(header, 's3cret')).toBe(ok);
  });
});

describe('ids', () => {
  it('derive from what they identify, so a step run twice finds the same ids', () => {
    expect(payerEventId('p', 'msg_1')).toBe(payerEventId('p', 'msg_1'));
    expect(payerEventId('p', 'msg_1')).not.toBe(payerEventId('q', 'msg_1'));
    expect(packetDocumentId('pa_1')).toBe(packetDocumentId('pa_1'));
    expect(remedyIds('pa_1', 'evt_1')).toEqual(remedyIds('pa_1', 'evt_1'));
    expect(remedyIds('pa_1', 'evt_1').appealId).toMatch(/^apl_[0-9a-f]{24}$/);
  });
});

describe('worklistDueAt', () => {
  const deadlines = {
    payerDecisionDueAt: '2026-12-01T00:00:00.000Z',
    appealDueAt: '2027-05-01T00:00:00.000Z',
  };
  it.each([
    ['SUBMITTED', deadlines.payerDecisionDueAt],
    ['PENDED', deadlines.payerDecisionDueAt],
    ['DENIED', deadlines.appealDueAt],
    ['APPROVED', null],
    ['CLOSED', null],
  ] as const)('a %s case is due at %s', (status, due) => {
    expect(worklistDueAt({ status, deadlines, appeals: [] })).toBe(due);
  });

  it('takes the earliest open appeal of an APPEAL_READY case', () => {
    const appeal = (dueAt: string, status: 'APPEAL_READY' | 'APPEAL_APPROVED') => ({
      appealId: dueAt,
      status,
      remedy: 'appeal' as const,
      subject: 'prior_auth' as const,
      level: 1,
      documentId: null,
      dueAt,
      createdAt: dueAt,
    });
    const appeals = [
      appeal('2027-03-01T00:00:00Z', 'APPEAL_READY'),
      appeal('2027-01-01T00:00:00Z', 'APPEAL_APPROVED'),
      appeal('2027-02-01T00:00:00Z', 'APPEAL_READY'),
    ];
    expect(worklistDueAt({ status: 'APPEAL_READY', deadlines, appeals })).toBe('2027-02-01T00:00:00Z');
  });
});

describe('describeFailure', () => {
  it('keeps the error name and the first line of a Lambda error message', () => {
    const cause = JSON.stringify({
      errorType: 'PayerUnavailableError',
      errorMessage: 'payer x answered 503\nstack...',
    });
    expect(describeFailure({ Error: 'PayerUnavailableError', Cause: cause })).toBe(
      'PayerUnavailableError: payer x answered 503',
    );
    expect(describeFailure(undefined)).toBe('unknown error');
  });
});
