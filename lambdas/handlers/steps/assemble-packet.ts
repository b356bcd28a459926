import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { deps } from '../deps.ts';
import { CaseTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId } = CaseTaskInput.parse(input);
  return assemblePacket(caseId, { clock: deps.clock, registry: deps.registry });
};
