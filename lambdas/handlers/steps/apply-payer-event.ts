import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import { audit } from '../bindings/audit.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose } from '../bindings/compose.ts';
import { metrics } from '../bindings/metrics.ts';
import { EventTaskInput } from './inputs.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, metrics, audit });

export const handler = async (input: unknown) => {
  const { caseId, eventId } = EventTaskInput.parse(input);
  return applyPayerEvent(caseId, eventId, ports);
};
