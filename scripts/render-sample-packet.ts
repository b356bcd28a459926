/**
 * Renders the example request's packet to /tmp so a person can look at it:
 *   npx tsx scripts/render-sample-packet.ts [outDir]
 * writes packet.pdf, pas-bundle.json and, when poppler's pdftoppm is installed, packet-N.png.
 * Also prints the render time of a few warm runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPdf } from '#adapters/pdf/render.ts';
import { loadTemplates } from '#adapters/templates.ts';
import { composePacketLetter } from '#core/packet/letter.ts';
import { buildPasBundle } from '#core/packet/pas-bundle.ts';
import { samplePacketInput } from '../test/fixtures/packet-sample.ts';

const outDir = process.argv[2] ?? '/tmp/durvalumab-pa-sample';
mkdirSync(outDir, { recursive: true });

const input = samplePacketInput();
const templates = loadTemplates();
const spec = composePacketLetter(input, templates);
const pdf = await renderPdf(spec);
writeFileSync(join(outDir, 'packet.pdf'), pdf);
writeFileSync(
  join(outDir, 'pas-bundle.json'),
  `${JSON.stringify(buildPasBundle({ ...input, packetDocumentId: 'doc_sample' }), null, 2)}\n`,
);

const timings: number[] = [];
for (let i = 0; i < 15; i++) {
  const start = performance.now();
  await renderPdf(composePacketLetter(input, templates));
  timings.push(performance.now() - start);
}
timings.sort((a, b) => a - b);
const p50 = timings[Math.floor(timings.length / 2)] ?? 0;
console.log(
  `packet.pdf: ${pdf.length} bytes; warm render p50 ${p50.toFixed(1)} ms (min ${timings[0]?.toFixed(1)} ms)`,
);

try {
  execFileSync('pdftoppm', ['-r', '80', '-png', join(outDir, 'packet.pdf'), join(outDir, 'packet')]);
  console.log(`pages rendered to ${outDir}/packet-N.png`);
} catch {
  console.log('pdftoppm not found (apt-get install -y poppler-utils): PNGs skipped');
}
console.log(`written to ${outDir}`);
