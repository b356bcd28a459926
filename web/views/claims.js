// The case page's claims: each claim's form, payment status, paid amount, the remittances it came
// in (links to the remittance page), the denial's CARC/RARC and the payment's findings (UNDERPAID)
// as those remittances give them, the remedy (appeal letter or corrected claim) and its 837 file.
import { h } from '../dom.js';
import { formatDate, statusBadge } from '../format.js';
import { findingsList } from './case/clinical.js';
import { documentButton } from './case/documents.js';
import {
  adjustmentList,
  claimStatusBadge,
  getRemittance,
  money,
  remarkList,
  remittanceHref,
  x12DownloadButton,
} from './claim-parts.js';
import { dataTable, section } from './parts.js';

const FORMS = { professional: 'Professional (837P)', institutional: 'Institutional (837I)' };

/**
 * What this claim's remittances say of it: its lines (and the claim itself) that carry adjustments
 * or remarks, and the remittances' findings (UNDERPAID against a configured rate).
 */
function remitted(remittances, claimId) {
  const lines = [];
  const findings = [];
  for (const r of remittances) {
    for (const c of r.claims ?? []) {
      if (c.claimId !== claimId) continue;
      if (c.adjustments?.length || c.remarks?.length)
        lines.push({ label: 'Claim', adjustments: c.adjustments, remarks: c.remarks });
      for (const l of c.lines ?? []) {
        if (l.adjustments?.length || l.remarks?.length)
          lines.push({ label: l.hcpcs ?? 'Line', adjustments: l.adjustments, remarks: l.remarks });
      }
      findings.push(...(c.findings ?? []));
    }
  }
  return { lines, findings };
}

/** Fills the codes cell from the claim's remittances (fetched once per remittance per render). */
async function fillCodes(cell, claim, fetchRemittance) {
  if (!claim.remittanceIds?.length) {
    cell.replaceChildren(h('span', { class: 'muted' }, '—'));
    return;
  }
  cell.setAttribute('aria-busy', 'true');
  try {
    const remittances = await Promise.all(claim.remittanceIds.map(fetchRemittance));
    const { lines, findings } = remitted(remittances, claim.claimId);
    cell.replaceChildren(
      lines.length
        ? h(
            'dl',
            { class: 'claim-codes' },
            lines.map((l) =>
              h(
                'div',
                {},
                h('dt', {}, l.label),
                h('dd', {}, adjustmentList(l.adjustments), remarkList(l.remarks)),
              ),
            ),
          )
        : h('span', { class: 'muted' }, 'None'),
      findings.length ? findingsList(findings) : null,
    );
  } catch (error) {
    cell.replaceChildren(h('span', { class: 'small' }, `Could not load: ${error.message}`));
  } finally {
    cell.removeAttribute('aria-busy');
  }
}

function remedyCell(claimId, appeals) {
  const mine = appeals.filter((a) => a.subject === 'claim' && a.claimId === claimId);
  const correcting = appeals.find((a) => a.correctedClaimId === claimId);
  return h(
    'td',
    { class: 'claim-remedy' },
    correcting ? h('p', { class: 'small' }, 'Corrects ', h('code', {}, correcting.claimId)) : null,
    mine.length === 0 && !correcting ? h('span', { class: 'muted' }, '—') : null,
    mine.map((a) =>
      h(
        'div',
        { class: 'remedy' },
        h(
          'p',
          {},
          a.remedy === 'corrected_claim'
            ? ['Corrected claim', a.correctedClaimId ? [' ', h('code', {}, a.correctedClaimId)] : null]
            : a.remedy === 'appeal'
              ? 'Appeal letter'
              : 'No remedy',
          ' ',
          statusBadge(a.status),
        ),
        a.instructions ? h('p', { class: 'small' }, a.instructions) : null,
        a.correctedClaimId ? x12DownloadButton(a.correctedClaimId) : null,
        a.documentId
          ? documentButton(a.documentId, a.remedy === 'corrected_claim' ? 'instruction' : 'appeal')
          : null,
      ),
    ),
  );
}

function claimRow(claim, appeals, fetchRemittance) {
  const codes = h('td', { class: 'claim-codes-cell' }, h('span', { class: 'muted' }, 'Loading…'));
  fillCodes(codes, claim, fetchRemittance);
  const findings = claim.findings ?? [];
  return h(
    'tr',
    { dataset: { claimId: claim.claimId } },
    h(
      'th',
      { scope: 'row' },
      h('code', {}, claim.claimId),
      h('br'),
      h('span', { class: 'small muted' }, FORMS[claim.form] ?? 'Professional (837P)'),
      h('br'),
      h('span', { class: 'small muted' }, `Received ${formatDate(claim.receivedAt)}`),
      findings.length
        ? h(
            'details',
            { class: 'claim-findings' },
            h('summary', {}, `${findings.length} scrub finding${findings.length === 1 ? '' : 's'}`),
            findingsList(findings),
          )
        : null,
    ),
    h('td', { class: 'claim-status-cell' }, claimStatusBadge(claim)),
    h('td', { class: 'num claim-paid' }, money(claim.paidAmount)),
    h(
      'td',
      { class: 'claim-remittances' },
      claim.remittanceIds?.length
        ? h(
            'ul',
            { class: 'plain' },
            claim.remittanceIds.map((id) => h('li', {}, h('a', { href: remittanceHref(id) }, id))),
          )
        : h('span', { class: 'muted' }, 'None yet'),
    ),
    codes,
    remedyCell(claim.claimId, appeals),
    h('td', {}, x12DownloadButton(claim.claimId)),
  );
}

/** The case's claims table, or nothing when it has no claims. */
export function caseClaimsSection(c) {
  if (!c.claims?.length) return null;
  const cache = new Map();
  const fetchRemittance = (id) => {
    if (!cache.has(id)) cache.set(id, getRemittance(id));
    return cache.get(id);
  };
  return section(
    'claims-h',
    'Claims',
    dataTable({
      wrap: { tabindex: '0', role: 'region', 'aria-label': 'Claims table' },
      table: { class: 'claims' },
      columns: ['Claim', 'Status', 'Paid', 'Remittances', 'Denial codes (CARC / RARC)', 'Remedy', '837 file'],
      rows: c.claims.map((claim) => claimRow(claim, c.appeals ?? [], fetchRemittance)),
    }),
  );
}
