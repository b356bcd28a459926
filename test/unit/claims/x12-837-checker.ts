/**
 * A structural check of an 837P or 837I: parse it back with node-x12, put every segment in its
 * loop, and check each loop against a compact table of the implementation guides' required
 * segments and code lists (our own extract: ASC X12N 005010X222A1 "Health Care Claim:
 * Professional" and 005010X223A2 "Health Care Claim: Institutional", with their errata A2/A3 that
 * the public samples use), the loops' order, and the trailers' counts. It answers the problems
 * found, one string each, so a test asserts `[]` and a broken file names its segment.
 */
import { X12Parser, type X12Segment } from 'node-x12';

export type Form = 'professional' | 'institutional';

interface SegmentRule {
  tag: string;
  /** Element (1-based, "5-2" for a component) → the codes the guide allows there. */
  codes?: Record<string, readonly string[]>;
  /** Element → a pattern its value must match. */
  patterns?: Record<string, RegExp>;
  /** Only this qualifier in element 1 is the required one (e.g. REF*EI). */
  qualifier?: string;
}

interface LoopRule {
  loop: string;
  name: string;
  required: boolean;
  segments: SegmentRule[];
}

const VERSIONS: Record<Form, readonly string[]> = {
  professional: ['005010X222A1', '005010X222A2'],
  institutional: ['005010X223A2', '005010X223A3'],
};

/** SBR09 claim filing indicator code list (both guides). */
const FILING = ['11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM'];
const FILING_MORE = ['MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ'];

/** The loops each guide requires (R) and the situational ones this product writes (S), in order. */
function loopTable(form: Form): LoopRule[] {
  const p = form === 'professional';
  return [
    {
      loop: 'header',
      name: 'Transaction Set Header, Beginning of Hierarchical Transaction (R)',
      required: true,
      segments: [
        { tag: 'ST', codes: { '1': ['837'], '3': VERSIONS[form] } },
        { tag: 'BHT', codes: { '1': ['0019'], '2': ['00', '18'], '6': ['31', 'CH', 'RP'] } },
      ],
    },
    {
      loop: '1000A',
      name: 'Submitter Name (R)',
      required: true,
      segments: [
        { tag: 'NM1', codes: { '1': ['41'], '2': ['1', '2'], '8': ['46'] } },
        { tag: 'PER', codes: { '1': ['IC'], '3': ['EM', 'FX', 'TE'] } },
      ],
    },
    {
      loop: '1000B',
      name: 'Receiver Name (R)',
      required: true,
      segments: [{ tag: 'NM1', codes: { '1': ['40'], '2': ['2'], '8': ['46'] } }],
    },
    {
      loop: '2000A',
      name: 'Billing Provider Hierarchical Level (R)',
      required: true,
      segments: [{ tag: 'HL', codes: { '3': ['20'], '4': ['1'] } }],
    },
    {
      loop: '2010AA',
      name: 'Billing Provider Name (R): NPI, address, tax id',
      required: true,
      segments: [
        { tag: 'NM1', codes: { '1': ['85'], '2': ['1', '2'], '8': ['XX'] }, patterns: { '9': /^\d{10}$/ } },
        { tag: 'N3' },
        { tag: 'N4' },
        { tag: 'REF', qualifier: 'EI', codes: { '1': ['EI', 'SY'] }, patterns: { '2': /^\d{9}$/ } },
      ],
    },
    {
      loop: '2000B',
      name: 'Subscriber Hierarchical Level (R)',
      required: true,
      segments: [
        { tag: 'HL', codes: { '3': ['22'], '4': ['0', '1'] } },
        {
          tag: 'SBR',
          codes: {
            '1': ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U'],
            '9': [...FILING, ...FILING_MORE],
          },
        },
      ],
    },
    {
      loop: '2010BA',
      name: 'Subscriber Name (R)',
      required: true,
      segments: [{ tag: 'NM1', codes: { '1': ['IL'], '2': ['1', '2'], '8': ['II', 'MI'] } }],
    },
    {
      loop: '2010BB',
      name: 'Payer Name (R)',
      required: true,
      segments: [{ tag: 'NM1', codes: { '1': ['PR'], '2': ['2'], '8': ['PI', 'XV'] } }],
    },
    {
      loop: '2300',
      name: 'Claim Information (R): CLM, diagnoses',
      required: true,
      segments: [
        {
          tag: 'CLM',
          codes: {
            '5-2': [p ? 'B' : 'A'],
            '5-3': ['1', '7', '8'],
            '7': ['A', 'B', 'C'],
            '8': ['N', 'W', 'Y'],
            '9': ['I', 'Y'],
          },
          patterns: { '5-1': p ? /^\d{2}$/ : /^\d{2}$/ },
        },
        ...(p ? [] : [{ tag: 'DTP', qualifier: '434', codes: { '2': ['RD8'] } }]),
        { tag: 'HI', codes: { '1-1': ['ABK', 'BK'] } },
      ],
    },
    {
      loop: p ? '2310B' : '2310A',
      name: p ? 'Rendering Provider Name (S)' : 'Attending Provider Name (S)',
      required: false,
      segments: [{ tag: 'NM1', codes: { '1': [p ? '82' : '71'], '2': ['1', '2'] } }],
    },
    {
      loop: '2400',
      name: 'Service Line Number (R): LX, the service, its date',
      required: true,
      segments: [
        { tag: 'LX', patterns: { '1': /^\d+$/ } },
        p
          ? { tag: 'SV1', codes: { '1-1': ['ER', 'HC', 'IV', 'WK'], '3': ['MJ', 'UN'] } }
          : {
              tag: 'SV2',
              codes: { '2-1': ['ER', 'HC', 'HP', 'IV', 'WK'], '4': ['DA', 'UN'] },
              patterns: { '1': /^\d{4}$/ },
            },
        ...(p ? [{ tag: 'DTP', qualifier: '472', codes: { '2': ['D8', 'RD8'] } }] : []),
      ],
    },
    {
      loop: '2410',
      name: 'Drug Identification (S): NDC and its quantity',
      required: false,
      segments: [
        {
          tag: 'LIN',
          codes: { '2': ['N4', 'EN', 'EO', 'HI', 'N5', 'N6', 'UK', 'UP'] },
          patterns: { '3': /^\d{11}$/ },
        },
        { tag: 'CTP', codes: { '5-1': ['F2', 'GR', 'ME', 'ML', 'UN'] } },
      ],
    },
  ];
}

const ORDER =
  'header 1000A 1000B 2000A 2010AA 2010AB 2000B 2010BA 2010BB 2000C 2010CA 2300 2310 2320 2330 2400 2410 2420 2430 trailer'.split(
    ' ',
  );
/** Loops that may start again (another subscriber, claim or line) after later ones. */
const REPEATING = new Set('2000A 2000B 2000C 2300 2320 2330 2400 2410 2420 2430'.split(' '));

/** The loop of a segment, from where the previous one was. */
function loopOf(segment: X12Segment, current: string, form: Form): string {
  const e1 = segment.valueOf(1) ?? '';
  const inClaim = current.startsWith('23');
  const inLine = current.startsWith('24');
  switch (segment.tag) {
    case 'ST':
    case 'BHT':
      return 'header';
    case 'SE':
      return 'trailer';
    case 'HL':
      return { '20': '2000A', '22': '2000B', '23': '2000C' }[segment.valueOf(3) ?? ''] ?? 'HL?';
    case 'CLM':
      return '2300';
    case 'LX':
      return '2400';
    case 'LIN':
      return '2410';
    case 'SBR':
      return inClaim || inLine ? '2320' : current;
    case 'NM1': {
      if (inLine) return '2420';
      if (current.startsWith('232') || current.startsWith('233')) return '2330';
      if (current.startsWith('23')) return clinicianLoop(e1, form);
      const byEntity: Record<string, string> = {
        '41': '1000A',
        '40': '1000B',
        '85': '2010AA',
        '87': '2010AB',
        IL: '2010BA',
        PR: '2010BB',
        QC: '2010CA',
      };
      return byEntity[e1] ?? current;
    }
    default:
      return current;
  }
}

function clinicianLoop(entity: string, form: Form): string {
  if (form === 'professional') return entity === '82' ? '2310B' : '2310';
  return entity === '71' ? '2310A' : '2310';
}

function element(segment: X12Segment, position: string): string {
  const [e, c] = position.split('-').map(Number);
  const value = segment.valueOf(e ?? 0) ?? '';
  return c ? (value.split(':')[c - 1] ?? '') : value;
}

/** "5-1" → "05-1", "9" → "09", as the guides name elements. */
const label = (position: string) => position.replace(/^\d+/, (n) => n.padStart(2, '0'));

function checkSegment(rule: SegmentRule, segment: X12Segment, where: string): string[] {
  const problems: string[] = [];
  for (const [position, allowed] of Object.entries(rule.codes ?? {})) {
    const value = element(segment, position);
    if (!allowed.includes(value))
      problems.push(`${where} ${rule.tag}${label(position)} "${value}" is not one of ${allowed.join(',')}`);
  }
  for (const [position, pattern] of Object.entries(rule.patterns ?? {})) {
    const value = element(segment, position);
    if (!pattern.test(value))
      problems.push(`${where} ${rule.tag}${label(position)} "${value}" does not match ${pattern}`);
  }
  return problems;
}

interface LoopInstance {
  loop: string;
  segments: X12Segment[];
}

/** The problems of an 837 of the form, in file order; [] when it passes. */
export function check837(x12: string, form: Form): string[] {
  const interchange = new X12Parser(false).parse(x12.trim()) as unknown as {
    header: X12Segment;
    trailer: X12Segment;
    functionalGroups: Array<{
      header: X12Segment;
      trailer: X12Segment;
      transactions: Array<{ header: X12Segment; trailer: X12Segment; segments: X12Segment[] }>;
    }>;
  };
  const problems: string[] = [];
  const groups = interchange.functionalGroups;
  if (interchange.header.valueOf(12) !== '00501')
    problems.push(`ISA12 "${interchange.header.valueOf(12)}" is not 00501`);
  if (interchange.trailer.valueOf(1) !== String(groups.length))
    problems.push('IEA01 does not count the groups');
  if (interchange.trailer.valueOf(2) !== interchange.header.valueOf(13)) problems.push('IEA02 is not ISA13');
  for (const group of groups) {
    if (group.header.valueOf(1) !== 'HC') problems.push(`GS01 "${group.header.valueOf(1)}" is not HC`);
    if (!VERSIONS[form].includes(group.header.valueOf(8) ?? ''))
      problems.push(`GS08 "${group.header.valueOf(8)}" is not a ${form} guide`);
    if (group.trailer.valueOf(1) !== String(group.transactions.length))
      problems.push('GE01 does not count the transactions');
    for (const tx of group.transactions) problems.push(...checkTransaction(tx, form));
  }
  return problems;
}

function checkTransaction(
  tx: { header: X12Segment; trailer: X12Segment; segments: X12Segment[] },
  form: Form,
): string[] {
  const problems: string[] = [];
  const all = [tx.header, ...tx.segments, tx.trailer];
  if (tx.trailer.valueOf(1) !== String(all.length))
    problems.push(`SE01 "${tx.trailer.valueOf(1)}" is not the ${all.length} segments from ST to SE`);
  if (tx.trailer.valueOf(2) !== tx.header.valueOf(2)) problems.push('SE02 is not ST02');
  const instances: LoopInstance[] = [];
  let current = 'header';
  for (const segment of all) {
    const loop = loopOf(segment, current, form);
    const last = instances.at(-1);
    const starts = loop !== current || ['HL', 'CLM', 'LX', 'LIN'].includes(segment.tag);
    if (!last || starts) instances.push({ loop, segments: [segment] });
    else last.segments.push(segment);
    current = loop;
  }
  problems.push(...checkOrder(instances));
  const table = loopTable(form);
  for (const rule of table) {
    const found = instances.filter((i) => i.loop === rule.loop);
    if (rule.required && found.length === 0) problems.push(`loop ${rule.loop} ${rule.name} is missing`);
    found.forEach((instance, n) => {
      problems.push(...checkLoop(rule, instance, `${rule.loop}#${n + 1}`));
    });
  }
  for (const claim of instances.filter((i) => i.loop === '2300')) problems.push(...checkReplacement(claim));
  problems.push(...checkTotals(instances), ...checkHierarchy(all), ...checkSelfAddress(instances));
  return problems;
}

/** CLM02, the claim's total charge, is the sum of its lines' charges (SV102 or SV203). */
function checkTotals(instances: LoopInstance[]): string[] {
  const problems: string[] = [];
  let claim: { id: string; total: number; lines: number } | undefined;
  const close = () => {
    if (claim && Math.abs(claim.total - claim.lines) > 0.005)
      problems.push(`2300 claim ${claim.id} CLM02 ${claim.total} is not the sum of its lines ${claim.lines}`);
  };
  for (const { loop, segments } of instances) {
    const first = segments[0];
    if (loop === '2300' && first?.tag === 'CLM') {
      close();
      claim = { id: first.valueOf(1) ?? '', total: Number(first.valueOf(2)), lines: 0 };
    } else if (loop === '2400' && claim) {
      const service = segments.find((s) => s.tag === 'SV1' || s.tag === 'SV2');
      claim.lines += Number(service?.valueOf(service.tag === 'SV1' ? 2 : 3) ?? 0);
    } else if (loop.startsWith('2000')) {
      close();
      claim = undefined;
    }
  }
  close();
  return problems;
}

/** 2010BA N3/N4 are required when the subscriber is the patient (2000B SBR02 18). */
function checkSelfAddress(instances: LoopInstance[]): string[] {
  return instances.flatMap((instance, i) => {
    const sbr = instance.loop === '2000B' ? instance.segments.find((s) => s.tag === 'SBR') : undefined;
    if (sbr?.valueOf(2) !== '18') return [];
    const name = instances[i + 1];
    const tags = name?.loop === '2010BA' ? name.segments.map((s) => s.tag) : [];
    return tags.includes('N3') && tags.includes('N4')
      ? []
      : ['2010BA lacks N3/N4 of a subscriber who is the patient'];
  });
}

/** HL01 counts from 1 and HL02 names an earlier level (none for the first). */
function checkHierarchy(segments: X12Segment[]): string[] {
  const levels = segments.filter((s) => s.tag === 'HL');
  return levels.flatMap((hl, i) => {
    const parent = hl.valueOf(2) ?? '';
    const problems = hl.valueOf(1) === String(i + 1) ? [] : [`HL01 "${hl.valueOf(1)}" is not ${i + 1}`];
    if (parent !== '' && !(Number(parent) >= 1 && Number(parent) <= i))
      problems.push(`HL02 "${parent}" names no earlier level`);
    return problems;
  });
}

function checkLoop(rule: LoopRule, instance: LoopInstance, where: string): string[] {
  return rule.segments.flatMap((segmentRule) => {
    const match = instance.segments.find(
      (s) => s.tag === segmentRule.tag && (!segmentRule.qualifier || s.valueOf(1) === segmentRule.qualifier),
    );
    if (!match)
      return [
        `${where} lacks ${segmentRule.tag}${segmentRule.qualifier ? `*${segmentRule.qualifier}` : ''} (${rule.name})`,
      ];
    return checkSegment(segmentRule, match, where);
  });
}

/** A replacement (7) or void (8) names the original claim: REF*F8 (Payer Claim Control Number). */
function checkReplacement(claim: LoopInstance): string[] {
  const clm = claim.segments[0];
  const frequency = clm ? element(clm, '5-3') : '';
  if (!['7', '8'].includes(frequency)) return [];
  return claim.segments.some((s) => s.tag === 'REF' && s.valueOf(1) === 'F8' && s.valueOf(2))
    ? []
    : [`2300 claim ${clm?.valueOf(1)} of frequency ${frequency} lacks REF*F8`];
}

function checkOrder(instances: LoopInstance[]): string[] {
  const rank = (loop: string) =>
    ORDER.indexOf(loop.length > 4 && loop.startsWith('23') ? loop.slice(0, 4) : loop);
  const problems: string[] = [];
  let previous = -1;
  for (const { loop } of instances) {
    const r = rank(loop);
    if (r === -1) problems.push(`unknown loop ${loop}`);
    else if (r < previous && !REPEATING.has(loop)) problems.push(`loop ${loop} is out of order`);
    previous = r;
  }
  return problems;
}

/** The segments of the first transaction, as `TAG*e1*e2` strings, for assertions on values. */
export function segmentsOf(x12: string): string[] {
  const interchange = new X12Parser(false).parse(x12.trim()) as unknown as {
    functionalGroups: Array<{ transactions: Array<{ segments: X12Segment[] }> }>;
  };
  return (interchange.functionalGroups[0]?.transactions[0]?.segments ?? []).map((s) =>
    [s.tag, ...s.elements.map((e) => e.value)].join('*'),
  );
}
