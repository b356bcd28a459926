import { recordWorkflowFailure } from '#use-cases/record-workflow-failure.ts';
import { ports } from '../composition-root.ts';
import { FailureTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId, workflow, error } = FailureTaskInput.parse(input);
  return recordWorkflowFailure(caseId, workflow ?? 'workflow', error, ports);
};
