// The request form's controls, and the request read from and written into them.
import { h } from '../../dom.js';
import { FIELDS, fieldId } from './fields.js';

function getAt(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setAt(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const key of keys.slice(0, -1)) {
    if (typeof o[key] !== 'object' || o[key] === null) o[key] = {};
    o = o[key];
  }
  const last = keys.at(-1);
  if (value === undefined) delete o[last];
  else o[last] = value;
}

function control(field) {
  const id = fieldId(field.path);
  const common = {
    id,
    name: field.path,
    required: field.required,
    'aria-describedby': field.hint ? `${id}-hint` : undefined,
    autocomplete: field.autocomplete,
    inputmode: field.inputmode,
  };
  switch (field.kind) {
    case 'select':
      return h('select', common);
    case 'bool':
      return h(
        'select',
        common,
        h('option', { value: '' }, 'Not stated'),
        h('option', { value: 'true' }, 'Yes'),
        h('option', { value: 'false' }, 'No'),
      );
    case 'number':
      return h('input', { ...common, type: 'number', min: field.min, max: field.max, step: field.step });
    case 'date':
      return h('input', { ...common, type: 'date' });
    case 'json':
      return h('textarea', { ...common, rows: field.rows ?? 4, spellcheck: 'false', class: 'mono' });
    case 'dose':
      return h(
        'div',
        { class: 'dose', role: 'group', 'aria-labelledby': `${id}-label` },
        h('input', { ...common, type: 'number', step: 'any', min: 0, 'aria-label': 'Dose amount' }),
        h(
          'select',
          { id: `${id}-unit`, name: `${field.path}.unit`, 'aria-label': 'Dose unit' },
          h('option', { value: 'mg' }, 'mg (flat dose)'),
          h('option', { value: 'mgPerKg' }, 'mg/kg'),
        ),
      );
    default:
      return h('input', { ...common, type: 'text' });
  }
}

/**
 * Puts the allowed values (`enumOf(path)`) into each select, with an empty choice first for an
 * optional one, and selects the value `base` has.
 */
export function fillOptions(form, enumOf, base) {
  for (const field of FIELDS.filter((f) => f.kind === 'select')) {
    const el = form.querySelector(`#${fieldId(field.path)}`);
    const values = [...(field.required ? [] : ['']), ...(enumOf(field.path) ?? [])];
    el.replaceChildren(...values.map((o) => h('option', { value: o }, o || '—')));
    el.value = getAt(base, field.path) ?? '';
  }
}

export function fieldBlock(field) {
  const id = fieldId(field.path);
  return h(
    'div',
    { class: `field field--${field.kind}`, dataset: { path: field.path } },
    h(
      'label',
      { for: id, id: `${id}-label` },
      field.label,
      field.required ? null : h('span', { class: 'optional' }, ' (optional)'),
    ),
    field.hint ? h('p', { id: `${id}-hint`, class: 'hint' }, field.hint) : null,
    control(field),
  );
}

export function fill(form, request) {
  for (const field of FIELDS) {
    const el = form.querySelector(`#${fieldId(field.path)}`);
    const value = getAt(request, field.path);
    if (field.kind === 'list') el.value = Array.isArray(value) ? value.join(', ') : (value ?? '');
    else if (field.kind === 'json') el.value = value === undefined ? '' : JSON.stringify(value, null, 2);
    else if (field.kind === 'bool') el.value = value === undefined ? '' : String(value);
    else if (field.kind === 'dose') {
      const unit = value && 'mgPerKg' in value ? 'mgPerKg' : 'mg';
      form.querySelector(`#${fieldId(field.path)}-unit`).value = unit;
      el.value = value?.[unit] ?? '';
    } else el.value = value ?? '';
  }
}

/**
 * The request from the form, over `base` (the loaded request), so that what the form has no
 * field for (other biomarkers, attachments, ...) is kept. Returns { request, errors } where
 * errors are the values the browser cannot even put into JSON (bad numbers, malformed JSON).
 */
export function read(form, base) {
  const request = structuredClone(base);
  const errors = [];
  for (const field of FIELDS) {
    const el = form.querySelector(`#${fieldId(field.path)}`);
    const raw = el.value.trim();
    let value;
    if (raw === '') value = undefined;
    else if (field.kind === 'number') {
      value = Number(raw);
      if (!Number.isFinite(value)) errors.push({ path: field.path, message: 'must be a number' });
    } else if (field.kind === 'list')
      value = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (field.kind === 'bool') value = raw === 'true';
    else if (field.kind === 'json') {
      try {
        value = JSON.parse(raw);
      } catch {
        errors.push({ path: field.path, message: 'is not valid JSON' });
      }
    } else if (field.kind === 'dose') {
      const unit = form.querySelector(`#${fieldId(field.path)}-unit`).value;
      value = { [unit]: Number(raw) };
    } else value = raw;
    if (field.kind === 'list' && value === undefined && Array.isArray(getAt(base, field.path))) value = [];
    setAt(request, field.path, value);
  }
  return { request, errors };
}
