/**
 * The business metrics the product records (Metrics port) and the dashboard shows: one count per
 * event, some split by a dimension whose values come from the domain (an outcome, a remedy kind).
 */

/** CloudWatch namespace of the business metrics. */
export const METRICS_NAMESPACE = 'DurvalumabPa';

/** Metric name → the dimension that splits it (or null). */
export const BUSINESS_METRICS = {
  CasesSubmitted: null,
  PayerDecisions: 'outcome',
  RemediesComposed: 'kind',
  WebhooksRefused: 'reason',
  SubmissionsFailed: null,
} as const;

export type BusinessMetric = keyof typeof BUSINESS_METRICS;

/** The PayerDecisions dimension of an applied payer event: its outcome (a denied claim apart). */
export function decisionOutcome(event: { type: string; outcome: string }): string {
  return event.type === 'claim.denied' ? 'claim_denied' : event.outcome;
}
