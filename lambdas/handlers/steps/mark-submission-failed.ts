import { markSubmissionFailed } from '#use-cases/submit-to-payer.ts';
import { ports } from '../composition-root.ts';
import { FailureTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId, error } = FailureTaskInput.parse(input);
  return markSubmissionFailed(caseId, error, ports);
};
