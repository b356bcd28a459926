/**
 * Renders sample remedies to /tmp so a person can read them as a payer would:
 *   npx tsx scripts/render-sample-appeals.ts [outDir]
 * writes appeal-medical-necessity.pdf (PA denied, CARC 50 + N386), appeal-units.pdf (a claim
 * billed right but denied CARC 153), corrected-claim-j9376.pdf (a durvalumab line billed as
 * J9376 per mg) and, when poppler's pdftoppm is installed, a PNG per page.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPdf } from '#adapters/pdf/render.ts';
import { loadTemplates } from '#adapters/templates.ts';
import { composeAppeal } from '#core/remedies/compose-appeal.ts';
import { APPEAL_VARIANTS, appealSpec } from '../bench/workloads.ts';
import { appealInput } from '../test/unit/support/appeal-case.ts';

const outDir = process.argv[2] ?? '/tmp/durvalumab-appeals-sample';
mkdirSync(outDir, { recursive: true });
const templates = loadTemplates();

const samples = [
  {
    name: 'appeal-medical-necessity',
    spec: composeAppeal(
      appealInput({
        reasons: [
          { system: 'CARC', code: '50', group: 'CO' },
          { system: 'RARC', code: 'N386' },
        ],
      }),
      templates,
    ),
  },
  // The same claim-units appeal and J9376 corrected claim the bench renders (no packet enclosed).
  {
    name: 'appeal-units',
    spec: appealSpec(new Uint8Array(), APPEAL_VARIANTS.indexOf('claim units (Medicare)')),
  },
  {
    name: 'corrected-claim-j9376',
    spec: appealSpec(new Uint8Array(), APPEAL_VARIANTS.indexOf('corrected claim (J9376 billed)')),
  },
];

for (const { name, spec } of samples) {
  const pdf = await renderPdf(spec);
  const file = join(outDir, `${name}.pdf`);
  writeFileSync(file, pdf);
  console.log(`${file}: ${pdf.length} bytes`);
  try {
    execFileSync('pdftoppm', ['-r', '80', '-png', file, join(outDir, name)]);
  } catch {
    console.log('pdftoppm not found: install poppler-utils to get PNG pages');
  }
}
console.log(`template version ${templates.version}`);
