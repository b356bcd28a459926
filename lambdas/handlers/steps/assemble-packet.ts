import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { ports } from '../composition-root.ts';
import { CaseTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId } = CaseTaskInput.parse(input);
  return assemblePacket(caseId, ports);
};
