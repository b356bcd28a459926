/**
 * The Catch of every workflow Task: the failure goes into the case history (error name and the
 * first line of its message, no data), and the sweep re-drives the case later.
 *
 * Primary course:
 * 1. Load the case; an unknown case records nothing.
 * 2. Log the failure by ids and append it to the case's history.
 */
import { describeFailure } from '#core/case/workflow-failure.ts';
import type { Ports } from '#core/ports.ts';

export async function recordWorkflowFailure(
  caseId: string,
  workflow: string,
  error: { Error?: string; Cause?: string } | undefined,
  deps: Pick<Ports, 'cases' | 'clock' | 'log'>,
): Promise<{ caseId: string; recorded: boolean }> {
  // 1. The case.
  const record = await deps.cases.getCase(caseId);
  if (!record) return { caseId, recorded: false };

  // 2. The failure, logged and recorded.
  deps.log.error('workflow failed', { caseId, workflow, errorName: error?.Error });
  await deps.cases.appendHistory(caseId, [
    {
      at: deps.clock.now().toISOString(),
      status: record.status,
      source: 'workflow',
      event: 'workflow.failed',
      detail: `${workflow}: ${describeFailure(error)}`,
    },
  ]);
  return { caseId, recorded: true };
}
