/**
 * Cold starts (issue 15): the small functions' bundles (built with the CDK app's own esbuild
 * options, lib/bundles.ts) reach pdf-lib, the S3 document store and its presigner only through
 * `import()`, so they are neither compiled nor run at a cold start; the PDF-rendering functions
 * still bundle them. The authorizer bundles no client but Secrets Manager. And the lazy port loads
 * its adapter once, on first use.
 */
import { describe, expect, it, vi } from 'vitest';
import { bundleMetafile } from '#infra/bundles.ts';
import { FUNCTION_ENTRIES } from '#infra/routes.ts';
import { TASKS } from '#infra/workflow-contract.ts';
import { lazyPort } from '../../lambdas/handlers/lazy-adapters.ts';

/** The inputs of an entry's bundle, and which of them its start reaches without an import(). */
async function bundleGraph(entry: string): Promise<{ all: string[]; eager: Set<string> }> {
  const { inputs } = await bundleMetafile(entry);
  const eager = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (eager.has(file)) continue;
    eager.add(file);
    for (const edge of inputs[file]?.imports ?? []) {
      if (edge.kind !== 'dynamic-import' && !edge.external) queue.push(edge.path);
    }
  }
  return { all: Object.keys(inputs), eager };
}

const HEAVY = [/node_modules\/pdf-lib\//, /s3-request-presigner/, /lambdas\/adapters\/document-store\.ts$/];
const heavyIn = (files: Iterable<string>) => [...files].filter((f) => HEAVY.some((h) => h.test(f)));

describe('the bundles load heavy adapters on first use only', () => {
  it.each([['SubmitToPayer', TASKS.SubmitToPayer]])(
    '%s starts without pdf-lib, the document store or the presigner',
    async (_name, entry) => {
      const { all, eager } = await bundleGraph(entry);
      expect(heavyIn(all).length).toBeGreaterThan(0); // bundled, for the paths that use them
      expect(heavyIn(eager)).toEqual([]);
    },
    60_000,
  );
});

/** Libraries of ports a function's use cases may not take: each function composes its own. */
const LIBRARIES = {
  pdf: /node_modules\/pdf-lib\//,
  templates: /node_modules\/(handlebars|marked)\//,
  transports: /lambdas\/adapters\/transports\/(index|fhir-pas|simulator|x12-278)\.ts$|node_modules\/jose\//,
};
const librariesIn = (files: string[]) =>
  Object.entries(LIBRARIES).flatMap(([name, pattern]) => (files.some((f) => pattern.test(f)) ? [name] : []));

describe('each function bundles only the adapters of the ports it composes', () => {
  it.each([
    ['webhook', FUNCTION_ENTRIES.webhook, []],
    ['MarkSubmissionFailed', TASKS.MarkSubmissionFailed, []],
    ['ApplyPayerEvent', TASKS.ApplyPayerEvent, []],
    ['RecordWorkflowFailure', TASKS.RecordWorkflowFailure, []],
    ['SubmitToPayer', TASKS.SubmitToPayer, ['pdf', 'transports']],
    ['AssemblePacket', TASKS.AssemblePacket, ['pdf', 'templates']],
    ['api', FUNCTION_ENTRIES.api, ['pdf', 'templates', 'transports']],
  ])(
    '%s bundles %j',
    async (_name, entry, expected) => {
      const { all } = await bundleGraph(entry);
      expect(librariesIn(all)).toEqual(expected);
    },
    60_000,
  );
});

describe('the functions that replay simulated answers bundle the simulator alone', () => {
  it.each([
    ['sweep', FUNCTION_ENTRIES.sweep],
    ['DeliverSimulatedAnswer', TASKS.DeliverSimulatedAnswer],
  ])(
    '%s has the simulator transport and no payer HTTP transport, jose or node-x12',
    async (_name, entry) => {
      const { all } = await bundleGraph(entry);
      expect(all.some((f) => /transports\/simulator\.ts$/.test(f))).toBe(true);
      const payerHttp =
        /transports\/(index|fhir-pas|x12-278|smart-auth)\.ts$|node_modules\/(jose|node-x12)\//;
      expect(all.filter((f) => payerHttp.test(f))).toEqual([]);
    },
    60_000,
  );
});

describe('the webhook reads the webhook JSON without the PAS and X12 readers', () => {
  it('reaches node-x12 and the PAS reader only through import()', async () => {
    const readers = /node_modules\/node-x12\/|transports\/(pas-claim-response|x12-278-response)\.ts$/;
    const { all, eager } = await bundleGraph(FUNCTION_ENTRIES.webhook);
    expect(all.filter((f) => readers.test(f)).length).toBeGreaterThan(0); // for a PAS or X12 body
    expect([...eager].filter((f) => readers.test(f))).toEqual([]);
  }, 60_000);
});

describe('the authorizer bundles the one client it uses', () => {
  it('has Secrets Manager and no DynamoDB, S3 or Step Functions client', async () => {
    const { all } = await bundleGraph(FUNCTION_ENTRIES.authorizer);
    const clients = all.flatMap(
      (f) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+|lib-dynamodb)\//.exec(f)?.[1] ?? [],
    );
    expect([...new Set(clients)]).toEqual(['client-secrets-manager']);
  }, 60_000);
});

describe('lazyPort', () => {
  it('makes the port on the first call only, and calls its methods with their arguments', async () => {
    const get = vi.fn(async (key: string) => `body of ${key}`);
    const make = vi.fn(async () => ({ get }));
    const port = lazyPort<{ get(key: string): Promise<string> }>(make);
    expect(make).not.toHaveBeenCalled();
    expect(await port.get('a')).toBe('body of a');
    expect(await port.get('b')).toBe('body of b');
    expect(make).toHaveBeenCalledTimes(1);
    expect(get.mock.calls).toEqual([['a'], ['b']]);
  });

  it('is not a thenable, so awaiting it does not call make', async () => {
    const make = vi.fn(async () => ({}));
    const port = lazyPort<object>(make);
    expect(await Promise.resolve(port)).toBe(port);
    expect(make).not.toHaveBeenCalled();
  });

  it('refuses a method the port does not have', async () => {
    const port = lazyPort<{ missing(): Promise<void> }>(async () => ({}) as never);
    await expect(port.missing()).rejects.toThrow(/no method missing/);
  });
});
