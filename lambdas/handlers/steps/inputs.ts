/**
 * Task inputs of the state machines (lib/workflow-contract.ts): ids only, never PHI.
 */
import * as z from 'zod';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

export const CaseTaskInput = z.object({ caseId: id });
export const EventTaskInput = z.object({ caseId: id, eventId: id });
export const FailureTaskInput = z.object({
  caseId: id,
  workflow: z.string().optional(),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
