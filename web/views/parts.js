// Pieces the pages share: a titled card section, a definition list, a table, a flag list, a
// plain button and the notice that shows an API problem.
import { h } from '../dom.js';
import { flagLabel } from '../format.js';

export function section(id, title, ...content) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

/** A <dl> of [term, value] pairs; pairs without a value are left out. */
export function definitions(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => h('div', { class: 'facts__row' }, h('dt', {}, term), h('dd', {}, value))),
  );
}

/**
 * A table in its scrolling wrapper. `columns`: header texts, or [text, attrs] for a header cell
 * with attributes; `rows`: <tr> elements; `caption`: a caption node or text (optional).
 */
export function dataTable({ wrap = {}, table = {}, caption, columns, rows }) {
  return h(
    'div',
    { class: 'table-wrap', ...wrap },
    h(
      'table',
      table,
      caption ?? null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => {
            const [text, attrs] = Array.isArray(c) ? c : [c, {}];
            return h('th', { scope: 'col', ...attrs }, text);
          }),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

/** What a flag asks of staff, where its label alone does not say. */
const FLAG_HINTS = {
  STUCK: 'A workflow step failed after its retries: the case waits for a person (see its history)',
};

export function flagList(flags) {
  return h(
    'ul',
    { class: 'flags' },
    flags.map((f) => h('li', { class: 'badge flag', title: FLAG_HINTS[f] }, flagLabel(f))),
  );
}

/** A quiet button that runs `onClick`. */
export function quietButton(label, onClick) {
  return h('button', { type: 'button', class: 'button button--quiet', on: { click: onClick } }, label);
}

export function problemNotice(title, error) {
  const errors = error.problem?.errors ?? [];
  return h(
    'div',
    { class: 'notice notice--error', role: 'alert' },
    h('p', {}, h('strong', {}, title), ': ', error.problem?.detail ?? error.message),
    errors.length
      ? h(
          'ul',
          {},
          errors.map((e) => h('li', {}, h('code', {}, e.path), ' ', e.message)),
        )
      : null,
  );
}
