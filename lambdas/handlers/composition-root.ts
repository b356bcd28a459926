/**
 * The one place where ports meet their adapters: DynamoDB, S3, Step Functions, pdf-lib, the payer
 * transports, the payer registry, the clock. Each adapter is made once per process (a Lambda's
 * cold start, or the local stack) on first use, so a handler's bundle reads its environment only
 * when it runs.
 */
import { dynamoCaseStore } from '#adapters/case-repository.ts';
import { clock } from '#adapters/clock.ts';
import { dynamoIdentityStore } from '#adapters/identity-repository.ts';
import { log } from '#adapters/logger.ts';
import { businessMetrics } from '#adapters/metrics.ts';
import { payerRegistry } from '#adapters/payer-registry.ts';
import { dynamoRemittanceStore } from '#adapters/remittance-repository.ts';
import { loadTemplates } from '#adapters/templates.ts';
import { pauseFromEnvironment } from '#adapters/test-pause.ts';
import { createTransport } from '#adapters/transports/index.ts';
import { processPayerTokens } from '#adapters/transports/payer-tokens.ts';
import { stepFunctionsStarter } from '#adapters/workflow-starter.ts';
import { newCaseId, newUploadId } from '#core/ids.ts';
import type { Ports } from '#core/ports.ts';
import { lazyDocumentStore, lazyRenderer } from './lazy-adapters.ts';

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

const cases = once(() => dynamoCaseStore());
const remittances = once(() => dynamoRemittanceStore());
const identity = once(() => dynamoIdentityStore());
const documents = once(() => lazyDocumentStore());
const workflows = once(() => stepFunctionsStarter());
const templates = once(() => loadTemplates());
const metrics = once(() => businessMetrics());
const pauseAt = once(() => pauseFromEnvironment());

/** The public URL payers call back on (the simulator's callbacks). */
export const publicUrl = (): string => process.env.PA_PUBLIC_URL ?? '';

export const ports: Ports = {
  get cases() {
    return cases();
  },
  get remittances() {
    return remittances();
  },
  get identity() {
    return identity();
  },
  get documents() {
    return documents();
  },
  get workflows() {
    return workflows();
  },
  renderer: lazyRenderer,
  get templates() {
    return templates();
  },
  // The simulator's answers are DeliverSimulatedAnswer executions, not timers in this process.
  transports: (payer) =>
    createTransport(payer, {
      publicUrl: publicUrl(),
      clock: clock(),
      scheduleDelivery: (delivery) => workflows().startSimulatedDelivery(delivery),
      tokens: processPayerTokens(),
    }),
  get registry() {
    return payerRegistry();
  },
  get clock() {
    return clock();
  },
  get metrics() {
    return metrics();
  },
  ids: { caseId: newCaseId, uploadId: newUploadId },
  log,
  get pauseAt() {
    return pauseAt();
  },
};
