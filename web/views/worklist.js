// The worklist: cases by status and most urgent deadline, filters, paging with nextToken.
import { listCases } from '../api.js';
import { announce, h, render } from '../dom.js';
import {
  deadline,
  deadlineUrgency,
  formatDate,
  formatDateTime,
  STATUSES,
  statusBadge,
  statusLabel,
  verdictBadge,
} from '../format.js';
import { dataTable, flagList, problemNotice, quietButton } from './parts.js';
import { claimsCell, claimsColumn, fillClaimCells } from './worklist-claims.js';

const PAGE_SIZE = 25;
/** nextTokens of the pages before the current one, for "Previous page". */
let previousTokens = [];
let lastFilterKey = '';

function filtersFrom(query) {
  return {
    status: query.get('status') ?? '',
    payerId: query.get('payerId') ?? '',
    dueBefore: query.get('dueBefore') ?? '',
    token: query.get('token') ?? '',
  };
}

function hashFor(filters) {
  const q = new URLSearchParams();
  for (const key of ['status', 'payerId', 'dueBefore', 'token']) if (filters[key]) q.set(key, filters[key]);
  const s = q.toString();
  return s ? `#/worklist?${s}` : '#/';
}

/** `YYYY-MM-DD` from the date input -> the end of that day in UTC, as the API wants. */
export function dueBeforeParam(date) {
  return date ? `${date}T23:59:59Z` : undefined;
}

function filterForm(filters) {
  const status = h(
    'select',
    { id: 'f-status', name: 'status' },
    h('option', { value: '' }, 'Any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, statusLabel(s))),
  );
  const payer = h('input', {
    id: 'f-payer',
    name: 'payerId',
    type: 'text',
    value: filters.payerId,
    placeholder: 'e.g. demo-medicaid',
    autocomplete: 'off',
  });
  const due = h('input', { id: 'f-due', name: 'dueBefore', type: 'date', value: filters.dueBefore });
  return h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Filter the worklist',
      on: {
        submit: (event) => {
          event.preventDefault();
          location.hash = hashFor({
            status: status.value,
            payerId: payer.value.trim(),
            dueBefore: due.value,
          });
        },
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'f-status' }, 'Status'), status),
    h('div', { class: 'field' }, h('label', { for: 'f-payer' }, 'Payer id'), payer),
    h('div', { class: 'field' }, h('label', { for: 'f-due' }, 'Due before'), due),
    h(
      'div',
      { class: 'filters__actions' },
      h('button', { type: 'submit', class: 'button' }, 'Apply filters'),
      filters.status || filters.payerId || filters.dueBefore
        ? h('a', { href: '#/', class: 'button button--quiet' }, 'Clear')
        : null,
    ),
  );
}

/** The hidden heading that names the results region for screen readers. */
const resultsHeading = () => h('h2', { id: 'results-heading', class: 'visually-hidden' }, 'Cases');

function caseRow(item, now) {
  const u = deadlineUrgency(item.dueAt, now);
  return h(
    'tr',
    { class: `row row--${u.level}` },
    h('td', { class: 'cell-due' }, deadline(item.dueAt, now)),
    h(
      'th',
      { scope: 'row' },
      item.patient ? h('span', { class: 'patient-name' }, item.patient.name) : null,
      item.patient ? h('span', { class: 'muted small' }, ` · ${item.patient.id}`) : null,
      item.patient ? h('br') : null,
      h('a', { href: `#/cases/${encodeURIComponent(item.caseId)}`, class: 'case-link' }, item.caseId),
      item.priority === 'expedited' ? h('span', { class: 'badge priority' }, 'Expedited') : null,
    ),
    h('td', { class: 'cell-status' }, statusBadge(item.status)),
    h(
      'td',
      {},
      h('span', { class: 'payer-name' }, item.payer?.name ?? item.payer?.id),
      h('br'),
      h('span', { class: 'muted small payer-id' }, item.payer?.id),
    ),
    h('td', {}, verdictBadge(item.verdict)),
    h('td', {}, item.flags?.length ? flagList(item.flags) : h('span', { class: 'muted' }, '—')),
    claimsCell(item),
    h(
      'td',
      { class: 'muted small cell-updated' },
      h(
        'time',
        { datetime: item.updatedAt, title: formatDateTime(item.updatedAt) },
        formatDate(item.updatedAt),
      ),
    ),
  );
}

export async function showWorklist(main, query) {
  const filters = filtersFrom(query);
  const filterKey = `${filters.status}|${filters.payerId}|${filters.dueBefore}`;
  if (filterKey !== lastFilterKey || !filters.token) previousTokens = [];
  lastFilterKey = filterKey;

  const heading = h('h1', {}, 'Worklist');
  const results = h('section', { 'aria-labelledby': 'results-heading', class: 'results' });
  render(
    main,
    h('div', { class: 'page-head' }, heading, h('a', { href: '#/submit', class: 'button' }, 'New request')),
    h(
      'p',
      { class: 'lede' },
      'Cases with the most urgent deadline first: the payer’s decision while it is pending, the appeal once there is one.',
    ),
    filterForm(filters),
    results,
  );
  results.append(resultsHeading(), h('p', { class: 'muted' }, 'Loading cases…'));

  const params = { limit: String(PAGE_SIZE) };
  if (filters.status) params.status = filters.status;
  if (filters.payerId) params.payerId = filters.payerId;
  if (filters.dueBefore) params.dueBefore = dueBeforeParam(filters.dueBefore);
  if (filters.token) params.nextToken = filters.token;

  let page;
  try {
    page = await listCases(params);
  } catch (error) {
    if (error.status === 401) return;
    results.replaceChildren(resultsHeading(), problemNotice('The worklist could not be loaded', error));
    return;
  }
  const now = new Date();
  const items = page.items ?? [];
  const legend = h(
    'p',
    { class: 'legend small' },
    'Deadlines: ',
    h('span', { class: 'badge urgency urgency--overdue' }, 'Overdue'),
    ' ',
    h('span', { class: 'badge urgency urgency--critical' }, 'Under 3 days'),
    ' ',
    h('span', { class: 'badge urgency urgency--soon' }, 'Under 14 days'),
  );
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    previousTokens.length > 0 || filters.token
      ? quietButton('← Previous page', () => {
          const previous = previousTokens.pop() ?? '';
          location.hash = hashFor({ ...filters, token: previous });
        })
      : null,
    page.nextToken
      ? quietButton('Next page →', () => {
          previousTokens.push(filters.token);
          location.hash = hashFor({ ...filters, token: page.nextToken });
        })
      : null,
  );
  const overdue = items.filter((i) => deadlineUrgency(i.dueAt, now).level === 'overdue').length;
  const summary = h(
    'p',
    { class: 'summary' },
    `${items.length} case${items.length === 1 ? '' : 's'} on this page`,
    overdue ? h('strong', { class: 'text-overdue' }, ` · ${overdue} overdue`) : null,
  );
  if (items.length === 0) {
    results.replaceChildren(
      resultsHeading(),
      h(
        'div',
        { class: 'card empty' },
        h('p', {}, 'No cases match these filters.'),
        h('a', { href: '#/submit' }, 'Submit a new request'),
      ),
      pager,
    );
    announce('No cases match.');
    return;
  }
  results.replaceChildren(
    resultsHeading(),
    h('div', { class: 'results-head' }, summary, legend),
    dataTable({
      wrap: { tabindex: '0', role: 'region', 'aria-label': 'Cases table' },
      table: { class: 'worklist' },
      columns: ['Deadline', 'Case', 'Status', 'Payer', 'Assessment', 'Flags', claimsColumn(), 'Updated'],
      rows: items.map((item) => caseRow(item, now)),
    }),
    pager,
  );
  announce(`${items.length} cases loaded${overdue ? `, ${overdue} overdue` : ''}.`);
  await fillClaimCells(results);
}
