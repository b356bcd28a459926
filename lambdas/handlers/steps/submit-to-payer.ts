import { submitToPayer } from '#use-cases/submit-to-payer.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose, log, pauseAt } from '../bindings/compose.ts';
import { documents } from '../bindings/documents.ts';
import { metrics } from '../bindings/metrics.ts';
import { registry } from '../bindings/registry.ts';
import { transports } from '../bindings/transports.ts';
import { workflows } from '../bindings/workflows.ts';
import { CaseTaskInput } from './inputs.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, documents, log, metrics, pauseAt, registry, transports, workflows });

export const handler = async (input: unknown) => {
  const { caseId } = CaseTaskInput.parse(input);
  return submitToPayer(caseId, ports);
};
