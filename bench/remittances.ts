/**
 * The 835 reader against the floor of the X12 library alone (issue 14): a generated 835 of
 * 10,000 claims (tens of MB) is read by lambdas/adapters/x12/remittance-835.ts as a stream, claim
 * by claim, and parsed whole by node-x12's X12Parser.parse (the library's own streaming Transform
 * re-reads the separators from the start of every chunk, so it cannot read a file in pieces).
 * Each runs in a child process of its own, so its peak memory (resourceUsage().maxRSS) is its own.
 * Target: claims per second within 3x of the floor. `node --import tsx bench/remittances.ts`
 * runs it alone; bench/run.ts runs it as a section.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { X12Parser } from 'node-x12';
import { readRemittance } from '../lambdas/adapters/x12/remittance-835.ts';
import { build835Pieces, type Claim835 } from '../test/fixtures/x12/remittance-835.ts';

export interface RemittanceFigures {
  claims: number;
  megabytes: number;
  reader: { ms: number; claimsPerSecond: number; peakRssMb: number };
  floor: { ms: number; claimsPerSecond: number; peakRssMb: number };
  /** The reader's time over the floor's (under 3 meets the target). */
  ratio: number;
  met: boolean;
}

/** A claim of a J9173 infusion day: the drug line and 24 administration and supply lines. */
function benchClaim(i: number): Claim835 {
  const denied = i % 10 === 0;
  const lines: Claim835['lines'] = [
    {
      hcpcs: 'J9173',
      modifiers: ['JZ'],
      units: 150,
      charge: 18750,
      paid: denied ? 0 : 15000,
      allowed: denied ? 0 : 15000,
      adjustments: [{ group: 'CO', code: denied ? '16' : '45', amount: denied ? 18750 : 3750 }],
      remarks: denied ? ['M51', 'N56'] : [],
    },
  ];
  for (let l = 0; l < 24; l++) {
    lines.push({
      hcpcs: l % 2 ? '96413' : '96415',
      units: 1,
      charge: 310,
      paid: 248,
      allowed: 248,
      adjustments: [
        { group: 'CO', code: '45', amount: 42 },
        { group: 'PR', code: '2', amount: 20 },
      ],
    });
  }
  return { claimId: `CLM-BENCH-${String(i).padStart(6, '0')}`, lines };
}

async function writeBenchFile(path: string, claims: number): Promise<void> {
  const out = createWriteStream(path);
  function* claimsOf() {
    for (let i = 0; i < claims; i++) yield benchClaim(i);
  }
  const remittance = { payerId: 'BENCHPAYER', payerName: 'BENCH PAYER', trace: 'BENCH-1', claims: [] };
  for (const piece of build835Pieces(remittance, claimsOf())) {
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

/** In a child: read the file one way, print { ms, claims, maxRssKb }. */
async function child(mode: string, path: string): Promise<void> {
  const started = performance.now();
  let claims = 0;
  if (mode === 'reader') {
    for await (const part of readRemittance(createReadStream(path, { highWaterMark: 64 * 1024 }))) {
      if (part.kind === 'claim') claims += 1;
    }
  } else {
    const interchange = new X12Parser(true).parse(readFileSync(path, 'utf8')) as {
      functionalGroups: Array<{ transactions: Array<{ segments: Array<{ tag: string }> }> }>;
    };
    for (const group of interchange.functionalGroups)
      for (const transaction of group.transactions)
        for (const segment of transaction.segments) if (segment.tag === 'CLP') claims += 1;
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, claims, maxRssKb: process.resourceUsage().maxRSS }));
}

function runChild(mode: 'reader' | 'floor', path: string): { ms: number; claims: number; maxRssKb: number } {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, `--child=${mode}`, path], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out);
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Best of `runs` for each (the machine is shared: the best run is the least disturbed). */
export async function benchRemittances(
  options: { claims?: number; runs?: number } = {},
): Promise<RemittanceFigures> {
  const claims = options.claims ?? 10_000;
  const runs = options.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'pa-bench-835-'));
  try {
    const path = join(dir, 'bench.835');
    await writeBenchFile(path, claims);
    const best = (mode: 'reader' | 'floor') => {
      const results = Array.from({ length: runs }, () => runChild(mode, path));
      for (const r of results)
        if (r.claims !== claims) throw new Error(`${mode} read ${r.claims} claims of ${claims}`);
      return results.reduce((a, b) => (b.ms < a.ms ? b : a));
    };
    const reader = best('reader');
    const floor = best('floor');
    const figure = (r: { ms: number; maxRssKb: number }) => ({
      ms: round(r.ms),
      claimsPerSecond: Math.round((claims / r.ms) * 1000),
      peakRssMb: round(r.maxRssKb / 1024),
    });
    const ratio = round(reader.ms / floor.ms, 2);
    return {
      claims,
      megabytes: round(statSync(path).size / (1024 * 1024)),
      reader: figure(reader),
      floor: figure(floor),
      ratio,
      met: ratio <= 3,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function remittanceTable(f: RemittanceFigures): string {
  return [
    `835 of ${f.claims} claims (${f.megabytes} MB)`,
    '| reader | ms | claims/s | peak RSS MB |',
    '| --- | ---: | ---: | ---: |',
    `| remittance-835.ts (stream, claim by claim) | ${f.reader.ms} | ${f.reader.claimsPerSecond} | ${f.reader.peakRssMb} |`,
    `| node-x12 X12Parser.parse (floor, whole file) | ${f.floor.ms} | ${f.floor.claimsPerSecond} | ${f.floor.peakRssMb} |`,
    `time ratio reader/floor ${f.ratio} (target within 3x: ${f.met ? 'met' : 'missed'})`,
  ].join('\n');
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) {
  await child(childArg.slice('--child='.length), process.argv.at(-1) ?? '');
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await remittanceSection(process.argv.includes('--quick')));
}

/** bench/run.ts's section: the table, on a file of 10,000 claims (1,000 and one run when quick). */
export async function remittanceSection(quick: boolean): Promise<string> {
  return remittanceTable(await benchRemittances(quick ? { claims: 1_000, runs: 1 } : {}));
}
