import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const BILLING = new URL('../../lambdas/core/billing/', import.meta.url);
const importsOf = (file: string) =>
  [...readFileSync(new URL(file, BILLING), 'utf8').matchAll(/^import[^;]*?from '([^']+)'/gms)].map(
    (m) => m[1],
  );

describe('the billing core depends one way', () => {
  const files = readdirSync(BILLING).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports nothing from remedies', (file) => {
    expect(importsOf(file).filter((from) => from?.includes('remedies'))).toEqual([]);
  });

  // coding <- billing <- claim-lines <- claim-scrub: no module reaches back up the chain.
  it.each([
    ['coding.ts', ['./billing.ts', './claim-lines.ts', './claim-scrub.ts']],
    ['billing.ts', ['./claim-lines.ts', './claim-scrub.ts']],
    ['claim-lines.ts', ['./claim-scrub.ts']],
  ])('%s imports none of %j', (file, later) => {
    expect(importsOf(file).filter((from) => later.includes(from ?? ''))).toEqual([]);
  });
});
