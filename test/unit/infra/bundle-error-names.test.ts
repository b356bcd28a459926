/**
 * The error names Step Functions matches survive bundling (issue 15): the step functions are
 * bundled as the CDK app bundles them (lib/bundles.ts), every name of a Retry/Catch appears
 * literally in them, and an error thrown by minified code drives the SubmitPriorAuth Retry in the
 * engine the local stack runs, through the local runner's own error mapping.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayerPost } from '#adapters/transports/payer-http.ts';
import { buildBundles, bundlePath, LAMBDA_ESBUILD_OPTIONS } from '#infra/bundles.ts';
import { loadMachines, localHandlers, type TaskFunction } from '#infra/local/sfn-machines.ts';
import { STEP_FUNCTIONS } from '#infra/stateless/functions.ts';
import type { TaskName } from '#infra/workflow-contract.ts';
import { renderLocalDefinitions } from '#infra/workflows.ts';

type PostToPayer = (post: PayerPost) => Promise<unknown>;

const { definitions, taskStateToTask } = renderLocalDefinitions();

/** Every ErrorEquals of a definition, nested branches included. */
function matchedErrorNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) matchedErrorNames(item, into);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'ErrorEquals') for (const name of value as string[]) into.add(name);
      else matchedErrorNames(value, into);
    }
  }
  return into;
}

/** Names our code throws: the Lambda service's (Lambda.*), the engine's (States.*) and the AWS SDK's (…Exception, external to the bundles) aside. */
const isOwnErrorName = (name: string) => !/^(States|Lambda)\./.test(name) && name.endsWith('Error');

let dir: string;
let stepBundles: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pa-bundles-'));
  await buildBundles(join(dir, 'deployed'), STEP_FUNCTIONS);
  stepBundles = await Promise.all(
    Object.keys(STEP_FUNCTIONS).map((task) => readFile(bundlePath(join(dir, 'deployed'), task), 'utf8')),
  );
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The payer transport's module (which throws PayerUnavailableError) bundled and minified as deployed, or with keepNames off. */
async function bundledPostToPayer(keepNames: boolean): Promise<PostToPayer> {
  const outDir = join(dir, keepNames ? 'payer-http' : 'payer-http-mangled');
  await esbuild.build({
    ...LAMBDA_ESBUILD_OPTIONS,
    keepNames,
    entryPoints: [{ in: 'lambdas/adapters/transports/payer-http.ts', out: 'index' }],
    outdir: outDir,
  });
  const module = (await import(pathToFileURL(join(outDir, 'index.mjs')).href)) as {
    postToPayer: PostToPayer;
  };
  return module.postToPayer;
}

/** Runs SubmitPriorAuth with `submit` as its SubmitToPayer function; which tasks ran, in order. */
async function runSubmitPriorAuth(submit: TaskFunction): Promise<{ tasks: string[]; failedInput: unknown }> {
  const tasks: string[] = [];
  let failedInput: unknown;
  const standIns: Partial<Record<TaskName, TaskFunction>> = {
    AssemblePacket: () => ({ caseId: 'case-1', next: 'submit' }),
    SubmitToPayer: submit,
    MarkSubmissionFailed: (input) => {
      failedInput = input;
      return { caseId: 'case-1', status: 'SUBMISSION_FAILED' };
    },
  };
  const taskHandlers: Record<string, TaskFunction> = {};
  for (const [state, task] of Object.entries(taskStateToTask)) {
    taskHandlers[state] = (input, context) => {
      tasks.push(task);
      const standIn = standIns[task];
      if (!standIn) throw new Error(`no stand-in for ${task}`);
      return standIn(input, context);
    };
  }
  const machines = loadMachines({ SubmitPriorAuth: definitions.SubmitPriorAuth }, taskHandlers, (n) => n);
  const machine = machines.get('SubmitPriorAuth')!;
  const retryIntervalOverrides = Object.fromEntries([...machine.taskStates.keys()].map((s) => [s, 0]));
  const execution = machine.engine.run({ caseId: 'case-1' } as never, {
    overrides: {
      taskResourceLocalHandlers: localHandlers(machine, taskHandlers, {
        region: 'us-east-1',
        timeoutMs: 30_000,
      }),
      retryIntervalOverrides,
    },
  });
  await execution.result.catch(() => undefined);
  return { tasks, failedInput };
}

const unreachablePayer = (postToPayer: PostToPayer): TaskFunction => {
  return () =>
    postToPayer({
      payerId: 'acme-commercial',
      url: 'https://payer.invalid/submit',
      contentType: 'application/fhir+json',
      accept: 'application/fhir+json',
      body: '{}',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
};

describe('error names in the deployed bundles', () => {
  it('has every error name the state machines match literally in the step functions bundles', () => {
    // Prepare
    const names = [...matchedErrorNames(Object.values(definitions))].filter(isOwnErrorName);
    const inBundles = (name: string) => stepBundles.some((code) => code.includes(`"${name}"`));
    // Assess
    expect(names).toEqual(expect.arrayContaining(['PayerUnavailableError', 'ThrottledError']));
    expect(names.filter((name) => !inBundles(name))).toEqual([]);
  });

  it.each([
    ['as deployed (minified, names kept)', true],
    ['even with names mangled (literal names)', false],
  ])(
    'an unreachable payer in minified code (%s) is retried by SubmitPriorAuth, then marked failed',
    async (_, keepNames) => {
      // Prepare
      const postToPayer = await bundledPostToPayer(keepNames);
      // Act
      const { tasks, failedInput } = await runSubmitPriorAuth(unreachablePayer(postToPayer));
      // Assess: 1 try + 4 retries (the contract's backoff), then MarkSubmissionFailed with the name.
      expect(tasks).toEqual([
        'AssemblePacket',
        ...Array.from({ length: 5 }, () => 'SubmitToPayer'),
        'MarkSubmissionFailed',
      ]);
      expect(failedInput).toMatchObject({ error: { Error: 'PayerUnavailableError' } });
    },
  );
});
