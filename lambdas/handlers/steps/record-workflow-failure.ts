import { recordWorkflowFailure } from '#use-cases/record-workflow-failure.ts';
import { deps } from '../deps.ts';
import { FailureTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId, workflow, error } = FailureTaskInput.parse(input);
  return recordWorkflowFailure(caseId, workflow ?? 'workflow', error, { clock: deps.clock });
};
