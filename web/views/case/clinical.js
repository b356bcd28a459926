// The clinical half of the case page: the label assessment, the billing and the findings.
import { h } from '../../dom.js';
import { severityBadge, verdictBadge } from '../../format.js';
import { dataTable, definitions, section } from '../parts.js';

function metMark(met) {
  if (met === true) return h('span', { class: 'mark mark--met' }, '✓ Met');
  if (met === false) return h('span', { class: 'mark mark--unmet' }, '✗ Not met');
  return h('span', { class: 'mark mark--unknown' }, '? Unknown');
}

export function assessmentSection(assessment) {
  if (!assessment)
    return section('assessment-h', 'Assessment', h('p', { class: 'muted' }, 'Not assessed yet.'));
  return section(
    'assessment-h',
    'Assessment',
    h(
      'p',
      { class: 'verdict' },
      verdictBadge(assessment.verdict),
      ' ',
      h('strong', {}, assessment.indicationTitle ?? assessment.indication ?? 'No labeled indication matched'),
    ),
    assessment.summary ? h('p', {}, assessment.summary) : null,
    assessment.labelSummary ? h('blockquote', { class: 'label-text' }, assessment.labelSummary) : null,
    assessment.labelSource ? h('p', { class: 'small muted' }, 'Source: ', assessment.labelSource) : null,
    assessment.supportingEvidence
      ? h('p', { class: 'small' }, 'Supporting evidence: ', assessment.supportingEvidence)
      : null,
    assessment.criteria?.length
      ? dataTable({
          table: { class: 'criteria' },
          caption: h('caption', { class: 'visually-hidden' }, 'Label criteria and the evidence for each'),
          columns: ['Criterion', 'Result', 'Evidence from the request'],
          rows: assessment.criteria.map((c) =>
            h(
              'tr',
              {},
              h(
                'th',
                { scope: 'row' },
                c.description ?? c.id,
                h('br'),
                h('code', { class: 'small muted' }, c.id),
              ),
              h('td', {}, metMark(c.met)),
              h('td', {}, c.evidence || '—'),
            ),
          ),
        })
      : null,
  );
}

export function billingSection(billing) {
  if (!billing) return section('billing-h', 'Billing', h('p', { class: 'muted' }, 'Not computed yet.'));
  return section(
    'billing-h',
    'Billing',
    definitions([
      ['HCPCS', h('strong', { class: 'code' }, billing.hcpcs)],
      ['Billing unit', `${billing.unitMg} mg`],
      ['Dose per administration', `${billing.dosePerAdministrationMg} mg`],
      ['Units per administration', String(billing.unitsPerAdministration)],
      ['Administrations requested', String(billing.administrationsRequested)],
      ['Units requested', h('strong', {}, String(billing.unitsRequested))],
      ['Waste modifier', h('span', { class: 'badge modifier' }, billing.wasteModifier)],
      ['Discarded per administration', `${billing.discardedMg} mg (${billing.discardedUnits} units)`],
      billing.discardedUnitsRequested !== undefined
        ? ['Discarded units, whole request (JW line)', String(billing.discardedUnitsRequested)]
        : ['', null],
      ['Labeled dose', billing.labeledDose ?? null],
    ]),
    dataTable({
      table: { class: 'vials' },
      caption: h('caption', {}, 'Vials per administration'),
      columns: ['NDC (11-digit)', ['Strength', { class: 'num' }], ['Count', { class: 'num' }]],
      rows: (billing.vials ?? []).map((v) =>
        h(
          'tr',
          {},
          h('td', { class: 'code' }, v.ndc11),
          h('td', { class: 'num' }, `${v.strengthMg} mg`),
          h('td', { class: 'num' }, String(v.count)),
        ),
      ),
    }),
  );
}

export function findingsList(findings) {
  if (!findings?.length) return h('p', { class: 'muted' }, 'No findings.');
  const order = { error: 0, warning: 1, info: 2 };
  return h(
    'ul',
    { class: 'findings' },
    [...findings]
      .sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3))
      .map((f) =>
        h(
          'li',
          { class: `finding finding--${f.severity}` },
          severityBadge(f.severity),
          ' ',
          h('code', { class: 'finding__code' }, f.code),
          h('p', { class: 'finding__message' }, f.message),
          f.path ? h('p', { class: 'small muted' }, 'Field: ', h('code', {}, f.path)) : null,
        ),
      ),
  );
}
