/**
 * The pure domain in this process: assessments per second and packet and appeal PDFs per second
 * (with their bytes), each against a floor measured just before it in the same run:
 * - an assessment against validating the same request with its zod schema;
 * - a PDF render against a one-page pdf-lib document with one line of text (the least a render
 *   can cost).
 */
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PriorAuthRequest } from '#schemas/prior-auth-request.ts';
import { benchRequest } from './http.ts';
import { median, percentile, ratio, round } from './stats.ts';
import {
  APPEAL_VARIANTS,
  appealSpec,
  assessOnce,
  packetSpec,
  parsedRequest,
  renderPdf,
} from './workloads.ts';

export interface LoopResult {
  runs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `fn` after a warm-up until the time budget or the run cap is spent; times each run. */
export async function timedLoop(
  fn: (i: number) => unknown,
  options: { budgetMs: number; maxRuns: number; warmup?: number },
): Promise<LoopResult & { samples: number[] }> {
  for (let i = 0; i < (options.warmup ?? 5); i++) await fn(i);
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < options.maxRuns && performance.now() - started < options.budgetMs) {
    const t = performance.now();
    await fn(samples.length);
    samples.push(performance.now() - t);
  }
  const total = samples.reduce((a, b) => a + b, 0);
  return {
    runs: samples.length,
    perSecond: round((samples.length / total) * 1000, 1),
    p50Ms: round(median(samples), 3),
    p99Ms: round(percentile(samples, 99), 3),
    samples,
  };
}

export async function minimalPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2026-11-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-11-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc
    .addPage([612, 792])
    .drawText('Durvalumab (J9173) prior authorization', { x: 72, y: 720, size: 11, font });
  return doc.save();
}

export interface DomainFigures {
  assessment: { measured: LoopResult; floor: LoopResult & { what: string }; costRatio: number };
  packetPdf: PdfFigures;
  appealPdf: PdfFigures;
  pdfFloor: LoopResult & { what: string; bytes: number };
}

export interface PdfFigures extends LoopResult {
  bytesP50: number;
  bytesP99: number;
  pages?: undefined;
  variants: string[];
  /** p50 render time / p50 floor render time. */
  costRatio: number;
}

function strip({ samples, ...rest }: LoopResult & { samples: number[] }): LoopResult {
  return rest;
}

export async function benchDomain(options: { budgetMs: number }): Promise<DomainFigures> {
  const { budgetMs } = options;
  const raw = benchRequest();
  const { request } = parsedRequest();

  const floorParse = await timedLoop(() => PriorAuthRequest.parse(raw), { budgetMs, maxRuns: 20_000 });
  const assessed = await timedLoop(() => assessOnce(request), { budgetMs, maxRuns: 20_000 });

  const pdfFloorBytes = await minimalPdf();
  const pdfFloor = await timedLoop(() => minimalPdf(), { budgetMs, maxRuns: 2_000 });

  // Packet: the same composition as AssemblePacket (assess, bill, letter, attachment merged).
  const packetPlans = ['commercial', 'medicare_advantage', 'medicaid'] as const;
  const packetBytes: number[] = [];
  let lastPacket: Uint8Array = new Uint8Array();
  const packet = await timedLoop(
    async (i) => {
      const spec = packetSpec(`pa_bench${String(i).padStart(22, '0')}`, packetPlans[i % packetPlans.length]);
      lastPacket = await renderPdf(spec);
      packetBytes.push(lastPacket.length);
    },
    { budgetMs, maxRuns: 2_000, warmup: 3 },
  );

  // Appeal: composition and render, as ComposeRemedy does (the packet enclosed where it applies).
  const appealBytes: number[] = [];
  const appeal = await timedLoop(
    async (i) => {
      const pdf = await renderPdf(appealSpec(lastPacket, i));
      appealBytes.push(pdf.length);
    },
    { budgetMs, maxRuns: 2_000, warmup: 3 },
  );

  return {
    assessment: {
      measured: strip(assessed),
      floor: { ...strip(floorParse), what: 'PriorAuthRequest.parse of the same request (zod)' },
      costRatio: ratio(assessed.p50Ms, floorParse.p50Ms),
    },
    packetPdf: {
      ...strip(packet),
      bytesP50: median(packetBytes),
      bytesP99: percentile(packetBytes, 99),
      variants: packetPlans.map((p) => `example request, ${p} plan, attachment merged`),
      costRatio: ratio(packet.p50Ms, pdfFloor.p50Ms),
    },
    appealPdf: {
      ...strip(appeal),
      bytesP50: median(appealBytes),
      bytesP99: percentile(appealBytes, 99),
      variants: [...APPEAL_VARIANTS],
      costRatio: ratio(appeal.p50Ms, pdfFloor.p50Ms),
    },
    pdfFloor: {
      ...strip(pdfFloor),
      what: 'pdf-lib: one page, one line of Helvetica, saved',
      bytes: pdfFloorBytes.length,
    },
  };
}
