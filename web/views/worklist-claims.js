// The worklist's claims column. The worklist items carry no claims, so each row whose case can
// have claims (approved or later) reads them from its case, a few requests at a time, and shows
// them as worded badges (denied, partially paid, reversed, not yet remitted, paid). The column's
// header sorts the page's rows: the claims that want a person first, or last.
import { getCase } from '../api.js';
import { h } from '../dom.js';
import { claimStatusOf } from './claim-parts.js';

/** Statuses a case has once a payer approved it: only these can carry claims. */
const AFTER_APPROVAL = new Set([
  'APPROVED',
  'PARTIALLY_APPROVED',
  'APPEAL_READY',
  'APPEAL_SUBMITTED',
  'APPEAL_APPROVED',
  'APPEAL_DENIED',
  'NOT_APPEALED',
  'CLOSED',
]);
/** Claim statuses by how much they want a person: the row's rank is its most urgent claim's. */
const ORDER = ['Denied', 'Partially paid', 'Reversed', 'Corrected', 'Not yet remitted', 'Paid'];
const NO_CLAIMS = ORDER.length;
const PARALLEL = 4;

export function claimsCell(item) {
  const pending = AFTER_APPROVAL.has(item.status);
  return h(
    'td',
    {
      class: 'cell-claims',
      dataset: {
        caseId: item.caseId,
        claimsRank: String(NO_CLAIMS),
        ...(pending ? { claimsPending: '' } : {}),
      },
    },
    h('span', { class: 'muted' }, pending ? 'Loading…' : '—'),
  );
}

/** `[{ label, tone, count }]` in ORDER, and the rank of the most urgent one. */
export function claimCounts(claims) {
  const counts = new Map();
  for (const claim of claims ?? []) {
    const { label, tone } = claimStatusOf(claim);
    const seen = counts.get(label);
    counts.set(label, { label, tone, count: (seen?.count ?? 0) + 1 });
  }
  const list = ORDER.filter((label) => counts.has(label)).map((label) => counts.get(label));
  return { list, rank: list.length ? ORDER.indexOf(list[0].label) : NO_CLAIMS };
}

async function fillOne(cell) {
  try {
    const c = await getCase(cell.dataset.caseId);
    const { list, rank } = claimCounts(c.claims);
    cell.dataset.claimsRank = String(rank);
    cell.replaceChildren(
      list.length
        ? h(
            'ul',
            { class: 'flags claim-counts' },
            list.map((s) =>
              h('li', { class: `badge status status--${s.tone}` }, `${s.count} ${s.label.toLowerCase()}`),
            ),
          )
        : h('span', { class: 'muted' }, 'None'),
    );
  } catch (error) {
    if (error.status === 401) return;
    cell.replaceChildren(h('span', { class: 'small muted' }, 'Could not load'));
  }
}

/** Loads the claims of the rows that can have them, PARALLEL at a time. */
export async function fillClaimCells(container) {
  const cells = [...container.querySelectorAll('td.cell-claims[data-claims-pending]')];
  let next = 0;
  const worker = async () => {
    while (next < cells.length) {
      const cell = cells[next];
      next += 1;
      cell.removeAttribute('data-claims-pending');
      await fillOne(cell);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, cells.length) }, worker));
}

/** The column's header: a button that sorts the rows by their claims, most urgent first, then last. */
export function claimsColumn() {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'sort-button',
      on: {
        click: () => {
          const th = button.closest('th');
          const descending = th.getAttribute('aria-sort') !== 'descending';
          const tbody = th.closest('table').tBodies[0];
          const rank = (row) => Number(row.querySelector('td.cell-claims')?.dataset.claimsRank ?? NO_CLAIMS);
          const rows = [...tbody.rows].sort((a, b) => (descending ? rank(a) - rank(b) : rank(b) - rank(a)));
          tbody.append(...rows);
          th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
          button.querySelector('.sort-mark').textContent = descending ? ' ▼' : ' ▲';
        },
      },
    },
    'Claims',
    h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, ''),
    h('span', { class: 'visually-hidden' }, ', sort by claims that need attention'),
  );
  return [button, { class: 'cell-claims', 'aria-sort': 'none' }];
}
