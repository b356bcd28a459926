// The remittances pages: an 835 uploaded (POST /v1/remittances as application/edi-x12) and one
// remittance with its claims: matched to a case (a link) or unmatched (for a person to match),
// status, amounts, lines with their adjustments (group, CARC, amount) and remarks (RARC). The API
// gives the claims a page at a time: a "More claims" button follows its nextToken.
import { api } from '../api.js';
import { h, render } from '../dom.js';
import { formatDate, formatDateTime } from '../format.js';
import { findingsList } from './case/clinical.js';
import {
  adjustmentList,
  claimStatusBadge,
  getRemittance,
  money,
  postRemittance,
  remarkList,
  remittanceHref,
} from './claim-parts.js';
import { dataTable, definitions, problemNotice, section } from './parts.js';

const crumbs = (...links) => h('p', { class: 'crumbs small' }, links);
const toRemittances = () => h('a', { href: '#/remittances' }, '← Remittances');

/** `#/remittances`: the upload form (a stored remittance opens on its own page) and a remittance opened by its id. */
export function showRemittances(main) {
  const file = h('input', {
    id: 'remittance-file',
    name: 'file',
    type: 'file',
    accept: '.835,.edi,.x12,.txt,text/plain',
    required: true,
    'aria-describedby': 'remittance-file-hint',
  });
  const outcome = h('div', { class: 'upload-outcome', role: 'status' });
  const button = h('button', { type: 'submit', class: 'button' }, 'Upload 835');
  const form = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'upload-h',
      on: {
        submit: async (event) => {
          event.preventDefault();
          const chosen = file.files?.[0];
          if (!chosen) {
            file.setAttribute('aria-invalid', 'true');
            outcome.replaceChildren(h('p', {}, 'Choose an 835 file first.'));
            file.focus();
            return;
          }
          file.removeAttribute('aria-invalid');
          button.disabled = true;
          outcome.replaceChildren(h('p', { class: 'muted' }, 'Uploading…'));
          try {
            const result = await postRemittance(await chosen.text());
            sessionStorage.setItem(
              'pa.remittanceUpload',
              JSON.stringify({ remittanceId: result.remittanceId, duplicate: result.duplicate }),
            );
            location.hash = remittanceHref(result.remittanceId);
          } catch (error) {
            if (error.status === 401) return;
            outcome.replaceChildren(problemNotice('The 835 was not accepted', error));
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    h('h2', { id: 'upload-h' }, 'Upload an 835'),
    h('div', { class: 'field' }, h('label', { for: 'remittance-file' }, '835 file'), file),
    h(
      'p',
      { id: 'remittance-file-hint', class: 'hint' },
      'An X12 835 (005010X221A1) electronic remittance advice from the clearinghouse. Its claims are matched to cases by claim id; denied or short-paid durvalumab lines get their remedy. The same file again is recognised and applied once.',
    ),
    h('div', { class: 'form-actions' }, button),
    outcome,
  );
  const idInput = h('input', {
    id: 'remittance-id',
    name: 'remittanceId',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    placeholder: 'rmt_…',
  });
  const openForm = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'open-h',
      on: {
        submit: (event) => {
          event.preventDefault();
          const id = idInput.value.trim();
          if (!id) {
            idInput.setAttribute('aria-invalid', 'true');
            idInput.focus();
            return;
          }
          location.hash = remittanceHref(id);
        },
      },
    },
    h('h2', { id: 'open-h' }, 'Open a remittance'),
    h('div', { class: 'field' }, h('label', { for: 'remittance-id' }, 'Remittance id'), idInput),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Open remittance')),
  );
  render(
    main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Remittances')),
    h(
      'p',
      { class: 'lede' },
      'Payments and denials from 835 files. Each remittance lists its claims, matched to their cases or left for a person to match.',
    ),
    form,
    openForm,
  );
}

function lineRow(line) {
  return h(
    'tr',
    {},
    h(
      'th',
      { scope: 'row' },
      h('code', {}, line.hcpcs ?? '—'),
      line.modifiers?.length ? h('span', { class: 'small muted' }, ` ${line.modifiers.join(' ')}`) : null,
    ),
    h('td', { class: 'num' }, String(line.units)),
    h('td', { class: 'num' }, money(line.chargeAmount)),
    h('td', { class: 'num' }, money(line.allowedAmount)),
    h('td', { class: 'num' }, money(line.paidAmount)),
    h('td', {}, adjustmentList(line.adjustments) ?? h('span', { class: 'muted' }, '—')),
    h('td', {}, remarkList(line.remarks) ?? h('span', { class: 'muted' }, '—')),
  );
}

function matchStatus(claim) {
  return claim.matched
    ? h(
        'span',
        { class: 'match match--yes' },
        'Matched to case ',
        h('a', { href: `#/cases/${encodeURIComponent(claim.caseId)}` }, claim.caseId),
      )
    : h(
        'span',
        { class: 'badge status status--attention match match--no' },
        'Unmatched: for a person to match',
      );
}

function claimSection(claim, index) {
  const id = `rc-${index}-h`;
  return h(
    'section',
    { class: 'remittance-claim', 'aria-labelledby': id, dataset: { claimId: claim.claimId } },
    h('h3', { id }, 'Claim ', h('code', {}, claim.claimId), ' ', claimStatusBadge(claim)),
    definitions([
      ['Match', matchStatus(claim)],
      ['Charged', money(claim.chargeAmount)],
      ['Paid', money(claim.paidAmount)],
      ['Patient responsibility', money(claim.patientResponsibility)],
      ['Payer claim number', claim.payerClaimControlNumber],
      ['Claim adjustments', adjustmentList(claim.adjustments)],
      ['Claim remarks', remarkList(claim.remarks)],
    ]),
    dataTable({
      table: { class: 'remittance-lines' },
      caption: h('caption', { class: 'visually-hidden' }, `Lines of claim ${claim.claimId}`),
      columns: [
        'Service',
        'Units',
        'Charged',
        'Allowed',
        'Paid',
        'Adjustments (group-CARC)',
        'Remarks (RARC)',
      ],
      rows: (claim.lines ?? []).map(lineRow),
    }),
    claim.findings?.length ? findingsList(claim.findings) : null,
  );
}

function providerAdjustments(adjustments) {
  if (!adjustments?.length) return null;
  return section(
    'plb-h',
    'Provider adjustments (PLB)',
    dataTable({
      columns: ['Reason', 'Reference', 'Fiscal period', 'Amount'],
      rows: adjustments.map((a) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('code', {}, a.reason)),
          h('td', {}, a.reference ?? '—'),
          h('td', {}, formatDate(a.fiscalPeriodDate)),
          h('td', { class: 'num' }, money(a.amount)),
        ),
      ),
    }),
  );
}

/** The notice of the upload that led here, shown once. */
function uploadNotice(remittanceId) {
  const raw = sessionStorage.getItem('pa.remittanceUpload');
  if (!raw) return null;
  sessionStorage.removeItem('pa.remittanceUpload');
  const upload = JSON.parse(raw);
  if (upload.remittanceId !== remittanceId) return null;
  return h(
    'p',
    { class: 'notice', role: 'status' },
    upload.duplicate
      ? 'This file was received before: nothing was applied twice.'
      : 'The 835 was received and its claims applied.',
  );
}

/** The claims of a page after the one a `nextToken` stands for (the API gives them 500 at a time). */
const claimsAfter = (remittanceId, nextToken) =>
  api(
    'GET',
    `/v1/remittances/${encodeURIComponent(remittanceId)}?nextToken=${encodeURIComponent(nextToken)}`,
  );

export function remittanceContent(r) {
  const claims = [...(r.claims ?? [])];
  const unmatchedList = h('ul', { class: 'unmatched' });
  const unmatchedNotice = h(
    'div',
    { class: 'notice notice--attention', role: 'note', hidden: true },
    h('p', {}, h('strong', {}, 'For a person to match: '), 'no case knows these claim ids.'),
    unmatchedList,
  );
  const claimsTitle = h('span', {});
  const claimList = h('div', { class: 'remittance-claims' });
  const status = h('p', { class: 'small muted', role: 'status' });
  const more = h('button', { type: 'button', class: 'button button--secondary' }, 'More claims');
  let nextToken = r.nextToken;
  /** Shows a page's claims below those shown, and the button while more follow. */
  const show = (page) => {
    const unmatched = page.unmatched ?? [];
    unmatchedList.append(...unmatched.map((id) => h('li', {}, h('code', {}, id))));
    if (unmatchedList.childElementCount) unmatchedNotice.removeAttribute('hidden');
    claimList.append(
      ...(page.claims ?? []).map((c, i) => claimSection(c, claims.length - (page.claims ?? []).length + i)),
    );
    claimsTitle.textContent = nextToken
      ? `Claims (${claims.length} of ${r.claimCount})`
      : `Claims (${claims.length})`;
    more.hidden = !nextToken;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    status.textContent = 'Loading more claims…';
    try {
      const page = await claimsAfter(r.remittanceId, nextToken);
      nextToken = page.nextToken;
      claims.push(...(page.claims ?? []));
      show(page);
      status.textContent = `${page.claims?.length ?? 0} more claims shown.`;
    } catch (error) {
      if (error.status === 401) return;
      status.replaceChildren(problemNotice('More claims could not be loaded', error));
    } finally {
      more.disabled = false;
    }
  });
  show(r);
  return [
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        crumbs(toRemittances()),
        h('h1', {}, 'Remittance ', h('span', { class: 'code' }, r.remittanceId)),
      ),
    ),
    uploadNotice(r.remittanceId),
    h(
      'section',
      { class: 'card', 'aria-label': 'Summary' },
      definitions([
        ['Payer', r.payer?.name ? `${r.payer.name} (${r.payer.id})` : r.payer?.id],
        ['Trace number', r.traceNumber],
        ['Payment', `${money(r.paymentAmount)}${r.paymentMethod ? ` by ${r.paymentMethod}` : ''}`],
        ['Payment date', r.paymentDate ? formatDate(r.paymentDate) : null],
        ['Received', formatDateTime(r.receivedAt)],
        ['Claims', `${r.claimCount} (${r.matched} matched, ${r.claimCount - r.matched} unmatched)`],
        ['State', r.state === 'complete' ? 'Complete' : 'Still being received'],
      ]),
    ),
    unmatchedNotice,
    section('claims-h', claimsTitle, claimList, h('div', { class: 'form-actions' }, more), status),
    providerAdjustments(r.providerAdjustments),
  ];
}

/** `#/remittances/{remittanceId}`. */
export async function showRemittance(main, remittanceId) {
  render(
    main,
    h('h1', {}, 'Remittance ', h('span', { class: 'code' }, remittanceId)),
    h('p', { class: 'muted' }, 'Loading…'),
  );
  let r;
  try {
    r = await getRemittance(remittanceId);
  } catch (error) {
    if (error.status === 401) return;
    render(
      main,
      crumbs(toRemittances()),
      h('h1', {}, error.status === 404 ? 'Remittance not found' : 'The remittance could not be loaded'),
      problemNotice(error.status === 404 ? `No remittance ${remittanceId}` : 'Error', error),
    );
    return;
  }
  if (!location.hash.includes(encodeURIComponent(remittanceId))) return;
  render(main, ...remittanceContent(r));
}
