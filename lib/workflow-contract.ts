/**
 * The two state machines and their Task states. Each Task is one Lambda (entry below, export
 * `handler`) on AWS and the same function called in-process by the local Step Functions engine.
 * Inputs carry ids only, never PHI.
 *
 * SubmitPriorAuth, input { caseId }:
 *   AssemblePacket  { caseId } -> { caseId, next: 'submit' | 'needs_info' | 'not_required' }
 *   Choice on $.next: 'submit' -> SubmitToPayer; otherwise Succeed
 *   SubmitToPayer   { caseId } -> { caseId, status }
 *        Retry PayerUnavailableError (interval 2 s, backoff 2, 4 attempts, jitter),
 *        Catch States.ALL -> MarkSubmissionFailed ({ caseId, error: { Error, Cause } })
 *   MarkSubmissionFailed { caseId, error } -> { caseId, status: 'SUBMISSION_FAILED' }
 * HandlePayerEvent, input { caseId, eventId }:
 *   ApplyPayerEvent { caseId, eventId } -> { caseId, eventId, next: 'compose_remedy' | 'done' }
 *   Choice on $.next: 'compose_remedy' -> ComposeRemedy; otherwise Succeed
 *   ComposeRemedy   { caseId, eventId } -> { caseId, eventId, appealId }
 * DeliverSimulatedAnswer (lib/workflows-simulator.ts), input { caseId, payerId, submittedAt, step,
 * webhookId, deliverAt }: Wait until $.deliverAt, then the Task of the same name posts the payer
 * simulator's planned answer -> { caseId, webhookId, delivered }; Catch States.ALL -> Fail.
 * Every Task: bounded in time (TASK_TIMEOUT_SECONDS, a States.Timeout past it) and in attempts
 * (every Retry has MaxAttempts): Retry on Lambda service errors and ThrottlingException-like
 * errors with backoff; a Catch on every Task that is not already caught goes to
 * RecordWorkflowFailure ({ caseId, workflow, error }), which records the failure in the case
 * history and flags the case STUCK (the dead letter the worklist shows), then a Fail state.
 */
export const TASKS = {
  AssemblePacket: 'lambdas/handlers/steps/assemble-packet.ts',
  SubmitToPayer: 'lambdas/handlers/steps/submit-to-payer.ts',
  MarkSubmissionFailed: 'lambdas/handlers/steps/mark-submission-failed.ts',
  ApplyPayerEvent: 'lambdas/handlers/steps/apply-payer-event.ts',
  ComposeRemedy: 'lambdas/handlers/steps/compose-remedy.ts',
  RecordWorkflowFailure: 'lambdas/handlers/steps/record-workflow-failure.ts',
  DeliverSimulatedAnswer: 'lambdas/handlers/steps/deliver-simulated-answer.ts',
} as const;
export type TaskName = keyof typeof TASKS;

/**
 * TimeoutSeconds of each Task: one attempt's bound, above its Lambda's own timeout
 * (lib/stateless/functions.ts) so that the function times out first on AWS, and the bound of a
 * hung handler in the local engine. A step past it fails with States.Timeout and is caught.
 */
export const TASK_TIMEOUT_SECONDS: Record<TaskName, number> = {
  AssemblePacket: 90,
  SubmitToPayer: 45,
  MarkSubmissionFailed: 45,
  ApplyPayerEvent: 45,
  ComposeRemedy: 90,
  RecordWorkflowFailure: 45,
  DeliverSimulatedAnswer: 45,
};

export const STATE_MACHINES = ['SubmitPriorAuth', 'HandlePayerEvent', 'DeliverSimulatedAnswer'] as const;
export type StateMachineName = (typeof STATE_MACHINES)[number];

/**
 * Environment variables the handlers read. On AWS the CDK stack sets them; locally the local
 * stack sets them before it imports the handlers.
 */
export const HANDLER_ENV = {
  TABLE_NAME: 'TABLE_NAME',
  BUCKET_NAME: 'BUCKET_NAME',
  SUBMIT_STATE_MACHINE_ARN: 'SUBMIT_STATE_MACHINE_ARN',
  EVENT_STATE_MACHINE_ARN: 'EVENT_STATE_MACHINE_ARN',
  /** The payer simulator's durable callbacks (DeliverSimulatedAnswer). */
  SIMULATOR_STATE_MACHINE_ARN: 'SIMULATOR_STATE_MACHINE_ARN',
  /** AWS: Secrets Manager secret holding the payer registry JSON (with webhook secrets). */
  PAYERS_SECRET_ARN: 'PAYERS_SECRET_ARN',
  /** AWS: Secrets Manager secret holding the API bearer token. */
  API_TOKEN_SECRET_ARN: 'API_TOKEN_SECRET_ARN',
  /** Local: the registry file and the token (API.md). */
  PA_PAYERS_FILE: 'PA_PAYERS_FILE',
  PA_API_TOKEN: 'PA_API_TOKEN',
  PA_CLOCK: 'PA_CLOCK',
  /** Base URL the payer simulator posts its signed webhooks to. */
  PA_PUBLIC_URL: 'PA_PUBLIC_URL',
  /** '1' locally: path-style S3 addressing against the local S3 server. */
  PA_S3_FORCE_PATH_STYLE: 'PA_S3_FORCE_PATH_STYLE',
  KMS_KEY_ARN: 'KMS_KEY_ARN',
} as const;
