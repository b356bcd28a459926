import { describe, expect, it } from 'vitest';
import { ClaimInput } from '#schemas/claim.ts';
import claimExample from '#schemas/examples/claim.json' with { type: 'json' };
import requestExample from '#schemas/examples/prior-auth-request.json' with { type: 'json' };
import webhookExample from '#schemas/examples/webhook-denied.json' with { type: 'json' };
import { LIMITS, MAX_ATTACHMENT_BASE64 } from '#schemas/limits.ts';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { PayerWebhookBody } from '#schemas/webhook.ts';

type Json = Record<string, unknown>;

/** A copy of `value` with the string at `path` replaced. */
function withValue(value: unknown, path: Array<string | number>, replacement: unknown): Json {
  const copy = structuredClone(value) as Json;
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = replacement;
  return copy;
}

/** The paths of the first issue zod reports, joined as the problem+json `errors[].path`. */
function failedPaths(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) {
  return result.error?.issues.map((i) => i.path.join('.')) ?? [];
}

const a = (n: number) => 'a'.repeat(n);

describe('every string has a maximum length (API.md part 2, Limits)', () => {
  it.each([
    [['patient', 'givenName'], LIMITS.name],
    [['patient', 'familyName'], LIMITS.name],
    [['patient', 'id'], LIMITS.name],
    [['coverage', 'memberId'], LIMITS.name],
    [['provider', 'name'], LIMITS.name],
    [['diagnosis', 'histology'], LIMITS.name],
    [['diagnosis', 'primarySite'], LIMITS.name],
    [['treatmentPlan', 'regimen'], LIMITS.name],
    [['urgencyReason'], LIMITS.text],
  ])('prior-auth request %j: %i characters pass, one more is refused naming the field', (path, max) => {
    expect(PriorAuthRequest.safeParse(withValue(requestExample, path, a(max))).success).toBe(true);
    const refused = PriorAuthRequest.safeParse(withValue(requestExample, path, a(max + 1)));
    expect(failedPaths(refused)).toEqual([path.join('.')]);
  });

  it('refuses a contact name over 200 characters (the value that made Markdown lexing quadratic)', () => {
    const body = withValue(requestExample, ['provider', 'contact'], { name: '_a'.repeat(32 * 1024) });
    expect(failedPaths(PriorAuthRequest.safeParse(body))).toEqual(['provider.contact.name']);
  });

  it.each([
    [['data', 'note'], LIMITS.text],
    [['data', 'caseId'], LIMITS.name],
    [['data', 'payerReference'], LIMITS.name],
  ])('webhook %j: %i characters at most', (path, max) => {
    expect(PayerWebhookBody.safeParse(withValue(webhookExample, path, a(max))).success).toBe(true);
    expect(failedPaths(PayerWebhookBody.safeParse(withValue(webhookExample, path, a(max + 1))))).toEqual([
      path.join('.'),
    ]);
  });

  it.each([
    [['claimId'], LIMITS.name],
    [['authorizationNumber'], LIMITS.name],
  ])('claim %j: %i characters at most', (path, max) => {
    expect(ClaimInput.safeParse(withValue(claimExample, path, a(max))).success).toBe(true);
    expect(failedPaths(ClaimInput.safeParse(withValue(claimExample, path, a(max + 1))))).toEqual([
      path.join('.'),
    ]);
  });
});

describe('attachments', () => {
  const attachment = (requestExample.attachments as Json[])[0];

  it('takes 20 a request and refuses 21, naming attachments', () => {
    const twenty = withValue(requestExample, ['attachments'], Array(LIMITS.attachments).fill(attachment));
    const more = withValue(requestExample, ['attachments'], Array(LIMITS.attachments + 1).fill(attachment));
    expect(PriorAuthRequest.safeParse(twenty).success).toBe(true);
    expect(failedPaths(PriorAuthRequest.safeParse(more))).toEqual(['attachments']);
  });

  it('refuses data over 25 MB decoded, naming the attachment', () => {
    const big = withValue(requestExample, ['attachments', 0, 'data'], 'A'.repeat(MAX_ATTACHMENT_BASE64 + 4));
    expect(failedPaths(PriorAuthRequest.safeParse(big))).toEqual(['attachments.0.data']);
  });
});
