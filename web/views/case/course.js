// The course of treatment on the case page: the authorization panel (period, approved, used and
// remaining units, AUTH_EXPIRING) and the administration form, which records one dose from the
// medication administration record and shows its findings. Prefilled from the plan (dose, vials,
// waste), so a dose as planned takes the lot, the expiry and a click.
import { api, getCase } from '../../api.js';
import { announce, h } from '../../dom.js';
import { flagLabel } from '../../format.js';
import { definitions, problemNotice } from '../parts.js';
import { findingsList } from './clinical.js';

const AUTH_EXPIRING = 'AUTH_EXPIRING';

/** The authorization panel; null when the case carries no approval. */
export function authorizationSection(c) {
  const a = c.authorization;
  if (!a) return null;
  const expiring = (c.flags ?? []).includes(AUTH_EXPIRING);
  return h(
    'section',
    { class: 'card authorization', id: 'authorization-panel', 'aria-labelledby': 'authorization-h' },
    h('h2', { id: 'authorization-h' }, 'Authorization'),
    expiring
      ? h(
          'p',
          { class: 'notice', role: 'status' },
          h('span', { class: 'badge flag' }, flagLabel(AUTH_EXPIRING)),
          ' The authorization ends within 30 days or has fewer units left than the next dose: ask for a continuation.',
        )
      : null,
    definitions([
      ['Authorization number', a.number ? h('strong', { class: 'code' }, a.number) : '(none stated)'],
      ['Valid from', a.validFrom ?? 'open'],
      ['Valid to', a.validTo ?? 'open'],
      ['Approved units', a.approvedUnits === null ? 'not stated' : String(a.approvedUnits)],
      ['Used units', h('span', { 'data-testid': 'used-units' }, String(a.usedUnits))],
      [
        'Remaining units',
        h(
          'span',
          { 'data-testid': 'remaining-units' },
          a.remainingUnits === null ? '—' : String(a.remainingUnits),
        ),
      ],
    ]),
  );
}

function field(id, label, input, hint) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    input,
  );
}

/** The browser's local time as ISO 8601 with its UTC offset (the API wants the offset). */
export function withOffset(localValue) {
  const date = new Date(localValue);
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const seconds = localValue.length === 16 ? ':00' : '';
  return `${localValue}${seconds}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

function nowLocal() {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function vialLine(index, vial = {}) {
  const id = (name) => `adm-vial-${index}-${name}`;
  return h(
    'fieldset',
    { class: 'vial-line', dataset: { index: String(index) } },
    h('legend', {}, `Vial line ${index + 1}`),
    field(
      id('ndc'),
      'NDC',
      h('input', {
        id: id('ndc'),
        name: 'ndc11',
        required: true,
        value: vial.ndc11 ?? '',
        list: 'adm-ndcs',
        pattern: '\\d{5}-\\d{4}-\\d{2}',
      }),
    ),
    field(id('lot'), 'Lot', h('input', { id: id('lot'), name: 'lot', autocomplete: 'off' })),
    field(id('expiry'), 'Expiry', h('input', { id: id('expiry'), name: 'expiresOn', type: 'date' })),
    field(
      id('count'),
      'Vials',
      h('input', {
        id: id('count'),
        name: 'count',
        type: 'number',
        min: '1',
        max: '100',
        step: '1',
        required: true,
        value: String(vial.count ?? 1),
      }),
    ),
  );
}

/** The administration as the API takes it, from the form. */
export function administrationBody(form) {
  const value = (name) => form.elements.namedItem(name)?.value.trim() ?? '';
  const vials = [...form.querySelectorAll('.vial-line')].map((line) => {
    const v = (name) => line.querySelector(`[name="${name}"]`).value.trim();
    return {
      ndc11: v('ndc11'),
      lot: v('lot') || null,
      expiresOn: v('expiresOn') || null,
      count: Number(v('count')),
    };
  });
  return {
    administeredAt: withOffset(value('administeredAt')),
    route: value('route'),
    doseMg: Number(value('doseMg')),
    vials,
    discardedMg: Number(value('discardedMg') || 0),
    wasteWitness: value('wasteWitness') || null,
    notes: value('notes') || null,
  };
}

/** The form that records one administration; `onRecorded` refreshes the authorization panel. */
export function administrationForm(c, onRecorded) {
  const plan = c.billing;
  const planned = plan?.vials?.length ? plan.vials : [{}];
  const result = h('div', { class: 'administration-result', 'aria-live': 'polite' });
  const lines = h(
    'div',
    { class: 'vial-lines' },
    planned.map((v, i) => vialLine(i, v)),
  );
  const addLine = h(
    'button',
    {
      type: 'button',
      class: 'button button--quiet',
      on: { click: () => lines.append(vialLine(lines.children.length)) },
    },
    'Add a vial line',
  );
  const form = h(
    'form',
    { class: 'administration-form', novalidate: true, 'aria-labelledby': 'administration-h' },
    h(
      'datalist',
      { id: 'adm-ndcs' },
      (plan?.vials ?? []).map((v) => h('option', { value: v.ndc11 }, `${v.strengthMg} mg`)),
    ),
    field(
      'adm-at',
      'Administered at',
      h('input', {
        id: 'adm-at',
        name: 'administeredAt',
        type: 'datetime-local',
        required: true,
        value: nowLocal(),
      }),
    ),
    field(
      'adm-route',
      'Route',
      h('select', { id: 'adm-route', name: 'route' }, h('option', { value: 'IV' }, 'IV infusion')),
    ),
    field(
      'adm-dose',
      'Dose (mg)',
      h('input', {
        id: 'adm-dose',
        name: 'doseMg',
        type: 'number',
        min: '0',
        step: '0.01',
        required: true,
        value: plan ? String(plan.dosePerAdministrationMg) : '',
      }),
    ),
    lines,
    addLine,
    field(
      'adm-discarded',
      'Discarded (mg)',
      h('input', {
        id: 'adm-discarded',
        name: 'discardedMg',
        type: 'number',
        min: '0',
        step: '0.01',
        value: plan ? String(plan.discardedMg) : '0',
      }),
    ),
    field(
      'adm-witness',
      'Waste witness',
      h('input', { id: 'adm-witness', name: 'wasteWitness', autocomplete: 'off' }),
      'Required when anything is discarded.',
    ),
    field(
      'adm-notes',
      'Notes',
      h('textarea', { id: 'adm-notes', name: 'notes', rows: '3' }),
      'Response, side effects: no more than the record needs.',
    ),
    h('button', { type: 'submit', class: 'button' }, 'Record administration'),
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    result.replaceChildren(h('p', { class: 'muted' }, 'Recording…'));
    try {
      const answer = await api('POST', `/v1/prior-auths/${encodeURIComponent(c.caseId)}/administrations`, {
        body: administrationBody(form),
      });
      const errors = answer.findings.filter((f) => f.severity === 'error').length;
      result.replaceChildren(
        h(
          'p',
          { class: errors ? 'notice notice--error' : 'notice', role: 'status' },
          `Administration ${answer.administrationId} recorded`,
          errors
            ? ` with ${errors} error${errors === 1 ? '' : 's'}: it does not count against the authorization.`
            : '.',
        ),
        findingsList(answer.findings),
      );
      announce('Administration recorded.');
      await onRecorded?.();
    } catch (error) {
      result.replaceChildren(problemNotice('Not recorded', error));
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'administration-h' },
    h('h2', { id: 'administration-h' }, 'Record an administration'),
    form,
  );
}

/** The authorization panel and, on an approved case, the administration form. */
export function courseSections(c) {
  if (!c.authorization) return [];
  const refresh = async () => {
    const fresh = await getCase(c.caseId);
    const panel = authorizationSection(fresh);
    if (panel) document.getElementById('authorization-panel')?.replaceWith(panel);
  };
  return [authorizationSection(c), administrationForm(c, refresh)];
}
