// The case page's access history, for admins: who read or changed the case and its documents,
// when, and whether it was allowed (GET /v1/audit-events?caseId=, newest first). The section stays
// hidden until the events arrive: a caller without the admin role gets 403, and the section goes.
import { api } from '../../api.js';
import { h } from '../../dom.js';
import { formatDateTime } from '../../format.js';
import { dataTable, problemNotice } from '../parts.js';

const PAGE = 100;

const ACTORS = {
  client: 'Client',
  user: 'User',
  payer: 'Payer',
  operator: 'Operator',
  system: 'System',
};

function eventRow(event) {
  const denied = event.outcome === 'denied';
  return h(
    'tr',
    { class: denied ? 'access--denied' : null },
    h('th', { scope: 'row' }, h('time', { datetime: event.at }, formatDateTime(event.at))),
    h(
      'td',
      {},
      `${ACTORS[event.actor?.type] ?? event.actor?.type ?? ''} `,
      h('span', { class: 'code' }, event.actor?.id ?? ''),
    ),
    h('td', {}, h('span', { class: 'code' }, event.action)),
    h('td', {}, event.documentId ? h('span', { class: 'code' }, event.documentId) : ''),
    h('td', {}, denied ? h('strong', {}, 'Denied') : 'Allowed'),
  );
}

async function fill(card, body, caseId) {
  try {
    const page = await api('GET', `/v1/audit-events?caseId=${encodeURIComponent(caseId)}&limit=${PAGE}`);
    const items = page.items ?? [];
    body.replaceChildren(
      items.length
        ? dataTable({
            wrap: { id: 'access-history' },
            caption: h(
              'caption',
              {},
              `Who accessed this case, newest first${page.nextToken ? ` (the latest ${items.length})` : ''}`,
            ),
            columns: ['When', 'Who', 'Action', 'Document', 'Outcome'],
            rows: items.map(eventRow),
          })
        : h('p', { class: 'muted' }, 'No access recorded yet.'),
    );
    card.hidden = false;
  } catch (error) {
    // Not an admin (403) or signed out (401): the section is not for this person.
    if (error.status === 403 || error.status === 401) {
      card.remove();
      return;
    }
    body.replaceChildren(problemNotice('The access history could not be loaded', error));
    card.hidden = false;
  }
}

/** The "Access history" card of a case: filled (or removed) once GET /v1/audit-events answers. */
export function accessHistorySection(caseId) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading the access history…'));
  const card = h(
    'section',
    { class: 'card', 'aria-labelledby': 'access-h', hidden: true },
    h('h2', { id: 'access-h' }, 'Access history'),
    body,
  );
  void fill(card, body, caseId);
  return card;
}
