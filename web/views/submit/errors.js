// API errors on the form: next to the field their path names, and in a summary that links to them.
import { h } from '../../dom.js';
import { fieldForPath, fieldId } from './fields.js';

export function clearErrors(form, summary) {
  summary.replaceChildren();
  summary.hidden = true;
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const describedBy = (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((x) => x && !x.endsWith('-error'));
    if (describedBy.length) el.setAttribute('aria-describedby', describedBy.join(' '));
    else el.removeAttribute('aria-describedby');
  }
}

/** Puts each error next to its field, and all of them in a summary at the top that links to them. */
export function showErrors(form, summary, title, detail, errors) {
  const items = [];
  for (const error of errors) {
    const path = fieldForPath(error.path);
    const block = path ? form.querySelector(`.field[data-path="${path}"]`) : undefined;
    const input = path ? form.querySelector(`#${fieldId(path)}`) : undefined;
    if (block && input) {
      const errorId = `${fieldId(path)}-error`;
      let message = block.querySelector('.field-error');
      if (!message) {
        message = h('p', { class: 'field-error', id: errorId });
        (block.querySelector('.hint') ?? block.querySelector('label')).after(message);
      }
      message.append(
        h(
          'span',
          { class: 'field-error__item' },
          error.path === path ? error.message : `${error.path}: ${error.message}`,
        ),
      );
      input.setAttribute('aria-invalid', 'true');
      const describedBy = new Set((input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
      describedBy.add(errorId);
      input.setAttribute('aria-describedby', [...describedBy].join(' '));
      items.push(
        h(
          'li',
          {},
          h(
            'a',
            { href: `#${fieldId(path)}`, dataset: { focus: fieldId(path) } },
            h('code', {}, error.path),
            ' ',
            error.message,
          ),
        ),
      );
    } else {
      items.push(h('li', {}, h('code', {}, error.path), ' ', error.message));
    }
  }
  summary.replaceChildren(
    h('h2', { id: 'error-summary-title' }, title),
    detail ? h('p', {}, detail) : null,
    items.length ? h('ul', {}, items) : null,
  );
  summary.hidden = false;
  // Links in the summary move focus to the field without touching the router's hash.
  for (const link of summary.querySelectorAll('a[data-focus]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const target = document.getElementById(link.dataset.focus);
      target?.focus();
      target?.scrollIntoView({ block: 'center' });
    });
  }
  summary.focus();
}
