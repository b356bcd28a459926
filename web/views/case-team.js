// The case page's team section: who the case is assigned to (and a control to change it), and the
// case's notes, newest first, with a form to add one. Notes are patient data: they are read and
// written through the API only, never kept in the browser beyond the page.
import { api } from '../api.js';
import { announce, h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { problemNotice, section } from './parts.js';
import { loadTeam, nameOf } from './worklist-team.js';

const NOTE_MAX = 20_000;
const path = (caseId, tail) => `/v1/prior-auths/${encodeURIComponent(caseId)}/${tail}`;

function authorOf(note) {
  const who = note.author?.name ?? `${note.author?.type ?? ''} ${note.author?.id ?? ''}`.trim();
  return h('span', { class: 'note__author' }, who);
}

function noteItem(note) {
  return h(
    'li',
    { class: 'note' },
    h(
      'p',
      { class: 'note__meta small muted' },
      authorOf(note),
      ' · ',
      h('time', { datetime: note.at }, formatDateTime(note.at)),
    ),
    h('p', { class: 'note__text' }, note.text),
  );
}

async function fillNotes(list, caseId) {
  try {
    const page = await api('GET', `${path(caseId, 'notes')}?limit=100`);
    const items = page.items ?? [];
    list.replaceChildren(
      ...(items.length ? items.map(noteItem) : [h('li', { class: 'muted' }, 'No notes yet.')]),
    );
  } catch (error) {
    if (error.status === 401) return;
    list.replaceChildren(h('li', {}, problemNotice('The notes could not be loaded', error)));
  }
}

/**
 * A form whose submit runs `send` (its API calls): `status` is cleared first and shows what went
 * wrong under `failure` (a 401 is the sign-in's to handle).
 */
function apiForm(attributes, { status, send, failure }, ...children) {
  const submit = async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      await send();
    } catch (error) {
      if (error.status === 401) return;
      status.replaceChildren(problemNotice(failure, error));
    }
  };
  return h('form', { ...attributes, on: { submit } }, ...children);
}

function assignControl(c, members, status) {
  const select = h(
    'select',
    { id: 'assignee-select', name: 'userId' },
    h('option', { value: '' }, 'Unassigned'),
    members.map((m) => h('option', { value: m.userId, selected: m.userId === c.assigneeId }, m.name)),
  );
  const current = h(
    'p',
    { id: 'assignee-current' },
    'Assigned to: ',
    h('strong', {}, c.assigneeId ? (nameOf(members, c.assigneeId) ?? c.assigneeId) : 'nobody'),
  );
  const assign = async () => {
    const summary = await api('POST', path(c.caseId, 'assignee'), { body: { userId: select.value || null } });
    const name = summary.assigneeId ? (nameOf(members, summary.assigneeId) ?? summary.assigneeId) : 'nobody';
    current.querySelector('strong').textContent = name;
    announce(`Case assigned to ${name}.`);
  };
  const form = apiForm(
    { class: 'inline-form', 'aria-label': 'Assign the case' },
    { status, send: assign, failure: 'The case could not be assigned' },
    h('div', { class: 'field' }, h('label', { for: 'assignee-select' }, 'Assignee'), select),
    h('button', { type: 'submit', class: 'button' }, 'Assign'),
  );
  return [current, form];
}

function noteForm(caseId, list, status) {
  const text = h('textarea', { id: 'note-text', name: 'text', rows: 3, maxlength: NOTE_MAX, required: true });
  const add = async () => {
    await api('POST', path(caseId, 'notes'), { body: { text: text.value } });
    text.value = '';
    await fillNotes(list, caseId);
    announce('Note added.');
    text.focus();
  };
  return apiForm(
    { class: 'note-form', 'aria-label': 'Add a note' },
    { status, send: add, failure: 'The note could not be added' },
    h('div', { class: 'field' }, h('label', { for: 'note-text' }, 'New note'), text),
    h('button', { type: 'submit', class: 'button' }, 'Add note'),
  );
}

/** The section, filled as the team and the notes arrive. */
export function teamSection(c) {
  const status = h('div', { 'aria-live': 'polite' });
  const assign = h('div', { class: 'assign' }, h('p', { class: 'muted' }, 'Loading the team…'));
  const list = h(
    'ol',
    { class: 'notes', 'aria-label': 'Notes, newest first' },
    h('li', { class: 'muted' }, 'Loading notes…'),
  );
  loadTeam().then((members) => assign.replaceChildren(...assignControl(c, members, status)));
  void fillNotes(list, c.caseId);
  return section(
    'team-h',
    'Assignment and notes',
    assign,
    h('h3', { id: 'notes-h' }, 'Notes'),
    list,
    noteForm(c.caseId, list, status),
    status,
  );
}
