import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { ports } from '../composition-root.ts';
import { CaseTaskInput } from './inputs.ts';

// Compiled at cold start: a broken template fails here, never half-way through a PDF.
void ports.templates;

export const handler = async (input: unknown) => {
  const { caseId } = CaseTaskInput.parse(input);
  return assemblePacket(caseId, ports);
};
