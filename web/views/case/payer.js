// The payer half of the case page: the decision, appeals and corrected claims, history (claims: ../claims.js).
import { h } from '../../dom.js';
import { deadline, formatDate, formatDateTime, statusBadge } from '../../format.js';
import { dataTable, definitions, section } from '../parts.js';
import { documentButton } from './documents.js';

export function decisionSection(decision) {
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

export function appealsSection(appeals) {
  if (!appeals?.length) return null;
  return section(
    'appeals-h',
    'Appeals and corrected claims',
    dataTable({
      table: { class: 'appeals' },
      columns: ['Remedy', 'Subject', 'Level', 'Status', 'Due', 'Document'],
      rows: appeals.map((a) =>
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
    }),
  );
}

export function historySection(history) {
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
