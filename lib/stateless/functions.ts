/**
 * The Lambda functions of the stateless stack: their settings (memory, timeout, reserved
 * concurrency) and how each is bundled (ESM, minified, with templates/ or web/ when it needs them).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { bundleCopies, copyCommands, LAMBDA_BUNDLING } from '../bundles.ts';
import { FUNCTION_ENTRIES } from '../routes.ts';
import { TASKS, type TaskName } from '../workflow-contract.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the templates/ folder lands inside the bundles that render documents. */
export const LAMBDA_TEMPLATES_DIR = '/var/task/templates';

/** Where the web app (web/ and two Swagger UI files) lands inside the `web` bundle. */
export const LAMBDA_WEB_DIR = '/var/task/web';

export type EntryFunctionName = keyof typeof FUNCTION_ENTRIES;

export interface FunctionSettings {
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Caps what one function can take from the account and what it can push on the table and payers. */
  readonly reservedConcurrency: number;
  /** Renders documents: gets templates/ in its bundle and more memory for pdf-lib. */
  readonly rendersDocuments?: boolean;
  /** Serves the web app: gets web/ and Swagger UI in its bundle. */
  readonly servesWebApp?: boolean;
}

export const ENTRY_FUNCTIONS: Record<EntryFunctionName, FunctionSettings> = {
  // API Gateway HTTP APIs wait 30 s at most for an integration.
  api: {
    entry: FUNCTION_ENTRIES.api,
    memorySize: 256,
    timeout: Duration.seconds(29),
    reservedConcurrency: 50,
  },
  webhook: {
    entry: FUNCTION_ENTRIES.webhook,
    memorySize: 256,
    timeout: Duration.seconds(10),
    reservedConcurrency: 20,
  },
  authorizer: {
    entry: FUNCTION_ENTRIES.authorizer,
    memorySize: 256,
    timeout: Duration.seconds(5),
    reservedConcurrency: 50,
  },
  // One sweep at a time: overlapping sweeps would re-drive the same cases twice.
  sweep: {
    entry: FUNCTION_ENTRIES.sweep,
    memorySize: 256,
    timeout: Duration.minutes(5),
    reservedConcurrency: 1,
  },
  // Static files only: small, and a modest cap (browsers cache nothing past no-cache revalidation).
  web: {
    entry: FUNCTION_ENTRIES.web,
    memorySize: 128,
    timeout: Duration.seconds(5),
    reservedConcurrency: 10,
    servesWebApp: true,
  },
  // An 835 of tens of MB is read as a stream, each claim stored as it comes: memory stays flat,
  // time grows with the claims (Lambda's 15-minute maximum). Two files at a time at most.
  remittanceInbox: {
    entry: FUNCTION_ENTRIES.remittanceInbox,
    memorySize: 512,
    timeout: Duration.minutes(15),
    reservedConcurrency: 2,
  },
  // Cognito waits 5 s at most for a trigger; it reads the event only.
  preToken: {
    entry: FUNCTION_ENTRIES.preToken,
    memorySize: 128,
    timeout: Duration.seconds(5),
    reservedConcurrency: 20,
  },
  // The stream's batches (100 receipts at most): a read and a StartExecution each. One invocation
  // per shard at a time; the cap leaves room for the shards of a split.
  eventStream: {
    entry: FUNCTION_ENTRIES.eventStream,
    memorySize: 256,
    timeout: Duration.seconds(60),
    reservedConcurrency: 5,
  },
};

export const STEP_FUNCTIONS: Record<TaskName, FunctionSettings> = {
  AssemblePacket: {
    entry: TASKS.AssemblePacket,
    memorySize: 512,
    timeout: Duration.seconds(60),
    reservedConcurrency: 10,
    rendersDocuments: true,
  },
  SubmitToPayer: {
    entry: TASKS.SubmitToPayer,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
  MarkSubmissionFailed: {
    entry: TASKS.MarkSubmissionFailed,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
  ApplyPayerEvent: {
    entry: TASKS.ApplyPayerEvent,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
  ComposeRemedy: {
    entry: TASKS.ComposeRemedy,
    memorySize: 512,
    timeout: Duration.seconds(60),
    reservedConcurrency: 10,
    rendersDocuments: true,
  },
  RecordWorkflowFailure: {
    entry: TASKS.RecordWorkflowFailure,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 10,
  },
  // The payer simulator's answers: a signed POST to the API with a few retries inside.
  DeliverSimulatedAnswer: {
    entry: TASKS.DeliverSimulatedAnswer,
    memorySize: 256,
    timeout: Duration.seconds(30),
    reservedConcurrency: 5,
  },
};

/** A Node.js function of this repository, bundled as ESM for the Node 24 runtime on ARM. */
export function nodeFunction(
  scope: Construct,
  id: string,
  settings: FunctionSettings,
  environment: Record<string, string>,
  logGroup: logs.ILogGroup,
  extra: Partial<nodejs.NodejsFunctionProps> = {},
): nodejs.NodejsFunction {
  return new nodejs.NodejsFunction(scope, id, {
    entry: path.join(REPOSITORY_ROOT, settings.entry),
    handler: 'handler',
    projectRoot: REPOSITORY_ROOT,
    depsLockFilePath: path.join(REPOSITORY_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    reservedConcurrentExecutions: settings.reservedConcurrency,
    logGroup,
    // X-Ray traces each invocation; the state machines trace their executions too.
    tracing: lambda.Tracing.ACTIVE,
    environment: { ...environment, NODE_OPTIONS: '--enable-source-maps' },
    // lib/bundles.ts: the same options build the bundles the local stack runs (PA_HANDLERS=bundled).
    bundling: {
      format: nodejs.OutputFormat.ESM,
      ...LAMBDA_BUNDLING,
      mainFields: [...LAMBDA_BUNDLING.mainFields],
      externalModules: [...LAMBDA_BUNDLING.externalModules],
      commandHooks: copyAfterBundling(settings),
    },
    ...extra,
  });
}

/** Bundling hooks that only copy files (templates/, web/) into the bundle after esbuild ran. */
const copyAfterBundling = (settings: FunctionSettings): nodejs.ICommandHooks => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => copyCommands(bundleCopies(settings), inputDir, outputDir),
});
