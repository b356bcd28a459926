import { composeRemedy } from '#use-cases/compose-remedy.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose } from '../bindings/compose.ts';
import { documents } from '../bindings/documents.ts';
import { metrics } from '../bindings/metrics.ts';
import { renderer } from '../bindings/renderer.ts';
import { templates } from '../bindings/templates.ts';
import { EventTaskInput } from './inputs.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, documents, metrics, renderer, templates });

// Compiled at cold start: a broken template fails here, never half-way through a PDF.
void ports.templates;

export const handler = async (input: unknown) => {
  const { caseId, eventId } = EventTaskInput.parse(input);
  return composeRemedy(caseId, eventId, ports);
};
