/**
 * The Catch of every workflow Task: the failure goes into the case history (error name and the
 * first line of its message, no data), and the sweep re-drives the case later.
 */

import { appendHistory, getCase } from '#adapters/case-repository.ts';
import { logger } from '#adapters/logger.ts';
import { describeFailure } from '#core/case/workflow-failure.ts';
import type { Clock } from '#core/ports.ts';

export async function recordWorkflowFailure(
  caseId: string,
  workflow: string,
  error: { Error?: string; Cause?: string } | undefined,
  deps: { clock: Clock },
): Promise<{ caseId: string; recorded: boolean }> {
  const record = await getCase(caseId);
  if (!record) return { caseId, recorded: false };
  const detail = `${workflow}: ${describeFailure(error)}`;
  logger.error('workflow failed', { caseId, workflow, errorName: error?.Error });
  await appendHistory(caseId, [
    {
      at: deps.clock.now().toISOString(),
      status: record.status,
      source: 'workflow',
      event: 'workflow.failed',
      detail,
    },
  ]);
  return { caseId, recorded: true };
}
