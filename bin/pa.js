#!/usr/bin/env node
// `npx pa`: runs the TypeScript CLI (bin/pa.ts) through tsx's loader, in this one process.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./pa.ts');
process.exitCode = await main(process.argv);
