// The submit form. It builds the request of API.md from its fields, asks the API to check it
// (POST /v1/assessments stores nothing) or submits it (POST /v1/prior-auths), and shows the
// API's problem+json `errors[].path` next to the field they name.
import { ApiError, assessRequest, submitRequest } from '../api.js';
import { announce, h, render } from '../dom.js';
import { formatDate, severityBadge, verdictBadge } from '../format.js';
import { attachmentsBlock } from './submit/attachments.js';
import { clearErrors, showErrors } from './submit/errors.js';
import { GROUPS } from './submit/fields.js';
import { fieldBlock, fill, fillOptions, read } from './submit/form.js';
import { enumAt, exampleRequest, requestSchema } from './submit/schema.js';

export { fieldForPath, fieldId } from './submit/fields.js';

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

  // The selects' choices come from the API's schema; they fill in once it has loaded.
  const options = requestSchema()
    .then((schema) => fillOptions(form, (path) => enumAt(schema, path), state.base))
    .catch(() => announce('The choices of the form could not be loaded. Reload the page to try again.'));

  const loadExample = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary',
      id: 'load-example',
      on: {
        click: async () => {
          state.base = await exampleRequest();
          await options;
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
