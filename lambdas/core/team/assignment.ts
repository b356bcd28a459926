/**
 * Assigning a case to a person (issue 13): the assignee is a user of the case's organization, or
 * nobody. The change records who assigned whom in the case's history, as ids only.
 */
import * as z from 'zod';
import type { CaseRecord } from '../case/case-record.ts';
import { ValidationError } from '../errors.ts';
import type { Principal } from '../identity/claims.ts';
import { organizationOf } from '../identity/tenancy.ts';
import type { CaseChange } from '../ports.ts';

/** A user id as POST /v1/users makes them. */
export const UserId = z
  .string()
  .max(200)
  .regex(/^usr_[A-Za-z0-9_-]+$/, { error: 'a user id (usr_...)' });

/** The body of POST /v1/prior-auths/{caseId}/assignee: a user id, or null to unassign. */
export const AssigneeInput = z.strictObject({ userId: UserId.nullable() });
export type AssigneeInput = z.infer<typeof AssigneeInput>;

/** What the assignment needs to know of the user named. */
export interface Assignable {
  userId: string;
  organizationId: string;
}

/**
 * The user may be assigned to the case: it exists and belongs to the case's organization (one
 * answer for both, so the check does not tell whether another organization's user exists).
 * @throws ValidationError naming userId
 */
export function requireAssignable(
  record: Pick<CaseRecord, 'organizationId'>,
  userId: string,
  user: Assignable | undefined,
): Assignable {
  if (!user || user.organizationId !== organizationOf(record))
    throw new ValidationError('unknown assignee', [
      { path: 'userId', message: `no user ${userId} in the case's organization` },
    ]);
  return user;
}

/** The case assigned to `userId` (null: to nobody) by `by`; null when it is so already. */
export function assignCase(
  current: CaseRecord,
  userId: string | null,
  by: Pick<Principal, 'actorType' | 'actorId'>,
  now: Date,
): CaseChange | null {
  if ((current.assigneeId ?? null) === userId) return null;
  const { assigneeId: previous, ...rest } = current;
  const at = now.toISOString();
  const next: CaseRecord = userId
    ? { ...rest, assigneeId: userId, updatedAt: at }
    : { ...rest, updatedAt: at };
  const whom = userId ? `assigned to ${userId}` : `unassigned from ${previous}`;
  return {
    next,
    history: [
      {
        at,
        status: current.status,
        source: 'api',
        event: userId ? 'case.assigned' : 'case.unassigned',
        detail: `${whom} by ${by.actorType} ${by.actorId}`,
      },
    ],
  };
}
