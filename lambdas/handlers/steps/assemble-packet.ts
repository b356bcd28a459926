import { assemblePacket } from '#use-cases/assemble-packet.ts';
import { cases } from '../bindings/cases.ts';
import { clock, compose } from '../bindings/compose.ts';
import { documents } from '../bindings/documents.ts';
import { registry } from '../bindings/registry.ts';
import { renderer } from '../bindings/renderer.ts';
import { templates } from '../bindings/templates.ts';
import { CaseTaskInput } from './inputs.ts';

/** The ports this function's use cases take, and only their adapters in its bundle. */
const ports = compose({ cases, clock, documents, registry, renderer, templates });

// Compiled at cold start: a broken template fails here, never half-way through a PDF.
void ports.templates;

export const handler = async (input: unknown) => {
  const { caseId } = CaseTaskInput.parse(input);
  return assemblePacket(caseId, ports);
};
