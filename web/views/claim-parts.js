// What the claims table, the remittance page and the worklist share: a claim's payment status in
// words (its badge never relies on colour alone), amounts, adjustment codes and the 837 download.
import { api } from '../api.js';
import { h } from '../dom.js';
import { actionButton } from './action-button.js';

/** Payment statuses from remittances, then the claim's own statuses (a webhook's denial, a correction). */
const CLAIM_STATUS = {
  paid: ['Paid', 'good'],
  partially_paid: ['Partially paid', 'attention'],
  denied: ['Denied', 'bad'],
  reversed: ['Reversed', 'attention'],
  DENIED: ['Denied', 'bad'],
  CORRECTED: ['Corrected', 'neutral'],
};
const NOT_REMITTED = ['Not yet remitted', 'waiting'];

/** The claim's status as people read it: a remittance's status, else its own, else not yet remitted. */
export function claimStatusOf(claim) {
  const [label, tone] = CLAIM_STATUS[claim.status] ?? NOT_REMITTED;
  return { label, tone };
}

export function claimStatusBadge(claim) {
  const { label, tone } = claimStatusOf(claim);
  return h('span', { class: `badge status status--${tone} claim-status` }, label);
}

const moneyFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function money(amount) {
  return typeof amount === 'number' ? moneyFormat.format(amount) : '—';
}

/** `CO-16 $18,750.00` for each CAS adjustment. */
export function adjustmentList(adjustments) {
  if (!adjustments?.length) return null;
  return h(
    'ul',
    { class: 'codes' },
    adjustments.map((a) =>
      h('li', {}, h('code', { class: 'carc' }, `${a.group}-${a.code}`), ` ${money(a.amount)}`),
    ),
  );
}

/** RARC remark codes. */
export function remarkList(remarks) {
  if (!remarks?.length) return null;
  return h(
    'ul',
    { class: 'codes' },
    remarks.map((r) => h('li', {}, h('code', { class: 'rarc' }, r))),
  );
}

export const getRemittance = (remittanceId) =>
  api('GET', `/v1/remittances/${encodeURIComponent(remittanceId)}`);

export const postRemittance = (text) =>
  api('POST', '/v1/remittances', { raw: text, headers: { 'content-type': 'application/edi-x12' } });

export const remittanceHref = (remittanceId) => `#/remittances/${encodeURIComponent(remittanceId)}`;

/** Fetches the claim's 837 with the token and saves it as `<claimId>.x12`. */
export function x12DownloadButton(claimId) {
  return actionButton({
    label: 'Download 837',
    busy: 'Downloading…',
    attributes: { dataset: { claimId }, 'aria-label': `Download 837 of ${claimId}` },
    run: async (status) => {
      const blob = await api('GET', `/v1/claims/${encodeURIComponent(claimId)}/x12`, {
        as: 'blob',
        headers: { accept: 'application/edi-x12' },
      });
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `${claimId}.x12` }, 'Save it again');
      status.replaceChildren('Downloaded. ', link);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000);
    },
    failed: (error) => {
      // A 422 names what the claim lacks for its 837 (problem+json errors[].path).
      const missing = (error.problem?.errors ?? []).map((e) => e.path).join(', ');
      return `Could not download it: ${error.message}${missing ? ` (missing: ${missing})` : ''}`;
    },
  });
}
