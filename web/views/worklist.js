// The worklist: cases by status and most urgent deadline, filters (the assignee among them),
// headers that sort the loaded rows, paging with nextToken, and CSV export of the rows shown.
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
import { CSV_HEADER, csvRow, downloadCsv, toCsv } from './worklist-csv.js';
import {
  assigneeCell,
  assigneeSelect,
  loadTeam,
  nameOf,
  sortableColumn,
  sortValues,
} from './worklist-team.js';

const PAGE_SIZE = 25;
/** nextTokens of the pages before the current one, for "Previous page". */
let previousTokens = [];
let lastFilterKey = '';

function filtersFrom(query) {
  return {
    status: query.get('status') ?? '',
    payerId: query.get('payerId') ?? '',
    dueBefore: query.get('dueBefore') ?? '',
    assignee: query.get('assignee') ?? '',
    token: query.get('token') ?? '',
  };
}

function hashFor(filters) {
  const q = new URLSearchParams();
  for (const key of ['status', 'payerId', 'dueBefore', 'assignee', 'token'])
    if (filters[key]) q.set(key, filters[key]);
  const s = q.toString();
  return s ? `#/worklist?${s}` : '#/';
}

/** `YYYY-MM-DD` from the date input -> the end of that day in UTC, as the API wants. */
export function dueBeforeParam(date) {
  return date ? `${date}T23:59:59Z` : undefined;
}

function filterForm(filters, members) {
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
  const assignee = assigneeSelect(members, filters.assignee);
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
            assignee: assignee.value,
          });
        },
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'f-status' }, 'Status'), status),
    h('div', { class: 'field' }, h('label', { for: 'f-payer' }, 'Payer id'), payer),
    h('div', { class: 'field' }, h('label', { for: 'f-due' }, 'Due before'), due),
    h('div', { class: 'field' }, h('label', { for: 'f-assignee' }, 'Assignee'), assignee),
    h(
      'div',
      { class: 'filters__actions' },
      h('button', { type: 'submit', class: 'button' }, 'Apply filters'),
      filters.status || filters.payerId || filters.dueBefore || filters.assignee
        ? h('a', { href: '#/', class: 'button button--quiet' }, 'Clear')
        : null,
    ),
  );
}

/** The hidden heading that names the results region for screen readers. */
const resultsHeading = () => h('h2', { id: 'results-heading', class: 'visually-hidden' }, 'Cases');

function caseRow(item, now, members) {
  const u = deadlineUrgency(item.dueAt, now);
  return h(
    'tr',
    { class: `row row--${u.level}`, dataset: { caseId: item.caseId, ...sortValues(item, members) } },
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
    assigneeCell(item, members),
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

/** "Export CSV": the rows shown, in the order shown, as a file made in the browser. */
function exportButton(results, items, members) {
  return quietButton('Export CSV', () => {
    const byId = new Map(items.map((i) => [i.caseId, i]));
    const shown = [...results.querySelectorAll('table.worklist tbody tr')].map((row) =>
      byId.get(row.dataset.caseId),
    );
    const rows = shown.filter(Boolean).map((i) => csvRow(i, nameOf(members, i.assigneeId)));
    downloadCsv(`worklist-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(CSV_HEADER, rows));
    announce(`Exported ${rows.length} case${rows.length === 1 ? '' : 's'} as CSV.`);
  });
}

export async function showWorklist(main, query) {
  const filters = filtersFrom(query);
  const filterKey = `${filters.status}|${filters.payerId}|${filters.dueBefore}|${filters.assignee}`;
  if (filterKey !== lastFilterKey || !filters.token) previousTokens = [];
  lastFilterKey = filterKey;

  const members = await loadTeam();
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
    filterForm(filters, members),
    results,
  );
  results.append(resultsHeading(), h('p', { class: 'muted' }, 'Loading cases…'));

  const params = { limit: String(PAGE_SIZE) };
  if (filters.status) params.status = filters.status;
  if (filters.payerId) params.payerId = filters.payerId;
  if (filters.dueBefore) params.dueBefore = dueBeforeParam(filters.dueBefore);
  if (filters.token) params.nextToken = filters.token;
  // Mine or one person: the assignee index; Unassigned: the page's rows without one.
  if (filters.assignee && filters.assignee !== 'none') params.assigneeId = filters.assignee;

  let page;
  try {
    page = await listCases(params);
  } catch (error) {
    if (error.status === 401) return;
    results.replaceChildren(resultsHeading(), problemNotice('The worklist could not be loaded', error));
    return;
  }
  const now = new Date();
  const items = (page.items ?? []).filter((i) => filters.assignee !== 'none' || !i.assigneeId);
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
    h('div', { class: 'results-head' }, summary, legend, exportButton(results, items, members)),
    dataTable({
      wrap: { tabindex: '0', role: 'region', 'aria-label': 'Cases table' },
      table: { class: 'worklist' },
      columns: [
        sortableColumn('Deadline', 'due', announce),
        sortableColumn('Case', 'case', announce),
        sortableColumn('Status', 'status', announce),
        sortableColumn('Payer', 'payer', announce),
        sortableColumn('Assignee', 'assignee', announce),
        sortableColumn('Assessment', 'verdict', announce),
        'Flags',
        claimsColumn(),
        sortableColumn('Updated', 'updated', announce),
      ],
      rows: items.map((item) => caseRow(item, now, members)),
    }),
    pager,
  );
  announce(`${items.length} cases loaded${overdue ? `, ${overdue} overdue` : ''}.`);
  await fillClaimCells(results);
}
