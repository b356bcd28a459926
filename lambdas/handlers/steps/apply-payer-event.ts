import { applyPayerEvent } from '#use-cases/apply-payer-event.ts';
import { deps } from '../deps.ts';
import { EventTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId, eventId } = EventTaskInput.parse(input);
  return applyPayerEvent(caseId, eventId, { clock: deps.clock });
};
