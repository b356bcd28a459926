import { recordWorkflowFailure } from '#use-cases/record-workflow-failure.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose, log } from '../bindings/compose.ts';
import { FailureTaskInput } from './inputs.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, log });

export const handler = async (input: unknown) => {
  const { caseId, workflow, error } = FailureTaskInput.parse(input);
  return recordWorkflowFailure(caseId, workflow ?? 'workflow', error, ports);
};
