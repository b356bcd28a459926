import { submitToPayer } from '#use-cases/submit-to-payer.ts';
import { deps } from '../deps.ts';
import { CaseTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId } = CaseTaskInput.parse(input);
  return submitToPayer(caseId, { registry: deps.registry, clock: deps.clock, publicUrl: deps.publicUrl });
};
