import { submitToPayer } from '#use-cases/submit-to-payer.ts';
import { ports } from '../composition-root.ts';
import { CaseTaskInput } from './inputs.ts';

export const handler = async (input: unknown) => {
  const { caseId } = CaseTaskInput.parse(input);
  return submitToPayer(caseId, ports);
};
