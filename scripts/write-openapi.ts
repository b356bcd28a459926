/**
 * Writes docs/openapi.json from the zod schemas and the route table (`npm run openapi`).
 * test/unit/openapi.test.ts fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#adapters/openapi.ts';

const target = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
