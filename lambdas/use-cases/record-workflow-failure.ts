/**
 * The Catch of every workflow Task: the failure goes into the case history (error name and the
 * first line of its message, no data) and the case is flagged STUCK, which the worklist shows and
 * the stuck-cases alarm counts, instead of the step retrying forever.
 *
 * Primary course:
 * 1. Log the failure by ids.
 * 2. Record it on the case (history and the STUCK flag); an unknown case records nothing.
 */
import { workflowFailed } from '#core/case/workflow-failure.ts';
import { NotFoundError } from '#core/errors.ts';
import type { Ports } from '#core/ports.ts';

export async function recordWorkflowFailure(
  caseId: string,
  workflow: string,
  error: { Error?: string; Cause?: string } | undefined,
  deps: Pick<Ports, 'cases' | 'clock' | 'log'>,
): Promise<{ caseId: string; recorded: boolean }> {
  // 1. The failure, logged.
  deps.log.error('workflow failed', { caseId, workflow, errorName: error?.Error });

  // 2. Recorded on the case.
  try {
    await deps.cases.updateCase(caseId, (current) =>
      workflowFailed(current, workflow, error, deps.clock.now()),
    );
  } catch (failure) {
    if (failure instanceof NotFoundError) return { caseId, recorded: false };
    throw failure;
  }
  return { caseId, recorded: true };
}
