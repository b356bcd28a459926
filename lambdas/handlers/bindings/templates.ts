/** The letter templates port: Handlebars and marked, for the functions that compose documents. */
import { loadTemplates } from '#adapters/templates.ts';
import { once } from './compose.ts';

export const templates = once(() => loadTemplates());
