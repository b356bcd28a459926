// The team side of the worklist: the organization's people (GET /v1/users) for the assignee
// column, filter and control, and headers that sort the loaded rows (a button in each header,
// aria-sort on the header cell, keyboard operable as any button).
import { api } from '../api.js';
import { h } from '../dom.js';

let team;

/** The people of the caller's organization, `[{ userId, name, email }]`, loaded once per page load. */
export async function loadTeam() {
  team ??= api('GET', '/v1/users')
    .then((answer) => answer.items ?? [])
    .catch(() => []);
  return team;
}

/** The caller's own user id, when the caller is a person (GET /v1/me), else undefined. */
export async function myUserId() {
  try {
    const me = await api('GET', '/v1/me');
    return me?.actor?.type === 'user' ? me.actor.id : undefined;
  } catch {
    return undefined;
  }
}

export const nameOf = (members, userId) => members.find((m) => m.userId === userId)?.name;

/** The assignee filter: anyone, mine, unassigned, or one person. */
export function assigneeSelect(members, selected) {
  return h(
    'select',
    { id: 'f-assignee', name: 'assignee' },
    h('option', { value: '' }, 'Anyone'),
    h('option', { value: 'me', selected: selected === 'me' }, 'Mine'),
    h('option', { value: 'none', selected: selected === 'none' }, 'Unassigned'),
    members.map((m) => h('option', { value: m.userId, selected: selected === m.userId }, m.name)),
  );
}

export function assigneeCell(item, members) {
  return h(
    'td',
    { class: 'cell-assignee' },
    item.assigneeId
      ? (nameOf(members, item.assigneeId) ?? h('span', { class: 'code small' }, item.assigneeId))
      : h('span', { class: 'muted' }, 'Unassigned'),
  );
}

/**
 * A header that sorts the table's rows by each row's `data-sort-<key>` (text, ascending first;
 * empty values last), telling assistive technology the order through aria-sort.
 */
export function sortableColumn(label, key, onSorted) {
  const mark = h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, '');
  const button = h(
    'button',
    {
      type: 'button',
      class: 'sort-button',
      dataset: { sortKey: key },
      on: {
        click: () => {
          const th = button.closest('th');
          const ascending = th.getAttribute('aria-sort') !== 'ascending';
          const tbody = th.closest('table').tBodies[0];
          const attr = `sort${key[0].toUpperCase()}${key.slice(1)}`;
          const value = (row) => row.dataset[attr] ?? '';
          const rows = [...tbody.rows].sort((a, b) => {
            const [x, y] = [value(a), value(b)];
            if (x === y) return 0;
            if (!x || !y) return x ? -1 : 1;
            return (x < y ? -1 : 1) * (ascending ? 1 : -1);
          });
          tbody.append(...rows);
          for (const other of th.parentElement.querySelectorAll('th[aria-sort]')) {
            other.setAttribute('aria-sort', 'none');
            const otherMark = other.querySelector('.sort-mark');
            if (otherMark) otherMark.textContent = '';
          }
          th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
          mark.textContent = ascending ? ' ▲' : ' ▼';
          onSorted?.(`${label}, ${ascending ? 'ascending' : 'descending'}`);
        },
      },
    },
    label,
    mark,
    h('span', { class: 'visually-hidden' }, `, sort by ${label.toLowerCase()}`),
  );
  return [button, { 'aria-sort': 'none' }];
}

/** The values a row sorts by, as data-sort-* attributes. */
export function sortValues(item, members) {
  return {
    sortDue: item.dueAt ?? '',
    sortCase: item.patient?.name ?? item.caseId,
    sortStatus: item.status ?? '',
    sortPayer: item.payer?.name ?? item.payer?.id ?? '',
    sortVerdict: item.verdict ?? '',
    sortAssignee: item.assigneeId ? (nameOf(members, item.assigneeId) ?? item.assigneeId) : '',
    sortUpdated: item.updatedAt ?? '',
  };
}
