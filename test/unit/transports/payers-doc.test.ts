/**
 * docs/payers.md cannot drift from the code: its mapping tables (PAS reviewAction and 278 HCR01
 * codes to case statuses) are recomputed through the readers and the core's mapping, and its
 * field tables name every field of the registry schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalisePasClaimResponse } from '#adapters/transports/pas-claim-response.ts';
import { readPayerBody } from '#adapters/transports/webhook-body.ts';
import { normaliseX12_278Response } from '#adapters/transports/x12-278-response.ts';
import { PayerRejectedError, ValidationError } from '#core/errors.ts';
import {
  isActionableAnswer,
  MANUAL_WORK_QUEUE_NOTE,
  REVIEW_ACTIONS,
  statusForEvent,
} from '#core/payer/payer-events.ts';
import type { NormalisedPayerEvent } from '#core/ports.ts';
import { BasicAuth, PayerEntry, SmartBackendAuth } from '#schemas/payer-registry.ts';
import { CTX, fixture } from './support.ts';

const DOC = readFileSync(new URL('../../../docs/payers.md', import.meta.url), 'utf8');

/** The rows of the first table after `heading`, as trimmed cells, header and rule left out. */
function tableAfter(heading: string): string[][] {
  const start = DOC.indexOf(heading);
  expect(start, `docs/payers.md has "${heading}"`).toBeGreaterThanOrEqual(0);
  const lines = DOC.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const table = lines.slice(
    first,
    lines.findIndex((l, i) => i > first && !l.startsWith('|')),
  );
  return table.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim()),
  );
}

const CODES = Object.keys(REVIEW_ACTIONS) as Array<keyof typeof REVIEW_ACTIONS>;
const REVIEW_ACTION_URL = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction';

/** A ClaimResponse whose one item carries `code`, and a Task asking for a document when `ask`. */
function pasAnswer(code: string, ask = false): NormalisedPayerEvent {
  const claimResponse = {
    resourceType: 'ClaimResponse',
    outcome: 'complete',
    item: [
      {
        itemSequence: 1,
        adjudication: [
          {
            category: { coding: [{ code: 'submitted' }] },
            extension: [
              {
                url: REVIEW_ACTION_URL,
                extension: [{ url: 'code', valueCodeableConcept: { coding: [{ code }] } }],
              },
            ],
          },
        ],
      },
    ],
  };
  const task = {
    resourceType: 'Task',
    input: [{ type: { coding: [{ code: 'attachments-needed' }] }, valueString: 'progress notes' }],
  };
  const bundle = {
    resourceType: 'Bundle',
    entry: [claimResponse, ...(ask ? [task] : [])].map((resource) => ({ resource })),
  };
  return normalisePasClaimResponse(bundle, CTX);
}

/** The A1 278 fixture with its HCR01 replaced by `code`. */
function x12Answer(code: string): NormalisedPayerEvent {
  const text = fixture('x12', 'response-a1-approved.x12');
  expect(text).toContain('HCR*A1*');
  return normaliseX12_278Response(text.replace('HCR*A1*', `HCR*${code}*`), CTX);
}

/** One documented row against what the code makes of its code. */
function expectRowMatches(row: string[], event: NormalisedPayerEvent) {
  const [code, meaning, outcome, status, asAnswer] = row as [string, string, string, string, string];
  expect(meaning, `${code} meaning`).toBe(REVIEW_ACTIONS[code as keyof typeof REVIEW_ACTIONS].label);
  expect(outcome, `${code} outcome`).toBe(event.outcome);
  expect(status.split(' ')[0], `${code} case status`).toBe(statusForEvent(event));
  const manual = event.note?.startsWith(MANUAL_WORK_QUEUE_NOTE) ?? false;
  expect(status.includes('manual work queue'), `${code} manual work queue`).toBe(manual);
  expect(
    asAnswer.startsWith(isActionableAnswer(event) ? 'applied' : 'waits: SUBMITTED'),
    `${code} sync`,
  ).toBe(true);
}

describe('docs/payers.md: PAS reviewAction -> case status', () => {
  const rows = tableAfter('### PAS reviewAction');

  it('has one row per review action code and one for the error answer', () => {
    expect(rows.map((r) => r[0])).toEqual([...CODES, 'error']);
  });

  it.each(CODES)('%s: the row is what the PAS reader and the core make of it', (code) => {
    const row = rows.find((r) => r[0] === code)!;
    expectRowMatches(row, pasAnswer(code));
    if (REVIEW_ACTIONS[code].outcome === 'pended' && !REVIEW_ACTIONS[code].manualWorkQueue) {
      // A pend that asks for documents.
      const asking = pasAnswer(code, true);
      expect(statusForEvent(asking)).toBe('NEEDS_INFO');
      expect(isActionableAnswer(asking)).toBe(true);
      expect(row[3]).toContain('NEEDS_INFO');
    }
  });

  it('error: the IG error ClaimResponse is refused, 422 on the webhook, SUBMISSION_FAILED on submit', () => {
    const body = fixture('pas', 'ig-claimresponse-error.json');
    expect(() => normalisePasClaimResponse(JSON.parse(body), CTX)).toThrow(PayerRejectedError);
    expectWebhook422(body, 'application/fhir+json');
    expect(rows.at(-1)!.join(' ')).toMatch(/422.*SUBMISSION_FAILED/);
  });
});

describe('docs/payers.md: 278 HCR01 -> case status', () => {
  const rows = tableAfter('### X12 278 HCR01');

  it('has one row per action code and one for the error answer', () => {
    expect(rows.map((r) => r[0])).toEqual([...CODES, 'error']);
  });

  it.each(CODES)('%s: the row is what the 278 reader and the core make of it', (code) => {
    expectRowMatches(rows.find((r) => r[0] === code)!, x12Answer(code));
  });

  it('error: an AAA reject is refused, 422 on the webhook, SUBMISSION_FAILED on submit', () => {
    const body = fixture('x12', 'response-aaa-rejected.x12');
    expect(() => normaliseX12_278Response(body, CTX)).toThrow(PayerRejectedError);
    expectWebhook422(body, 'application/edi-x12');
    expect(rows.at(-1)!.join(' ')).toMatch(/422.*SUBMISSION_FAILED/);
  });
});

function expectWebhook422(rawBody: string, contentType: string) {
  let refused: unknown;
  try {
    readPayerBody({ rawBody, contentType }, CTX.receivedAt);
  } catch (error) {
    refused = error;
  }
  expect(refused).toBeInstanceOf(ValidationError);
  expect((refused as ValidationError).statusCode).toBe(422);
}

describe('docs/payers.md: the registry fields', () => {
  const documented = (heading: string) => tableAfter(heading).map((r) => r[0]!.replaceAll('`', ''));

  it('names every field of a registry entry', () => {
    expect(documented('## The fields of an entry')).toEqual(
      expect.arrayContaining(Object.keys(PayerEntry.shape)),
    );
  });

  it('names every field of a smart-backend auth, and the basic fields in its text', () => {
    expect(documented('`auth` of type `smart-backend`')).toEqual(Object.keys(SmartBackendAuth.shape));
    for (const field of Object.keys(BasicAuth.shape)) expect(DOC).toContain(`\`${field}\``);
  });
});
