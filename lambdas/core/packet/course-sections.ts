/**
 * The packet letter's sections about the course of treatment (templates/partials/packet/
 * site-of-care.md.hbs and continuation.md.hbs): the site-of-care justification, and a
 * continuation's earlier authorizations, administrations given and progress notes. Values only,
 * every one from the request or the continuation; the words are the templates'.
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import type { Continuation } from '../course/continuation.ts';
import { groupThousands } from '../documents/templates.ts';
import type { Finding } from '../model.ts';
import { usDate } from './letter.ts';

/** RECIST response categories as a letter names them. */
export const RECIST_LABELS: Readonly<Record<string, string>> = {
  complete_response: 'Complete response (CR)',
  partial_response: 'Partial response (PR)',
  stable_disease: 'Stable disease (SD)',
  progressive_disease: 'Progressive disease (PD)',
};

/** The site-of-care section: shown when the request justifies its site. */
export function siteOfCareView(request: PriorAuthRequest, findings: readonly Finding[], siteLabel: string) {
  const justification = request.provider.siteOfCareJustification?.trim();
  if (!justification) return null;
  const policy = findings.find((f) => f.code === 'SITE_OF_CARE_POLICY');
  return { site: siteLabel, justification, exceptionRequested: policy !== undefined };
}

/** The continuation section: the course so far and how the disease responded. */
export function continuationView(continuation: Continuation | undefined) {
  if (continuation === undefined) return null;
  const given = continuation.administrations;
  const counted = given.filter((a) => a.countsTowardAuthorization);
  return {
    previousCaseId: continuation.previousCaseId,
    authorizations: continuation.earlierAuthorizations.map((a) => ({
      caseId: a.caseId,
      number: a.number ?? 'Not stated',
      period: a.validFrom && a.validTo ? `${usDate(a.validFrom)} to ${usDate(a.validTo)}` : 'Not stated',
      approvedUnits: a.approvedUnits === null ? 'Not stated' : groupThousands(a.approvedUnits),
      usedUnits: groupThousands(a.usedUnits),
    })),
    administrations: given.map((a) => ({
      date: usDate(a.administeredAt),
      doseMg: groupThousands(a.doseMg),
      units: groupThousands(a.units),
      counted: a.countsTowardAuthorization,
    })),
    administered: counted.length,
    firstDose: counted[0] ? usDate(counted[0].administeredAt) : null,
    lastDose: counted.at(-1) ? usDate(counted.at(-1)!.administeredAt) : null,
    progressNotes: continuation.progressNotes.map((note) => ({
      date: usDate(note.date),
      response: RECIST_LABELS[note.response] ?? note.response,
      adverseEvents: note.adverseEvents.trim() || 'None reported',
      text: note.text.trim(),
    })),
  };
}
