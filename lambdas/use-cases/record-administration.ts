/**
 * POST /v1/prior-auths/{caseId}/administrations: one dose from the medication administration
 * record, checked as recorded (core/course/findings.ts) and kept with the case.
 *
 * An administration with error findings is stored flagged, never refused (the dose was given and
 * the record must show it); it does not count against the authorization's units.
 *
 * Primary course:
 * 1. Load the case and its administrations so far.
 * 2. Check the administration against the authorization, the plan, the label and the vials.
 * 3. Store it once: the same administration again answers its stored findings; another one under
 *    the same id is a conflict.
 * 4. Recount the case's used units from all its administrations, raise AUTH_EXPIRING when the
 *    authorization runs out, and record it in the history (a retry of step 3 mends a crash here).
 * Two administrations recorded at the same moment may both be checked against the units left
 * before either: the recount of step 4 is exact, and the claim scrub checks the units again.
 */
import { isSameAdministration, recordedAdministration, usageRecounted } from '#core/course/record.ts';
import { ConflictError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import type { Finding } from '#core/model.ts';
import type { Ports } from '#core/ports.ts';
import type { AdministrationInput } from '#schemas/administration.ts';
import { requireVisibleCase } from './acting-organization.ts';

export async function recordAdministration(
  caller: Principal,
  caseId: string,
  input: AdministrationInput,
  deps: Pick<Ports, 'cases' | 'clock'>,
): Promise<{ administrationId: string; findings: Finding[]; replayed: boolean }> {
  // 1. The case and its course so far.
  const record = await requireVisibleCase(caller, caseId, deps.cases);
  const earlier = await deps.cases.listAdministrations(caseId);
  const now = deps.clock.now();

  // 2. The checks.
  const administration = recordedAdministration(record, input, earlier, now.toISOString());
  const { administrationId } = administration;

  // 3. Stored once.
  let answer = administration;
  let replayed = false;
  if (!(await deps.cases.putAdministration(caseId, administration))) {
    const stored = (await deps.cases.listAdministrations(caseId)).find(
      (a) => a.administrationId === administrationId,
    );
    if (!isSameAdministration(stored, administration))
      throw new ConflictError(
        `administration ${administrationId} already exists on case ${caseId} with other content`,
      );
    answer = stored;
    replayed = true;
  }

  // 4. The used units and the authorization's flag.
  await deps.cases.updateCase(caseId, async (current) =>
    usageRecounted(current, await deps.cases.listAdministrations(caseId), answer, now, replayed),
  );
  return { administrationId, findings: answer.findings, replayed };
}
