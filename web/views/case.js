// One case: status, deadlines, documents, assessment, billing, findings, the payer's decision,
// appeals and the history timeline.
import { getCase } from '../api.js';
import { announce, h, render } from '../dom.js';
import { deadline, formatDateTime, statusBadge, statusLabel } from '../format.js';
import { accessHistorySection } from './case/access-history.js';
import { assessmentSection, billingSection, findingsList } from './case/clinical.js';
import { courseSections } from './case/course.js';
import { documentButton } from './case/documents.js';
import { appealsSection, decisionSection, historySection } from './case/payer.js';
import { teamSection } from './case-team.js';
import { caseClaimsSection } from './claims.js';
import { loadForPage } from './page-load.js';
import { definitions, flagList, section } from './parts.js';

/** Statuses in which the workflow is still moving on its own: the page refreshes itself. */
const MOVING = new Set(['RECEIVED', 'PACKET_READY']);
const REFRESH_MS = 2000;
/** Statuses in which the payer's decision deadline still runs. */
const AWAITING_DECISION = new Set([
  'RECEIVED',
  'PACKET_READY',
  'SUBMITTED',
  'PENDED',
  'NEEDS_INFO',
  'SUBMISSION_FAILED',
]);
const REFRESH_FOR_MS = 60_000;
let refreshTimer;

const DOC_LABELS = {
  packet: 'Prior-auth packet',
  appeal: 'Appeal letter',
  corrected_claim: 'Corrected-claim instruction',
  pas_bundle: 'Da Vinci PAS bundle',
  x12_278: 'X12 278 request',
};

export function caseContent(c) {
  const packets = (c.documents ?? []).filter(
    (d) => d.kind === 'packet' || d.kind === 'pas_bundle' || d.kind === 'x12_278',
  );
  const errors = (c.findings ?? []).filter((f) => f.severity === 'error').length;
  const decided = Boolean(c.decision) && !AWAITING_DECISION.has(c.status);
  return [
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('p', { class: 'crumbs small' }, h('a', { href: '#/' }, '← Worklist')),
        h('h1', {}, 'Case ', h('span', { class: 'code' }, c.caseId)),
      ),
      h('button', { type: 'button', class: 'button button--quiet', id: 'refresh' }, 'Refresh'),
    ),
    h(
      'section',
      { class: 'card case-summary', 'aria-label': 'Summary' },
      definitions([
        ['Status', statusBadge(c.status)],
        [
          'Priority',
          c.priority === 'expedited' ? h('span', { class: 'badge priority' }, 'Expedited') : 'Standard',
        ],
        [
          'Payer',
          `${c.payer?.name ?? c.payer?.id} (${c.payer?.id}, ${statusLabel(c.payer?.planType ?? '')})`,
        ],
        [
          decided ? 'Payer decision was due' : 'Payer decision due',
          !c.deadlines?.payerDecisionDueAt
            ? null
            : decided
              ? h(
                  'span',
                  {},
                  formatDateTime(c.deadlines.payerDecisionDueAt),
                  h('span', { class: 'small muted' }, ` · decided ${formatDateTime(c.decision.decidedAt)}`),
                )
              : deadline(c.deadlines.payerDecisionDueAt),
        ],
        ['Appeal due', c.deadlines?.appealDueAt ? deadline(c.deadlines.appealDueAt) : null],
        ['Flags', c.flags?.length ? flagList(c.flags) : null],
        [
          'Submitted',
          c.submission
            ? `${formatDateTime(c.submission.submittedAt)} via ${c.submission.transport}${c.submission.payerReference ? `, reference ${c.submission.payerReference}` : ''}`
            : null,
        ],
        ['Created', formatDateTime(c.createdAt)],
      ]),
      packets.length
        ? h(
            'div',
            { class: 'docs' },
            packets
              .filter((d) => d.contentType === 'application/pdf')
              .map((d) => documentButton(d.documentId, DOC_LABELS[d.kind] ?? d.kind)),
          )
        : null,
      MOVING.has(c.status)
        ? h(
            'p',
            { class: 'small muted' },
            'The workflow is assembling and sending the packet; this page refreshes itself.',
          )
        : null,
    ),
    teamSection(c),
    h('div', { class: 'grid' }, assessmentSection(c.assessment), billingSection(c.billing)),
    section(
      'findings-h',
      `Findings${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`,
      findingsList(c.findings),
    ),
    decisionSection(c.decision),
    ...courseSections(c),
    appealsSection(c.appeals),
    caseClaimsSection(c),
    historySection(c.history),
    accessHistorySection(c.caseId),
  ];
}

export async function showCase(main, caseId, { startedAt = Date.now(), quiet = false } = {}) {
  clearTimeout(refreshTimer);
  const c = await loadForPage(main, {
    title: 'Case',
    noun: 'case',
    id: caseId,
    back: h('p', { class: 'crumbs small' }, h('a', { href: '#/' }, '← Worklist')),
    load: () => getCase(caseId),
    quiet,
  });
  if (!c) return;
  // The user may have navigated away while the request was in flight.
  if (!location.hash.includes(encodeURIComponent(caseId))) return;
  if (quiet) {
    const focusedId = document.activeElement?.id;
    main.replaceChildren(...caseContent(c));
    if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  } else {
    render(main, ...caseContent(c));
  }
  main
    .querySelector('#refresh')
    ?.addEventListener('click', () =>
      showCase(main, caseId, { quiet: true }).then(() => announce('Case refreshed.')),
    );
  if (MOVING.has(c.status) && Date.now() - startedAt < REFRESH_FOR_MS) {
    refreshTimer = setTimeout(() => showCase(main, caseId, { startedAt, quiet: true }), REFRESH_MS);
  }
}
