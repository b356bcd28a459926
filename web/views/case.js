// One case: status, deadlines, documents, assessment, billing, findings, the payer's decision,
// appeals and the history timeline.
import { getCase, getDocument } from '../api.js';
import { announce, h, render } from '../dom.js';
import {
  deadline,
  flagLabel,
  formatDate,
  formatDateTime,
  severityBadge,
  statusBadge,
  statusLabel,
  verdictBadge,
} from '../format.js';
import { problemNotice } from './worklist.js';

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

function section(id, title, ...content) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

function definitions(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => h('div', { class: 'facts__row' }, h('dt', {}, term), h('dd', {}, value))),
  );
}

/** Fetches a document with the token and opens it as a blob URL in a new tab. */
function documentButton(documentId, label) {
  const status = h('span', { class: 'doc-status small muted', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary',
      dataset: { documentId },
      on: {
        click: async () => {
          button.disabled = true;
          status.textContent = 'Opening…';
          try {
            const blob = await getDocument(documentId);
            const url = URL.createObjectURL(blob);
            // Not 'noopener': with it window.open returns null and the page cannot tell a blocked tab.
            const opened = window.open(url, '_blank');
            if (opened) opened.opener = null;
            status.replaceChildren(
              opened ? 'Opened in a new tab. ' : 'Your browser blocked the new tab. ',
              h('a', { href: url, download: `${documentId}.pdf` }, 'Download the PDF'),
            );
            setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000);
          } catch (error) {
            status.textContent = `Could not open it: ${error.message}`;
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    `Open ${label} (PDF)`,
  );
  return h('span', { class: 'doc' }, button, ' ', status);
}

function metMark(met) {
  if (met === true) return h('span', { class: 'mark mark--met' }, '✓ Met');
  if (met === false) return h('span', { class: 'mark mark--unmet' }, '✗ Not met');
  return h('span', { class: 'mark mark--unknown' }, '? Unknown');
}

function assessmentSection(assessment) {
  if (!assessment)
    return section('assessment-h', 'Assessment', h('p', { class: 'muted' }, 'Not assessed yet.'));
  return section(
    'assessment-h',
    'Assessment',
    h(
      'p',
      { class: 'verdict' },
      verdictBadge(assessment.verdict),
      ' ',
      h('strong', {}, assessment.indicationTitle ?? assessment.indication ?? 'No labeled indication matched'),
    ),
    assessment.summary ? h('p', {}, assessment.summary) : null,
    assessment.labelSummary ? h('blockquote', { class: 'label-text' }, assessment.labelSummary) : null,
    assessment.labelSource ? h('p', { class: 'small muted' }, 'Source: ', assessment.labelSource) : null,
    assessment.supportingEvidence
      ? h('p', { class: 'small' }, 'Supporting evidence: ', assessment.supportingEvidence)
      : null,
    assessment.criteria?.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'criteria' },
            h('caption', { class: 'visually-hidden' }, 'Label criteria and the evidence for each'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Criterion'),
                h('th', { scope: 'col' }, 'Result'),
                h('th', { scope: 'col' }, 'Evidence from the request'),
              ),
            ),
            h(
              'tbody',
              {},
              assessment.criteria.map((c) =>
                h(
                  'tr',
                  {},
                  h(
                    'th',
                    { scope: 'row' },
                    c.description ?? c.id,
                    h('br'),
                    h('code', { class: 'small muted' }, c.id),
                  ),
                  h('td', {}, metMark(c.met)),
                  h('td', {}, c.evidence || '—'),
                ),
              ),
            ),
          ),
        )
      : null,
  );
}

function billingSection(billing) {
  if (!billing) return section('billing-h', 'Billing', h('p', { class: 'muted' }, 'Not computed yet.'));
  return section(
    'billing-h',
    'Billing',
    definitions([
      ['HCPCS', h('strong', { class: 'code' }, billing.hcpcs)],
      ['Billing unit', `${billing.unitMg} mg`],
      ['Dose per administration', `${billing.dosePerAdministrationMg} mg`],
      ['Units per administration', String(billing.unitsPerAdministration)],
      ['Administrations requested', String(billing.administrationsRequested)],
      ['Units requested', h('strong', {}, String(billing.unitsRequested))],
      ['Waste modifier', h('span', { class: 'badge modifier' }, billing.wasteModifier)],
      ['Discarded per administration', `${billing.discardedMg} mg (${billing.discardedUnits} units)`],
      billing.discardedUnitsRequested !== undefined
        ? ['Discarded units, whole request (JW line)', String(billing.discardedUnitsRequested)]
        : ['', null],
      ['Labeled dose', billing.labeledDose ?? null],
    ]),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'vials' },
        h('caption', {}, 'Vials per administration'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'NDC (11-digit)'),
            h('th', { scope: 'col', class: 'num' }, 'Strength'),
            h('th', { scope: 'col', class: 'num' }, 'Count'),
          ),
        ),
        h(
          'tbody',
          {},
          (billing.vials ?? []).map((v) =>
            h(
              'tr',
              {},
              h('td', { class: 'code' }, v.ndc11),
              h('td', { class: 'num' }, `${v.strengthMg} mg`),
              h('td', { class: 'num' }, String(v.count)),
            ),
          ),
        ),
      ),
    ),
  );
}

function findingsList(findings) {
  if (!findings?.length) return h('p', { class: 'muted' }, 'No findings.');
  const order = { error: 0, warning: 1, info: 2 };
  return h(
    'ul',
    { class: 'findings' },
    [...findings]
      .sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3))
      .map((f) =>
        h(
          'li',
          { class: `finding finding--${f.severity}` },
          severityBadge(f.severity),
          ' ',
          h('code', { class: 'finding__code' }, f.code),
          h('p', { class: 'finding__message' }, f.message),
          f.path ? h('p', { class: 'small muted' }, 'Field: ', h('code', {}, f.path)) : null,
        ),
      ),
  );
}

function decisionSection(decision) {
  if (!decision)
    return section(
      'decision-h',
      'Payer decision',
      h('p', { class: 'muted' }, 'No decision from the payer yet.'),
    );
  const reasons = decision.reasons ?? [];
  return section(
    'decision-h',
    'Payer decision',
    definitions([
      ['Outcome', statusBadge(decision.outcome.toUpperCase())],
      ['Decided', formatDateTime(decision.decidedAt)],
      ['Authorization number', decision.authorizationNumber ?? null],
      ['Payer reference', decision.payerReference ?? null],
      ['Approved units', decision.approvedUnits ?? null],
      [
        'Valid',
        decision.validFrom || decision.validTo
          ? `${formatDate(decision.validFrom)} to ${formatDate(decision.validTo)}`
          : null,
      ],
    ]),
    reasons.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Reasons'),
          h(
            'ul',
            { class: 'reasons' },
            reasons.map((r) =>
              h(
                'li',
                {},
                h('code', {}, `${r.system} ${r.group ? `${r.group}-` : ''}${r.code}`),
                r.description ? ` ${r.description}` : '',
              ),
            ),
          ),
        )
      : null,
    decision.requestedDocuments?.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Documents requested'),
          h(
            'ul',
            {},
            decision.requestedDocuments.map((d) => h('li', {}, d)),
          ),
        )
      : null,
    decision.note
      ? h('div', {}, h('h3', {}, 'Note from the payer'), h('blockquote', {}, decision.note))
      : null,
  );
}

function appealsSection(appeals) {
  if (!appeals?.length) return null;
  return section(
    'appeals-h',
    'Appeals and corrected claims',
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'appeals' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Remedy', 'Subject', 'Level', 'Status', 'Due', 'Document'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          appeals.map((a) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                a.remedy === 'corrected_claim'
                  ? 'Corrected claim'
                  : a.remedy === 'appeal'
                    ? 'Appeal letter'
                    : 'None',
                a.reason ? h('p', { class: 'small muted' }, a.reason) : null,
              ),
              h('td', {}, a.subject === 'claim' ? `Claim ${a.claimId ?? ''}` : 'Prior auth'),
              h(
                'td',
                {},
                `${a.level}`,
                a.levelName ? h('span', { class: 'small muted' }, ` ${a.levelName}`) : null,
              ),
              h('td', {}, statusBadge(a.status)),
              h('td', {}, deadline(a.dueAt)),
              h(
                'td',
                {},
                a.documentId
                  ? documentButton(a.documentId, a.remedy === 'corrected_claim' ? 'instruction' : 'appeal')
                  : h('span', { class: 'muted' }, 'Being written…'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function claimsSection(claims) {
  if (!claims?.length) return null;
  return section(
    'claims-h',
    'Claims',
    claims.map((c) =>
      h(
        'div',
        { class: 'claim' },
        h('h3', {}, `Claim ${c.claimId}`, ' ', c.status ? statusBadge(c.status) : null),
        h('p', { class: 'small muted' }, `Received ${formatDateTime(c.receivedAt)}`),
        findingsList(c.findings),
      ),
    ),
  );
}

function historySection(history) {
  return section(
    'history-h',
    'History',
    history?.length
      ? h(
          'ol',
          { class: 'timeline' },
          [...history]
            .reverse()
            .map((e) =>
              h(
                'li',
                { class: `timeline__item${e.applied === false ? ' timeline__item--ignored' : ''}` },
                h('time', { datetime: e.at, class: 'timeline__time' }, formatDateTime(e.at)),
                h(
                  'div',
                  { class: 'timeline__body' },
                  e.status ? statusBadge(e.status) : null,
                  ' ',
                  h('span', { class: 'timeline__event' }, e.event),
                  h('span', { class: 'timeline__source small muted' }, ` · ${e.source}`),
                  e.applied === false ? h('span', { class: 'small muted' }, ' · not applied') : null,
                  e.detail ? h('p', { class: 'small' }, e.detail) : null,
                ),
              ),
            ),
        )
      : h('p', { class: 'muted' }, 'Nothing yet.'),
  );
}

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
        [
          'Flags',
          c.flags?.length
            ? h(
                'ul',
                { class: 'flags' },
                c.flags.map((f) => h('li', { class: 'badge flag' }, flagLabel(f))),
              )
            : null,
        ],
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
    h('div', { class: 'grid' }, assessmentSection(c.assessment), billingSection(c.billing)),
    section(
      'findings-h',
      `Findings${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`,
      findingsList(c.findings),
    ),
    decisionSection(c.decision),
    appealsSection(c.appeals),
    claimsSection(c.claims),
    historySection(c.history),
  ];
}

export async function showCase(main, caseId, { startedAt = Date.now(), quiet = false } = {}) {
  clearTimeout(refreshTimer);
  if (!quiet)
    render(
      main,
      h('h1', {}, 'Case ', h('span', { class: 'code' }, caseId)),
      h('p', { class: 'muted' }, 'Loading…'),
    );
  let c;
  try {
    c = await getCase(caseId);
  } catch (error) {
    if (error.status === 401) return;
    render(
      main,
      h('p', { class: 'crumbs small' }, h('a', { href: '#/' }, '← Worklist')),
      h('h1', {}, error.status === 404 ? 'Case not found' : 'The case could not be loaded'),
      problemNotice(error.status === 404 ? `No case ${caseId}` : 'Error', error),
    );
    return;
  }
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
