/**
 * The team worklist's use cases (issue 13): assign a case to a person of its organization, write
 * and read its notes, list the organization's people. Each opens the case through the tenancy
 * check: another organization's case answers 404, as a missing one does.
 */
import type { CaseRecord } from '#core/case/case-record.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Principal } from '#core/identity/claims.ts';
import type { UserRecord } from '#core/identity/records.ts';
import { organizationOf, requireVisible } from '#core/identity/tenancy.ts';
import type { Ports } from '#core/ports.ts';
import { type AssigneeInput, assignCase, requireAssignable } from '#core/team/assignment.ts';
import { type CaseNote, type NoteInput, type NotesPage, writeNote } from '#core/team/notes.ts';
import { resolveOrganization } from './acting-organization.ts';

type TeamPorts = Pick<Ports, 'cases' | 'identity' | 'notes' | 'clock'>;

/** The case when the caller may see it; 404 otherwise (missing or another organization's). */
async function visibleCase(caseId: string, caller: Principal, cases: Ports['cases']): Promise<CaseRecord> {
  const notFound = `case ${caseId} not found`;
  const record = await cases.getCase(caseId);
  if (!record) throw new NotFoundError(notFound);
  return requireVisible(caller, record, notFound, { caseId });
}

/** The people of an organization as the team sees them: id, name, e-mail and roles. */
export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  roles: UserRecord['roles'];
}

const member = (user: UserRecord): TeamMember => ({
  userId: user.userId,
  name: user.name,
  email: user.email,
  roles: user.roles,
});

/**
 * GET /v1/users: the people of the caller's organization, by name. The operator (every
 * organization) names one with `organizationId` (default: `default`); another's is a 404.
 */
export async function listTeam(
  caller: Principal,
  requested: string | undefined,
  ports: Pick<Ports, 'identity'>,
): Promise<TeamMember[]> {
  const organizationId = await resolveOrganization(
    caller,
    requested,
    ports,
    (org) => new NotFoundError(`organization ${org} not found`),
  );
  const users = await ports.identity.listUsers(organizationId);
  return users.map(member).sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

/**
 * POST /v1/prior-auths/{caseId}/assignee.
 * 1. The case, if the caller sees it.
 * 2. The user named, who must belong to the case's organization (400 naming userId otherwise).
 * 3. The assignment (or unassignment) with its history entry, through a versioned update.
 */
export async function assignCaseTo(
  caseId: string,
  input: AssigneeInput,
  caller: Principal,
  ports: TeamPorts,
): Promise<CaseRecord> {
  // 1. The case.
  const record = await visibleCase(caseId, caller, ports.cases);
  // 2. The assignee.
  if (input.userId !== null) {
    const users = await ports.identity.listUsers(organizationOf(record));
    requireAssignable(
      record,
      input.userId,
      users.find((u) => u.userId === input.userId),
    );
  }
  // 3. The change.
  const now = ports.clock.now();
  return ports.cases.updateCase(caseId, (current) => assignCase(current, input.userId, caller, now));
}

/**
 * POST /v1/prior-auths/{caseId}/notes.
 * 1. The case, if the caller sees it.
 * 2. The author's name, when the author is a user of the case's organization.
 * 3. The note, stored once.
 */
export async function addNote(
  caseId: string,
  input: NoteInput,
  caller: Principal,
  ports: TeamPorts,
): Promise<CaseNote> {
  // 1. The case.
  const record = await visibleCase(caseId, caller, ports.cases);
  // 2. The author's name.
  const name =
    caller.actorType === 'user'
      ? (await ports.identity.listUsers(organizationOf(record))).find((u) => u.userId === caller.actorId)
          ?.name
      : undefined;
  // 3. The note.
  const note = writeNote(caseId, input, caller, ports.clock.now(), name);
  await ports.notes.put(note);
  return note;
}

/** GET /v1/prior-auths/{caseId}/notes: newest first, a page at a time. */
export async function listNotes(
  caseId: string,
  page: { limit: number; nextToken?: string | undefined },
  caller: Principal,
  ports: TeamPorts,
): Promise<NotesPage> {
  await visibleCase(caseId, caller, ports.cases);
  return ports.notes.list(caseId, page);
}
