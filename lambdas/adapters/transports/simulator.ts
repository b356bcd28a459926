/**
 * The built-in payer. It decides from the assessment (or a configured outcome or mix) and
 * answers the way a real payer does: later, by POSTing a signed Standard Webhooks delivery to
 * `${publicUrl}/v1/webhooks/payers/${payer.id}`. submit() only schedules the answer.
 *
 * Deterministic: every choice is a hash of the case id, the submission time and the seed (no
 * Math.random), and each delivery has a fixed webhook-id per case, submission and step, so a
 * redelivery is recognised by the receiver. The canned answers are the fixture files of
 * simulator-answers/ (granted, partially granted, denied, pended, pended-then-final).
 *
 * Durable: each answer is a DeliverSimulatedAnswer execution started through the scheduler the
 * composition root wires (WorkflowStarter): a Wait, then a Task that calls deliverPlanned. It is
 * named after its webhook-id and carries ids only; nothing waits in this process.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from '#core/errors.ts';
import type { PlanType } from '#core/model.ts';
import { treatmentWindow } from '#core/packet/treatment-window.ts';
import type {
  PayerConfig,
  PayerTransport,
  PlannedAnswerInput,
  PlannedDeliveryResult,
  SimulatedDelivery,
  SubmissionInput,
  SubmissionResult,
} from '#core/ports.ts';
import { WebhookReason } from '#schemas/webhook.ts';
import denied from './simulator-answers/denied.json' with { type: 'json' };
import granted from './simulator-answers/granted.json' with { type: 'json' };
import partiallyGranted from './simulator-answers/partially-granted.json' with { type: 'json' };
import pended from './simulator-answers/pended.json' with { type: 'json' };
import pendedThenFinal from './simulator-answers/pended-then-final.json' with { type: 'json' };
import { postSignedWebhook } from './simulator-delivery.ts';
import type { TransportDeps } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Configuration (payer.options.simulator)
// ---------------------------------------------------------------------------------------------

export const SimulatorOptions = z.object({
  outcome: z
    .enum([
      'approved',
      'denied',
      'pended',
      'partially_approved',
      'pended_then_approved',
      'pended_then_denied',
      'auto',
    ])
    .default('auto'),
  /** Relative weights for 'auto' instead of the assessment: e.g. { approve: 6, deny: 3, pend: 1 }. */
  mix: z
    .object({
      approve: z.number().nonnegative().default(0),
      deny: z.number().nonnegative().default(0),
      pend: z.number().nonnegative().default(0),
    })
    .refine((m) => m.approve + m.deny + m.pend > 0, { error: 'the mix needs at least one positive weight' })
    .optional(),
  seed: z.union([z.string(), z.number()]).default('0'),
  /** Delay before each answer (and between a pend and its final answer). */
  latencyMs: z.number().int().nonnegative().max(600_000).default(50),
  /** Reasons of a denial instead of the canned ones. */
  denyReasons: z.array(WebhookReason).min(1).optional(),
  /** Delivery attempts per webhook and the first backoff (doubled on each retry). */
  deliveryAttempts: z.number().int().min(1).max(20).default(5),
  retryBaseMs: z.number().int().nonnegative().default(100),
});
export type SimulatorOptions = z.infer<typeof SimulatorOptions>;

export function simulatorOptions(payer: PayerConfig): SimulatorOptions {
  const parsed = SimulatorOptions.safeParse(payer.options?.simulator ?? {});
  if (!parsed.success) {
    throw new ValidationError(
      `payer ${payer.id}: invalid simulator options`,
      parsed.error.issues.map((i) => ({
        path: ['options', 'simulator', ...i.path].join('.'),
        message: i.message,
      })),
    );
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// The decision (pure)
// ---------------------------------------------------------------------------------------------

type Reason = z.infer<typeof WebhookReason>;
type FinalOutcome = 'approved' | 'partially_approved' | 'denied';

export interface SimulatorStep {
  outcome: FinalOutcome | 'pended';
  reviewAction: 'A1' | 'A2' | 'A3' | 'A4';
  authorizationNumber: string | null;
  approvedUnits: number | null;
  validFrom: string | null;
  validTo: string | null;
  reasons: Reason[];
  requestedDocuments: string[];
  note: string;
}

export function simulatorHash(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('hex');
}

/** A number in [0, 1) from the hash: the simulator's only source of "chance". */
function fraction(hex: string): number {
  return Number.parseInt(hex.slice(0, 8), 16) / 0x1_0000_0000;
}

/** The canned pends, checked at load: a broken answer file fails at start. */
const CannedPend = z.object({ requestedDocuments: z.array(z.string()).min(1), note: z.string().min(1) });
const PEND = CannedPend.parse(pended.steps[0]);
const PEND_BEFORE_FINAL = CannedPend.parse(pendedThenFinal.steps[0]);

function reasonsFor(planType: PlanType): Reason[] {
  const byPlan = denied.steps[0]!.reasonsByPlanType as Record<string, Reason[] | undefined>;
  return byPlan[planType] ?? byPlan.default ?? [];
}

/** Which canned answers, in order: from the configured outcome, the mix or the assessment. */
function chooseScript(
  input: PlannedAnswerInput,
  options: SimulatorOptions,
  chance: number,
): Array<FinalOutcome | 'pended'> {
  const byVerdict = (): FinalOutcome =>
    input.assessment.verdict === 'meets_label' || input.assessment.verdict === 'compendia_supported'
      ? 'approved'
      : 'denied';
  switch (options.outcome) {
    case 'approved':
    case 'denied':
    case 'partially_approved':
    case 'pended':
      return [options.outcome];
    case 'pended_then_approved':
      return ['pended', 'approved'];
    case 'pended_then_denied':
      return ['pended', 'denied'];
    case 'auto':
      break;
  }
  if (options.mix) {
    const { approve, deny, pend } = options.mix;
    const point = chance * (approve + deny + pend);
    if (point < approve) return ['approved'];
    if (point < approve + deny) return ['denied'];
    return ['pended', byVerdict()];
  }
  // An incomplete request is pended for documents, then denied for want of them.
  if (input.assessment.verdict === 'insufficient_information') return ['pended', 'denied'];
  return [byVerdict()];
}

/** The answers the simulator will send for a submission, in order. Pure and deterministic. */
export function planSimulatorAnswer(input: PlannedAnswerInput, options: SimulatorOptions): SimulatorStep[] {
  const key = simulatorHash(input.payer.id, input.caseId, input.submittedAt, options.seed);
  const script = chooseScript(input, options, fraction(key));
  const answer: Answer = {
    input,
    options,
    authorizationNumber: `SIM-${key.slice(8, 20).toUpperCase()}`,
    afterPend: script[0] === 'pended' && script.length > 1,
  };
  return script.map((outcome) => simulatorStep(outcome, answer));
}

type CannedStep = Pick<SimulatorStep, 'outcome' | 'reviewAction' | 'reasons' | 'note'>;

/** What every step of one answer shares. */
interface Answer {
  input: PlannedAnswerInput;
  options: SimulatorOptions;
  authorizationNumber: string;
  /** The script pends first, then answers for good (pended-then-final). */
  afterPend: boolean;
}

function simulatorStep(outcome: SimulatorStep['outcome'], answer: Answer): SimulatorStep {
  const { input, options, afterPend } = answer;
  const plan = input.request.treatmentPlan;
  const none = { authorizationNumber: null, approvedUnits: null, validFrom: null, validTo: null };
  switch (outcome) {
    case 'approved': {
      const step: CannedStep = { outcome, reviewAction: 'A1', reasons: [], note: granted.steps[0]!.note };
      return grant(answer, step, plan.administrations, input.billing.unitsRequested);
    }
    case 'partially_approved': {
      const canned = partiallyGranted.steps[0]!;
      const administrations = Math.max(1, Math.ceil(plan.administrations * canned.approvedShare));
      const units = administrations * input.billing.unitsPerAdministration;
      const step: CannedStep = {
        outcome,
        reviewAction: 'A2',
        reasons: canned.reasons as Reason[],
        note: canned.note,
      };
      return grant(answer, step, administrations, units);
    }
    case 'denied': {
      const cannedReasons = afterPend
        ? (pendedThenFinal.finalDenialReasons as Reason[])
        : reasonsFor(input.payer.planType);
      const note = afterPend ? pendedThenFinal.finalDenialNote : denied.steps[0]!.note;
      const reasons = options.denyReasons ?? cannedReasons;
      return { ...none, outcome, reviewAction: 'A3', reasons, requestedDocuments: [], note };
    }
    case 'pended': {
      const canned = afterPend ? PEND_BEFORE_FINAL : PEND;
      const unknownCriteria = input.assessment.criteria
        .filter((c) => c.met === null)
        .map((c) => c.description);
      const requestedDocuments = unknownCriteria.length > 0 ? unknownCriteria : canned.requestedDocuments;
      return { ...none, outcome, reviewAction: 'A4', reasons: [], requestedDocuments, note: canned.note };
    }
  }
  throw new Error(`unknown simulator outcome ${outcome satisfies never}`);
}

/** An approval of `administrations` of the plan: its number, units and certification window. */
function grant(
  answer: Answer,
  step: CannedStep,
  administrations: number,
  approvedUnits: number,
): SimulatorStep {
  const window = treatmentWindow(answer.input.request.treatmentPlan, administrations);
  const { authorizationNumber } = answer;
  return {
    ...step,
    authorizationNumber,
    approvedUnits,
    validFrom: window.from,
    validTo: window.to,
    requestedDocuments: [],
  };
}

// ---------------------------------------------------------------------------------------------
// The answers as deliveries: ids, bodies, and their scheduling
// ---------------------------------------------------------------------------------------------

/** The fixed webhook-id of one answer of a submission: a redelivery is recognised by the receiver. */
export function simulatorWebhookId(input: PlannedAnswerInput, step: number): string {
  return `msg_sim_${simulatorHash(input.payer.id, input.caseId, input.submittedAt, step).slice(0, 24)}`;
}

function simulatorPayerReference(input: PlannedAnswerInput): string {
  return `SIMREF-${simulatorHash(input.payer.id, input.caseId, input.submittedAt).slice(0, 12).toUpperCase()}`;
}

/** The planned deliveries of a submission (ids only), each `latencyMs` after the one before. */
export function deliveriesOf(
  input: PlannedAnswerInput,
  options: SimulatorOptions,
  steps: SimulatorStep[],
  nowMs: number,
): SimulatedDelivery[] {
  return steps.map((_, step) => ({
    caseId: input.caseId,
    payerId: input.payer.id,
    submittedAt: input.submittedAt,
    step,
    webhookId: simulatorWebhookId(input, step),
    deliverAt: new Date(nowMs + options.latencyMs * (step + 1)).toISOString(),
  }));
}

/**
 * The webhook body of one answer. Each step occurs strictly later than the one before, even under
 * a frozen clock, so that "an older event never rolls a case back" keeps the pend before its final
 * answer.
 */
function answerBody(input: PlannedAnswerInput, step: SimulatorStep, index: number, nowMs: number): string {
  const { reviewAction, ...decision } = step;
  return JSON.stringify({
    type: 'prior_auth.decision',
    occurredAt: new Date(nowMs + index * 1000).toISOString(),
    data: { caseId: input.caseId, payerReference: simulatorPayerReference(input), reviewAction, ...decision },
  });
}

function postAnswer(
  input: PlannedAnswerInput,
  deps: TransportDeps,
  options: SimulatorOptions,
  delivery: { step: SimulatorStep; index: number },
) {
  return postSignedWebhook({
    payer: input.payer,
    webhookId: simulatorWebhookId(input, delivery.index),
    body: answerBody(input, delivery.step, delivery.index, deps.clock.now().getTime()),
    deps,
    attempts: options.deliveryAttempts,
    retryBaseMs: options.retryBaseMs,
  });
}

export function createSimulatorTransport(payer: PayerConfig, deps: TransportDeps): PayerTransport {
  const options = simulatorOptions(payer);
  return {
    async submit(input: SubmissionInput): Promise<SubmissionResult> {
      const steps = planSimulatorAnswer(input, options);
      const { scheduleDelivery } = deps;
      if (!scheduleDelivery) {
        throw new Error('the payer simulator needs a scheduler (TransportDeps.scheduleDelivery)');
      }
      // The Wait of DeliverSimulatedAnswer runs on the engine's time, not the product clock.
      for (const delivery of deliveriesOf(input, options, steps, Date.now())) {
        await scheduleDelivery(delivery);
      }
      return {
        payerReference: simulatorPayerReference(input),
        detail: `simulator: ${steps.map((s) => s.outcome).join(' then ')} in ${options.latencyMs} ms by signed webhook`,
      };
    },
    plannedDeliveries: (input) =>
      deliveriesOf(input, options, planSimulatorAnswer(input, options), Date.now()),
    async deliverPlanned(
      input: PlannedAnswerInput,
      delivery: SimulatedDelivery,
    ): Promise<PlannedDeliveryResult> {
      const step = planSimulatorAnswer(input, options)[delivery.step];
      if (!step || delivery.webhookId !== simulatorWebhookId(input, delivery.step)) {
        return { delivered: false, reason: 'not a planned answer of this submission' };
      }
      return postAnswer(input, deps, options, { step, index: delivery.step });
    },
  };
}
