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

/** `eager` with a getter for each of `lazy`: a port made by its maker when first read. */
function withGetters<Eager extends object, Lazy extends object>(
  eager: Eager,
  lazy: { [K in keyof Lazy]: () => Lazy[K] },
): Eager & Lazy {
  for (const [key, get] of Object.entries(lazy) as Array<[string, () => unknown]>) {
    Object.defineProperty(eager, key, { get, enumerable: true });
  }
  return eager as Eager & Lazy;
}

export const ports: Ports = withGetters(
  {
    renderer: lazyRenderer,
    // The simulator's answers are DeliverSimulatedAnswer executions, not timers in this process.
    transports: (payer: Parameters<Ports['transports']>[0]) =>
      createTransport(payer, {
        publicUrl: publicUrl(),
        clock: clock(),
        scheduleDelivery: (delivery) => workflows().startSimulatedDelivery(delivery),
        tokens: processPayerTokens(),
      }),
    ids: { caseId: newCaseId, uploadId: newUploadId },
    log,
  },
  {
    cases,
    remittances,
    identity,
    documents,
    workflows,
    templates,
    registry: payerRegistry,
    clock,
    metrics,
    pauseAt,
  },
);
