// The submit form. It builds the request of API.md from its fields, asks the API to check it
// (POST /v1/assessments stores nothing) or submits it (POST /v1/prior-auths), and shows the
// API's problem+json `errors[].path` next to the field they name.
import { ApiError, assessRequest, submitRequest } from '../api.js';
import { announce, h, render } from '../dom.js';
import { formatDate, severityBadge, verdictBadge } from '../format.js';

const EXAMPLE_URL = new URL('../example-request.json', import.meta.url);

/**
 * The fields of the form, by request path. `kind`: text | number | date | select | list
 * (comma-separated strings) | json (a JSON value) | bool (yes / no / not stated).
 */
const GROUPS = [
  {
    legend: 'Request',
    fields: [
      {
        path: 'priority',
        label: 'Priority',
        kind: 'select',
        options: ['standard', 'expedited'],
        required: true,
      },
      { path: 'urgencyReason', label: 'Why expedited', kind: 'text', hint: 'Only for expedited requests.' },
    ],
  },
  {
    legend: 'Patient',
    fields: [
      { path: 'patient.id', label: 'Patient id (MRN)', kind: 'text', required: true },
      { path: 'patient.givenName', label: 'Given name', kind: 'text', required: true, autocomplete: 'off' },
      { path: 'patient.familyName', label: 'Family name', kind: 'text', required: true, autocomplete: 'off' },
      { path: 'patient.birthDate', label: 'Birth date', kind: 'date', required: true },
      {
        path: 'patient.sex',
        label: 'Sex',
        kind: 'select',
        options: ['female', 'male', 'other', 'unknown'],
        required: true,
      },
      {
        path: 'patient.weightKg',
        label: 'Weight (kg)',
        kind: 'number',
        required: true,
        step: 'any',
        min: 0.5,
        max: 400,
      },
    ],
  },
  {
    legend: 'Coverage',
    fields: [
      {
        path: 'coverage.payerId',
        label: 'Payer id',
        kind: 'text',
        required: true,
        hint: 'As in the payer registry, e.g. demo-medicare-advantage.',
      },
      { path: 'coverage.memberId', label: 'Member id', kind: 'text', required: true, autocomplete: 'off' },
      {
        path: 'coverage.planType',
        label: 'Plan type',
        kind: 'select',
        options: ['medicare', 'medicare_advantage', 'medicaid', 'commercial'],
        required: true,
      },
      { path: 'coverage.groupNumber', label: 'Group number', kind: 'text' },
    ],
  },
  {
    legend: 'Ordering provider',
    fields: [
      {
        path: 'provider.npi',
        label: 'NPI',
        kind: 'text',
        required: true,
        inputmode: 'numeric',
        hint: '10 digits.',
      },
      { path: 'provider.name', label: 'Practice or provider name', kind: 'text', required: true },
      {
        path: 'provider.siteOfCare',
        label: 'Site of care',
        kind: 'text',
        required: true,
        hint: 'e.g. office, hospital_outpatient.',
      },
      { path: 'provider.contact.name', label: 'Contact name', kind: 'text' },
      { path: 'provider.contact.phone', label: 'Contact phone', kind: 'text', inputmode: 'tel' },
      { path: 'provider.contact.fax', label: 'Contact fax', kind: 'text', inputmode: 'tel' },
    ],
  },
  {
    legend: 'Diagnosis',
    fields: [
      {
        path: 'diagnosis.icd10',
        label: 'ICD-10-CM codes',
        kind: 'list',
        required: true,
        hint: 'Comma-separated, e.g. C34.12.',
      },
      { path: 'diagnosis.primarySite', label: 'Primary site', kind: 'text', required: true },
      {
        path: 'diagnosis.histology',
        label: 'Histology',
        kind: 'text',
        required: true,
        hint: 'As on the pathology report.',
      },
      {
        path: 'diagnosis.stage',
        label: 'Stage',
        kind: 'text',
        required: true,
        hint: 'AJCC stage (IIIB, IV) or, for small cell lung cancer, limited or extensive.',
      },
      { path: 'diagnosis.resectable', label: 'Resectable', kind: 'bool' },
      {
        path: 'diagnosis.biomarkers.EGFR',
        label: 'EGFR',
        kind: 'text',
        hint: 'negative, positive or the variant (L858R, exon19del).',
      },
      { path: 'diagnosis.biomarkers.ALK', label: 'ALK', kind: 'text' },
      {
        path: 'diagnosis.biomarkers.PDL1_TPS',
        label: 'PD-L1 TPS (%)',
        kind: 'number',
        min: 0,
        max: 100,
        step: 'any',
      },
      { path: 'diagnosis.biomarkers.MMR', label: 'MMR', kind: 'select', options: ['', 'dMMR', 'pMMR'] },
    ],
  },
  {
    legend: 'Treatment plan',
    fields: [
      { path: 'treatmentPlan.drug', label: 'Drug', kind: 'text', required: true },
      { path: 'treatmentPlan.hcpcs', label: 'HCPCS', kind: 'text', hint: 'Optional: durvalumab is J9173.' },
      { path: 'treatmentPlan.ndc11', label: 'NDC', kind: 'text' },
      { path: 'treatmentPlan.regimen', label: 'Regimen', kind: 'text', required: true },
      { path: 'treatmentPlan.dose', label: 'Dose', kind: 'dose', required: true },
      {
        path: 'treatmentPlan.intervalWeeks',
        label: 'Every (weeks)',
        kind: 'number',
        required: true,
        min: 1,
        max: 52,
      },
      {
        path: 'treatmentPlan.administrations',
        label: 'Administrations',
        kind: 'number',
        required: true,
        min: 1,
        max: 200,
      },
      { path: 'treatmentPlan.startDate', label: 'Start date', kind: 'date', required: true },
      {
        path: 'treatmentPlan.combination',
        label: 'Given with',
        kind: 'list',
        hint: 'Comma-separated agents; empty for monotherapy.',
      },
    ],
  },
  {
    legend: 'History and evidence',
    fields: [
      {
        path: 'oncologicHistory',
        label: 'Oncologic history (JSON list)',
        kind: 'json',
        rows: 8,
        hint: 'Therapies with agents, dates and response.',
      },
      {
        path: 'treatmentPlan.supportingEvidence',
        label: 'Supporting evidence for off-label use (JSON list)',
        kind: 'json',
        rows: 4,
      },
    ],
  },
];

const FIELDS = GROUPS.flatMap((g) => g.fields);

export const fieldId = (path) => `field-${path.replaceAll('.', '-')}`;

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

/**
 * The field that an API error path belongs to: the field whose path is the longest prefix of it
 * (`diagnosis.icd10.0` -> `diagnosis.icd10`, `treatmentPlan.dose.mg` -> `treatmentPlan.dose`).
 */
export function fieldForPath(errorPath, fieldPaths = FIELDS.map((f) => f.path)) {
  let best;
  for (const p of fieldPaths) {
    if ((errorPath === p || errorPath.startsWith(`${p}.`)) && (!best || p.length > best.length)) best = p;
  }
  return best;
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
      return h(
        'select',
        common,
        field.options.map((o) => h('option', { value: o }, o || '—')),
      );
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

function fieldBlock(field) {
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

function fill(form, request) {
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
function read(form, base) {
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

function clearErrors(form, summary) {
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
function showErrors(form, summary, title, detail, errors) {
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

function attachmentsBlock(state) {
  const list = h('ul', { class: 'attachments' });
  const redraw = () => {
    list.replaceChildren(
      ...(state.base.attachments ?? []).map((a, i) =>
        h(
          'li',
          {},
          `${a.title} (${a.kind}, PDF) `,
          h(
            'button',
            {
              type: 'button',
              class: 'button button--quiet button--small',
              on: {
                click: () => {
                  state.base.attachments.splice(i, 1);
                  redraw();
                },
              },
            },
            'Remove',
            h('span', { class: 'visually-hidden' }, ` ${a.title}`),
          ),
        ),
      ),
    );
    if (!state.base.attachments?.length) list.append(h('li', { class: 'muted' }, 'No attachments.'));
  };
  const file = h('input', {
    id: 'field-attachments',
    type: 'file',
    accept: 'application/pdf',
    multiple: true,
    on: {
      change: async () => {
        for (const f of file.files) {
          const bytes = new Uint8Array(await f.arrayBuffer());
          let binary = '';
          for (let i = 0; i < bytes.length; i += 0x8000)
            binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          state.base.attachments ??= [];
          state.base.attachments.push({
            kind: 'clinical_note',
            title: f.name,
            contentType: 'application/pdf',
            data: btoa(binary),
          });
        }
        file.value = '';
        redraw();
      },
    },
  });
  state.redrawAttachments = redraw;
  redraw();
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Attachments'),
    h(
      'div',
      { class: 'field', dataset: { path: 'attachments' } },
      h('label', { for: 'field-attachments' }, 'Add clinical documents (PDF)'),
      list,
      file,
    ),
  );
}

function assessmentPreview(result) {
  return h(
    'div',
    { class: 'card preview', role: 'status' },
    h('h2', {}, 'Check result (nothing was stored)'),
    h(
      'p',
      {},
      verdictBadge(result.assessment?.verdict),
      ' ',
      result.assessment?.indicationTitle ?? result.assessment?.indication ?? '',
    ),
    result.billing
      ? h(
          'p',
          {},
          `${result.billing.hcpcs}: ${result.billing.unitsPerAdministration} units per administration, ${result.billing.unitsRequested} units for ${result.billing.administrationsRequested} administrations, modifier ${result.billing.wasteModifier}.`,
        )
      : null,
    result.findings?.length
      ? h(
          'ul',
          { class: 'findings' },
          result.findings.map((f) =>
            h(
              'li',
              { class: `finding finding--${f.severity}` },
              severityBadge(f.severity),
              ' ',
              h('code', {}, f.code),
              h('p', { class: 'finding__message' }, f.message),
            ),
          ),
        )
      : h('p', {}, 'No findings.'),
  );
}

function emptyRequest() {
  return {
    priority: 'standard',
    patient: {},
    coverage: {},
    provider: {},
    diagnosis: {},
    oncologicHistory: [],
    treatmentPlan: { drug: 'durvalumab', hcpcs: 'J9173', combination: [] },
    attachments: [],
  };
}

export function showSubmit(main) {
  const state = { base: emptyRequest() };
  const summary = h('div', {
    class: 'error-summary',
    role: 'alert',
    tabindex: '-1',
    'aria-labelledby': 'error-summary-title',
    hidden: true,
  });
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const idempotencyKey = crypto.randomUUID();

  const form = h(
    'form',
    { class: 'request-form', novalidate: true, id: 'request-form' },
    GROUPS.map((g) =>
      h(
        'fieldset',
        { class: 'card' },
        h('legend', {}, g.legend),
        h('div', { class: 'fields' }, g.fields.map(fieldBlock)),
      ),
    ),
    attachmentsBlock(state),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button', value: 'submit' }, 'Submit request'),
      h(
        'button',
        { type: 'submit', class: 'button button--secondary', value: 'check', id: 'check' },
        'Check only (stores nothing)',
      ),
    ),
  );

  const loadExample = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary',
      id: 'load-example',
      on: {
        click: async () => {
          const res = await fetch(EXAMPLE_URL);
          state.base = await res.json();
          fill(form, state.base);
          state.redrawAttachments();
          clearErrors(form, summary);
          result.replaceChildren();
          announce('The example request is loaded.');
          form.querySelector('input, select')?.focus();
        },
      },
    },
    'Load the example request',
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = event.submitter?.value ?? 'submit';
    clearErrors(form, summary);
    result.replaceChildren();
    const { request, errors } = read(form, state.base);
    if (errors.length) {
      showErrors(form, summary, 'Some values cannot be read', null, errors);
      return;
    }
    for (const b of form.querySelectorAll('button[type=submit]')) b.disabled = true;
    try {
      if (action === 'check') {
        const checked = await assessRequest(request);
        result.replaceChildren(assessmentPreview(checked));
        announce('The request passed validation. The assessment is shown below the form.');
      } else {
        const created = await submitRequest(request, idempotencyKey);
        announce(`Submitted as case ${created.caseId}.`);
        location.hash = `#/cases/${encodeURIComponent(created.caseId)}`;
      }
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) {
        if (!(error instanceof ApiError)) throw error;
        return;
      }
      const problem = error.problem ?? {};
      showErrors(
        form,
        summary,
        error.status >= 500 || error.status === 0
          ? 'The service could not take the request'
          : 'The API refused the request',
        `${problem.detail ?? error.message}${problem.status ? ` (${problem.status})` : ''}`,
        problem.errors ?? [],
      );
    } finally {
      for (const b of form.querySelectorAll('button[type=submit]')) b.disabled = false;
    }
  });

  render(
    main,
    h('div', { class: 'page-head' }, h('h1', {}, 'New prior-auth request'), loadExample),
    h(
      'p',
      { class: 'lede' },
      'Durvalumab (Imfinzi), billed as HCPCS J9173 at 10 mg a unit. The API validates every field; “Check only” runs the same validation and the label assessment without storing anything. Today is ',
      formatDate(new Date().toISOString()),
      '.',
    ),
    summary,
    form,
    result,
  );
  fill(form, state.base);
}
