import { markSubmissionFailed } from '#use-cases/submit-to-payer.ts';
import { deps } from '../deps.ts';
import { FailureTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId, error } = FailureTaskInput.parse(input);
  return markSubmissionFailed(caseId, error, { clock: deps.clock });
};
