import { composeRemedy } from '#use-cases/compose-remedy.ts';
import { ports } from '../composition-root.ts';
import { EventTaskInput } from './inputs.ts';

// Compiled at cold start: a broken template fails here, never half-way through a PDF.
void ports.templates;

export const handler = async (input: unknown) => {
  const { caseId, eventId } = EventTaskInput.parse(input);
  return composeRemedy(caseId, eventId, ports);
};
