/**
 * The dates a prior authorization for the treatment plan covers: from the planned start to the
 * day before the cycle after the last administration (administrations x interval).
 */
import type { PriorAuthRequest } from '#schemas/prior-auth-request.ts';

const DAY_MS = 86_400_000;

export function treatmentWindow(
  plan: Pick<PriorAuthRequest['treatmentPlan'], 'startDate' | 'intervalWeeks' | 'administrations'>,
  administrations: number = plan.administrations,
): { from: string; to: string } {
  const start = Date.parse(`${plan.startDate}T00:00:00Z`);
  const end = start + (administrations * plan.intervalWeeks * 7 - 1) * DAY_MS;
  return { from: plan.startDate, to: new Date(end).toISOString().slice(0, 10) };
}
