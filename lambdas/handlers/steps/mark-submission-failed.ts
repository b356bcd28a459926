import { markSubmissionFailed } from '#use-cases/submit-to-payer.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose } from '../bindings/compose.ts';
import { metrics } from '../bindings/metrics.ts';
import { FailureTaskInput } from './inputs.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, metrics });

export const handler = async (input: unknown) => {
  const { caseId, error } = FailureTaskInput.parse(input);
  return markSubmissionFailed(caseId, error, ports);
};
