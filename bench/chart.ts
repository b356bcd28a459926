/**
 * The chart of the end-to-end cost per case as the load grows, as a small hand-written SVG: the
 * system's and the floor's milliseconds per case against N (log scale), the ratio at each point.
 */
import type { E2eFigures } from './e2e.ts';

const W = 640;
const H = 360;
const M = { left: 64, right: 24, top: 48, bottom: 56 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function costChartSvg(points: readonly E2eFigures[], subtitle: string): string {
  const ns = points.map((p) => p.n);
  const ys = points.flatMap((p) => [p.costPerCaseMs, p.floor.costPerCaseMs]);
  const maxY = Math.max(1, ...ys) * 1.15;
  const logMin = Math.log10(Math.min(...ns));
  const logMax = Math.log10(Math.max(...ns));
  const span = logMax - logMin || 1;
  const x = (n: number) =>
    M.left + (points.length === 1 ? 0.5 : (Math.log10(n) - logMin) / span) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / maxY) * (H - M.top - M.bottom);
  const line = (values: number[], colour: string, dash = '') =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${points
      .map((p, i) => `${x(p.n).toFixed(1)},${y(values[i]!).toFixed(1)}`)
      .join(' ')}"/>` +
    points
      .map(
        (p, i) =>
          `<circle cx="${x(p.n).toFixed(1)}" cy="${y(values[i]!).toFixed(1)}" r="3.5" fill="${colour}"/>`,
      )
      .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = maxY * f;
    return `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${Math.round(v)}</text>`;
  });
  const xLabels = points.map(
    (p) =>
      `<text x="${x(p.n).toFixed(1)}" y="${H - M.bottom + 18}" text-anchor="middle">N = ${p.n.toLocaleString('en-US')}</text>` +
      `<text x="${x(p.n).toFixed(1)}" y="${(y(p.costPerCaseMs) - 10).toFixed(1)}" text-anchor="middle" fill="#b03a2e">${p.costRatio}x</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">
<title>End-to-end cost per case as the load grows: the system against its floor</title>
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${M.left}" y="20" font-size="15" font-weight="bold">End-to-end cost per case (ms) as the load grows</text>
<text x="${M.left}" y="36" fill="#555">${escapeXml(subtitle)}</text>
${ticks.join('\n')}
<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#333"/>
<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>
<text transform="translate(16 ${(H / 2).toFixed(0)}) rotate(-90)" text-anchor="middle">ms per case (wall time / N)</text>
${line(
  points.map((p) => p.costPerCaseMs),
  '#b03a2e',
)}
${line(
  points.map((p) => p.floor.costPerCaseMs),
  '#1f618d',
  '6 4',
)}
${xLabels.join('\n')}
<g transform="translate(${W - M.right - 250} ${M.top})">
<rect width="250" height="44" fill="#fff" stroke="#ccc"/>
<line x1="10" x2="40" y1="15" y2="15" stroke="#b03a2e" stroke-width="2"/><text x="48" y="19">system (ratio to the floor above)</text>
<line x1="10" x2="40" y1="33" y2="33" stroke="#1f618d" stroke-width="2" stroke-dasharray="6 4"/><text x="48" y="37">floor: same writes + renders, direct</text>
</g>
</svg>
`;
}
