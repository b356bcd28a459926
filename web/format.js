// How values read for people: deadlines and their urgency, dates, statuses and verdicts.
import { h } from './dom.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Thresholds of the worklist: overdue, under 3 days, under 14 days (days as 24 h). */
export const URGENCY_DAYS = { critical: 3, soon: 14 };

/**
 * The urgency of a deadline at `now`: level `overdue` | `critical` (< 3 days) | `soon`
 * (< 14 days) | `later` | `none`, and a short label that says it in words (colour is never the
 * only signal).
 */
export function deadlineUrgency(dueAt, now = new Date()) {
  if (!dueAt) return { level: 'none', label: 'No deadline' };
  const ms = Date.parse(dueAt) - now.getTime();
  if (Number.isNaN(ms)) return { level: 'none', label: 'No deadline' };
  const abs = Math.abs(ms);
  const span =
    abs >= DAY_MS
      ? `${Math.floor(abs / DAY_MS)} day${Math.floor(abs / DAY_MS) === 1 ? '' : 's'}`
      : `${Math.max(1, Math.floor(abs / HOUR_MS))} h`;
  if (ms < 0) return { level: 'overdue', label: `Overdue by ${span}` };
  if (ms < URGENCY_DAYS.critical * DAY_MS) return { level: 'critical', label: `Due in ${span}` };
  if (ms < URGENCY_DAYS.soon * DAY_MS) return { level: 'soon', label: `Due in ${span}` };
  return { level: 'later', label: `Due in ${span}` };
}

const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDate(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

export function formatDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

/** A <time> element with the date and, beside it, the urgency badge. */
export function deadline(dueAt, now = new Date()) {
  const u = deadlineUrgency(dueAt, now);
  if (u.level === 'none') return h('span', { class: 'muted' }, 'No deadline');
  return h(
    'span',
    { class: 'deadline' },
    h('time', { datetime: dueAt }, formatDateTime(dueAt)),
    ' ',
    urgencyBadge(u),
  );
}

export function urgencyBadge(u) {
  return h('span', { class: `badge urgency urgency--${u.level}` }, u.label);
}

const STATUS_TONE = {
  RECEIVED: 'progress',
  PACKET_READY: 'progress',
  NEEDS_INFO: 'attention',
  SUBMITTED: 'waiting',
  SUBMISSION_FAILED: 'bad',
  PENDED: 'attention',
  APPROVED: 'good',
  PARTIALLY_APPROVED: 'attention',
  DENIED: 'bad',
  APPEAL_READY: 'attention',
  APPEAL_SUBMITTED: 'waiting',
  APPEAL_APPROVED: 'good',
  APPEAL_DENIED: 'bad',
  CLOSED: 'neutral',
  NOT_APPEALED: 'neutral',
};

export const STATUSES = Object.keys(STATUS_TONE).filter((s) => s !== 'NOT_APPEALED');

export function statusLabel(status) {
  if (!status) return '—';
  const words = status.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusBadge(status) {
  return h(
    'span',
    { class: `badge status status--${STATUS_TONE[status] ?? 'neutral'}` },
    statusLabel(status),
  );
}

const VERDICTS = {
  meets_label: ['Meets the FDA label', 'good'],
  compendia_supported: ['Supported by compendia', 'good'],
  not_supported: ['Not supported', 'bad'],
  insufficient_information: ['Insufficient information', 'attention'],
};

export function verdictBadge(verdict) {
  if (!verdict) return h('span', { class: 'muted' }, 'Not assessed yet');
  const [label, tone] = VERDICTS[verdict] ?? [verdict, 'neutral'];
  return h('span', { class: `badge status status--${tone}` }, label);
}

export function severityBadge(severity) {
  const label = { error: 'Error', warning: 'Warning', info: 'Info' }[severity] ?? severity;
  return h('span', { class: `badge severity severity--${severity}` }, label);
}

export function flagLabel(flag) {
  return statusLabel(flag).replace(/(\d+)d\b/i, '$1 days');
}
