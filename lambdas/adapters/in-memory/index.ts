/**
 * In-memory twins of the adapters, for unit tests of the use cases: the same ports, the same
 * contract suites (test/contract/), no server.
 */

import type { TemplateSet } from '#core/documents/templates.ts';
import { NotFoundError } from '#core/errors.ts';
import type {
  Clock,
  DocumentStore,
  Ids,
  Log,
  PayerConfig,
  PayerTransport,
  Ports,
  Renderer,
  SimulatedDelivery,
  SubmissionInput,
  WorkflowStarter,
} from '#core/ports.ts';
import { registryFromEntries } from '../payer-registry.ts';
import { loadTemplates } from '../templates.ts';
import { executionName } from '../workflow-starter.ts';
import { inMemoryAuditStore } from './audit-store.ts';
import { type InMemoryCaseStore, inMemoryCaseStore } from './case-store.ts';
import { inMemoryIdentityStore } from './identity-store.ts';
import { recordingMetrics } from './metrics.ts';
import { inMemoryPeopleDirectory } from './people-directory.ts';
import { inMemoryRemittanceStore } from './remittance-store.ts';
import { inMemoryCaseNotes, inMemoryDigestLog, recordingMailer } from './team.ts';

export { type InMemoryCaseStore, inMemoryCaseStore };

export interface InMemoryDocumentStore extends DocumentStore {
  readonly objects: Map<string, { body: Uint8Array; contentType: string }>;
  /** How many times each key was read. */
  readonly reads: Map<string, number>;
  /** What the holder of a presigned URL gets: S3's answer to a GET or PUT of it. */
  transfer(
    url: string,
    init?: { method?: string; body?: Uint8Array; contentType?: string },
  ): Promise<PresignedAnswer>;
}

export interface PresignedAnswer {
  status: number;
  body: Uint8Array;
}

const PRESIGNED_ORIGIN = 'https://documents.in-memory.invalid/';

/** Documents in a map; presigned URLs that only its `transfer` serves, expiring on `clock`. */
export function inMemoryDocumentStore(clock: Clock = { now: () => new Date() }): InMemoryDocumentStore {
  const objects = new Map<string, { body: Uint8Array; contentType: string }>();
  const reads = new Map<string, number>();
  const presign = (key: string, method: 'GET' | 'PUT', seconds: number, contentType = '') => {
    const expiresAt = new Date(clock.now().getTime() + seconds * 1000).toISOString();
    const query = new URLSearchParams({ method, expiresAt, contentType });
    return { url: `${PRESIGNED_ORIGIN}${encodeURIComponent(key)}?${query}`, expiresAt };
  };
  const answer = (status: number) => ({ status, body: new Uint8Array() });
  return {
    objects,
    reads,
    put: async (key, body, contentType) => {
      objects.set(key, { body: new Uint8Array(body), contentType });
    },
    get: async (key) => {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      const object = objects.get(key);
      if (!object) throw new NotFoundError(`document object ${key} not found`);
      return new Uint8Array(object.body);
    },
    head: async (key) => {
      const object = objects.get(key);
      return object ? { bytes: object.body.length, contentType: object.contentType } : undefined;
    },
    presignGet: async (key, { expiresInSeconds }) => presign(key, 'GET', expiresInSeconds),
    presignPut: async (key, { expiresInSeconds, contentType }) =>
      presign(key, 'PUT', expiresInSeconds, contentType),
    transfer: async (url, init = {}) => {
      const parsed = new URL(url);
      const key = decodeURIComponent(parsed.pathname.slice(1));
      const signed = parsed.searchParams;
      const method = init.method ?? 'GET';
      if (`${parsed.origin}/` !== PRESIGNED_ORIGIN || signed.get('method') !== method) return answer(403);
      if (clock.now().toISOString() > (signed.get('expiresAt') ?? '')) return answer(403);
      if (method === 'GET') {
        const object = objects.get(key);
        return object ? { status: 200, body: new Uint8Array(object.body) } : answer(404);
      }
      if (init.contentType !== signed.get('contentType')) return answer(403);
      objects.set(key, { body: new Uint8Array(init.body ?? []), contentType: init.contentType ?? '' });
      return answer(200);
    },
  };
}

export interface WorkflowStart {
  workflow: 'SubmitPriorAuth' | 'HandlePayerEvent' | 'DeliverSimulatedAnswer';
  name: string;
  input: { caseId: string; eventId?: string } | SimulatedDelivery;
}

export interface RecordingWorkflowStarter extends WorkflowStarter {
  readonly starts: WorkflowStart[];
  /** Makes the next starts throw, as a Step Functions outage would. */
  failWith(error: Error | null): void;
}

/** Records the starts; a name started before is refused as Step Functions refuses it. */
export function recordingWorkflowStarter(): RecordingWorkflowStarter {
  const starts: WorkflowStart[] = [];
  let failure: Error | null = null;
  const start = async (workflow: WorkflowStart['workflow'], name: string, input: WorkflowStart['input']) => {
    if (failure) throw failure;
    const executionId = `${workflow}:${executionName(name)}`;
    if (starts.some((s) => `${s.workflow}:${s.name}` === executionId)) return { started: false };
    starts.push({ workflow, name: executionName(name), input });
    return { started: true };
  };
  return {
    starts,
    failWith: (error) => {
      failure = error;
    },
    startSubmitPriorAuth: (caseId, name = caseId) => start('SubmitPriorAuth', name, { caseId }),
    startHandlePayerEvent: (caseId, eventId, name = eventId) =>
      start('HandlePayerEvent', name, { caseId, eventId }),
    startSimulatedDelivery: (delivery, name = delivery.webhookId) =>
      start('DeliverSimulatedAnswer', name, delivery),
  };
}

/** A clock that stands still until told to move. */
export function fixedClock(
  at: string | Date,
): Clock & { set(at: string | Date): void; advance(ms: number): void } {
  let now = new Date(at);
  return {
    now: () => new Date(now),
    set: (next) => {
      now = new Date(next);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** Case ids pa_test_0001, pa_test_0002, ...; upload ids up_ and 26 digits. */
export function sequentialIds(prefix = 'pa_test_'): Ids {
  let n = 0;
  let uploads = 0;
  return {
    caseId: () => `${prefix}${String(++n).padStart(4, '0')}`,
    uploadId: () => `up_${String(++uploads).padStart(26, '0')}`,
  };
}

export interface RecordingLog extends Log {
  readonly lines: Array<{
    level: 'info' | 'warn' | 'error';
    message: string;
    attributes?: Record<string, unknown>;
  }>;
}

export function recordingLog(): RecordingLog {
  const lines: RecordingLog['lines'] = [];
  const at =
    (level: 'info' | 'warn' | 'error') => (message: string, attributes?: Record<string, unknown>) => {
      lines.push({ level, message, ...(attributes ? { attributes } : {}) });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Renders a spec to its JSON bytes: deterministic and fast; PDF rendering has its own tests. */
export function jsonRenderer(badAttachmentIndexes: number[] = []): Renderer {
  return {
    renderPdf: async (spec) => new TextEncoder().encode(JSON.stringify(spec)),
    unreadablePdfs: async (attachments, path = 'attachments') =>
      attachments.flatMap((_, index) =>
        badAttachmentIndexes.includes(index)
          ? [
              {
                path: `${path}.${index}.data`,
                message: 'is not a readable, unencrypted PDF with at least one page',
              },
            ]
          : [],
      ),
  };
}

export type RecordingTransports = ((payer: PayerConfig) => PayerTransport) & {
  submissions: SubmissionInput[];
};

/** A payer transport that records each submission and answers what it is given. */
export function recordingTransports(
  answer: (input: SubmissionInput) => ReturnType<PayerTransport['submit']> = async (input) => ({
    payerReference: `ref-${input.caseId}`,
    detail: `${input.payer.transport} test submission`,
  }),
): RecordingTransports {
  const submissions: SubmissionInput[] = [];
  const factory = (_payer: PayerConfig): PayerTransport => ({
    submit: async (input) => {
      submissions.push(input);
      return answer(input);
    },
  });
  return Object.assign(factory, { submissions });
}

let repositoryTemplates: TemplateSet | undefined;

/** Every port in memory (the letter templates are the repository's own); a test chooses the payers, the renderer and the transports. */
export function inMemoryPorts(
  options: { payers?: PayerConfig[]; renderer?: Renderer; transports?: RecordingTransports } = {},
) {
  repositoryTemplates ??= loadTemplates();
  const clock = fixedClock('2026-03-02T15:00:00.000Z');
  return {
    cases: inMemoryCaseStore(),
    remittances: inMemoryRemittanceStore(),
    identity: inMemoryIdentityStore(),
    people: inMemoryPeopleDirectory(),
    audit: inMemoryAuditStore(),
    notes: inMemoryCaseNotes(),
    digests: inMemoryDigestLog(),
    mailer: recordingMailer(),
    documents: inMemoryDocumentStore(clock),
    workflows: recordingWorkflowStarter(),
    renderer: options.renderer ?? jsonRenderer(),
    templates: repositoryTemplates,
    transports: options.transports ?? recordingTransports(),
    registry: registryFromEntries(options.payers ?? []),
    clock,
    ids: sequentialIds(),
    log: recordingLog(),
    metrics: recordingMetrics(),
  } satisfies Ports;
}
