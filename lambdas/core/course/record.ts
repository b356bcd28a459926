/**
 * An administration recorded on a case: its id, its findings and units, and the change of the
 * case that follows (used units, AUTH_EXPIRING, the history entry). Pure.
 */
import type { AdministrationInput } from '#schemas/administration.ts';
import type { CaseRecord } from '../case/case-record.ts';
import { digest } from '../ids.ts';
import type { HistoryEntry } from '../model.ts';
import type { CaseChange } from '../ports.ts';
import { type Administration, countsToward, usedUnits } from './administration.ts';
import { AUTH_EXPIRING, administrationContext, authExpiringReason } from './authorization.ts';
import { administrationFindings, administrationUnits } from './findings.ts';

/**
 * The caller's id, else one derived from the case and the moment given: the same dose posted
 * again (a retry) is the same administration, never two.
 */
export function administrationIdOf(
  caseId: string,
  input: Pick<AdministrationInput, 'administrationId' | 'administeredAt'>,
): string {
  return (
    input.administrationId ??
    `adm_${digest(caseId, new Date(input.administeredAt).toISOString()).slice(0, 24)}`
  );
}

/** The administration as stored, checked against the case and the administrations before it. */
export function recordedAdministration(
  record: CaseRecord,
  input: AdministrationInput,
  earlier: readonly Administration[],
  at: string,
): Administration {
  const context = { ...administrationContext(record), usedUnits: usedUnits(earlier) };
  const findings = administrationFindings(input, context);
  const { administrationId: _, ...facts } = input;
  return {
    ...facts,
    administrationId: administrationIdOf(record.caseId, input),
    caseId: record.caseId,
    recordedAt: at,
    ...administrationUnits(input),
    findings,
    countsTowardAuthorization: countsToward(findings),
  };
}

/** JSON with every object's keys in order: the same content whatever order a store gives back. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The same administration posted again: the same record, whenever it was received. */
export function isSameAdministration(
  stored: Administration | undefined,
  fresh: Administration,
): stored is Administration {
  const content = ({ recordedAt, findings, countsTowardAuthorization, ...rest }: Administration) =>
    canonical(rest);
  return stored !== undefined && content(stored) === content(fresh);
}

/**
 * The case after its administrations: the used units recounted from all of them (so a retry or
 * a concurrent recording converges), AUTH_EXPIRING raised when the authorization runs out, and
 * a history entry of ids and codes (a flagged administration too). Null for a replay that
 * changes nothing.
 */
export function usageRecounted(
  current: CaseRecord,
  administrations: readonly Administration[],
  recorded: Administration,
  now: Date,
  replayed = false,
): CaseChange | null {
  const used = usedUnits(administrations);
  const counted = { ...current, usedUnits: used };
  const expiring = authExpiringReason(counted, now);
  const raise = expiring !== null && !current.flags.includes(AUTH_EXPIRING);
  // A replay writes only what a crash after the first recording may have left undone.
  if (replayed && used === (current.usedUnits ?? 0) && !raise && current.usedUnits !== undefined) return null;
  const at = now.toISOString();
  const errors = recorded.findings.filter((f) => f.severity === 'error').map((f) => f.code);
  const history: HistoryEntry[] = [
    {
      at,
      status: current.status,
      source: 'api',
      event: 'administration.recorded',
      detail: `administration ${recorded.administrationId}: ${recorded.units} units${
        errors.length ? `, not counted (${[...new Set(errors)].join(', ')})` : ''
      }; ${used} units used`,
    },
  ];
  if (raise) {
    history.push({
      at,
      status: current.status,
      source: 'api',
      event: 'deadline.auth_expiring',
      detail: expiring,
    });
  }
  return {
    next: { ...counted, updatedAt: at, flags: raise ? [...current.flags, AUTH_EXPIRING] : current.flags },
    history,
  };
}
