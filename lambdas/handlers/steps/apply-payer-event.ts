import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import { ports } from '../composition-root.ts';
import { EventTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId, eventId } = EventTaskInput.parse(input);
  return applyPayerEvent(caseId, eventId, ports);
};
