/**
 * The whole system on one machine (DESIGN.md, "The embedded default"): DynamoDB Local, a local
 * S3, the local Step Functions endpoint running the CDK app's state machines, the local HTTP API
 * built from ROUTES, the cases table's stream polled as Lambda's event source mapping polls it
 * (lib/event-stream.ts), and the deadline sweep on a timer, all calling the same handler functions
 * that the Lambdas export. The handlers reach the local servers through the real AWS SDK clients,
 * pointed there by the environment set before they are imported.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { AUDIT_TABLE_ENV, LOCAL_AUDIT_TABLE_NAME } from '../audit-table.ts';
import { buildBundles, bundlePath } from '../bundles.ts';
import { RECEIPT_INSERT_FILTER } from '../event-stream.ts';
import { FUNCTION_ENTRIES } from '../routes.ts';
import { LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '../table-design.ts';
import {
  HANDLER_ENV,
  STATE_MACHINES,
  type StateMachineName,
  TASKS,
  type TaskName,
} from '../workflow-contract.ts';
import { API_TOKEN_FILE_ENV, apiTokenFileEnv, resolveApiToken } from './api-token.ts';
import { ensureAuditTable } from './audit-table.ts';
import { localCredentials } from './credentials.ts';
import {
  ensureCasesTable,
  LOCAL_REGION,
  type LocalDynamoDb,
  localDynamoDbClient,
  startDynamoDbLocal,
} from './dynamodb.ts';
import { type LocalStreamPoller, startLocalStreamPoller } from './dynamodb-stream.ts';
import {
  type HttpApiEvent,
  type HttpApiHandler,
  type LocalHttpApi,
  type RequestAuthorizer,
  startLocalHttpApi,
} from './http-api.ts';
import { runAsFunction, type SynthesizedPolicies, startIamCheck, synthesizePolicies } from './iam-check.ts';
import { createLambdaContext, LOCAL_ACCOUNT_ID } from './lambda-context.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { type LocalLog, silentLog } from './log.ts';
import { type LocalS3, startLocalS3 } from './s3.ts';
import { type LocalStepFunctions, startLocalStepFunctions, type TaskFunction } from './stepfunctions.ts';

export type SweepFunction = (event: ScheduledEvent & { redriveAll?: boolean }, context: Context) => unknown;
export type StreamFunction = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

/** The handler functions the stack calls: by default the Lambda entry points of the repo. */
export interface LocalHandlers {
  api: HttpApiHandler;
  webhook: HttpApiHandler;
  authorizer: RequestAuthorizer;
  sweep: SweepFunction;
  /** The cases table's stream: starts HandlePayerEvent for each stored payer event. */
  eventStream: StreamFunction;
  tasks: Record<TaskName, TaskFunction>;
}

/** The state machines to run (by default renderLocalDefinitions() of lib/workflows.ts). */
export interface LocalWorkflowDefinitions {
  definitions: Record<string, object>;
  /** Task state name -> the task whose handler runs it. */
  taskStateToTask: Record<string, string>;
}

export interface LocalStackOptions {
  /** Port of the HTTP API on 127.0.0.1; 0 = a free port. */
  port: number;
  dataDir: string;
  /** PA_API_TOKEN; default: the token kept in `<dataDir>/api-token`, made on first start. */
  apiToken?: string;
  /** PA_PAYERS_FILE; default: the handlers' built-in demo registry. */
  payersFile?: string;
  /** PA_CLOCK: ISO timestamp that "now" starts at; the clock then runs on. */
  clock?: string;
  /** Period of the deadline sweep (default 60 s); it also runs once at start. */
  sweepIntervalMs?: number;
  /** Period of the stream poller's rounds (default EVENT_STREAM_SETTINGS.pollIntervalMs, as Lambda). */
  streamPollIntervalMs?: number;
  log?: LocalLog;
  /** Tests: handler functions to use instead of importing the repo's (missing ones are imported). */
  handlers?: Partial<Omit<LocalHandlers, 'tasks'>> & { tasks?: Partial<Record<string, TaskFunction>> };
  /** Tests: state machines to run instead of renderLocalDefinitions(). */
  workflows?: LocalWorkflowDefinitions;
  maxInFlightRequests?: number;
  maxConcurrentExecutions?: number;
  /** Tests: replaces every Retry interval of the state machines. */
  retryIntervalOverrideMs?: number;
  /** Bound on the wait for in-flight requests and executions at stop (default 10 s each). */
  stopTimeoutMs?: number;
  /**
   * PA_HANDLERS: `source` (default) imports the TypeScript handlers; `bundled` builds the bundles
   * the CDK app deploys (lib/bundles.ts, into `<dataDir>/bundles`) and runs those.
   */
  handlerSource?: HandlerSource;
  /**
   * PA_IAM_CHECK (default on): each function's AWS calls are checked against its policy in the
   * synthesized template (lib/local/iam-check.ts); a call its grants do not allow is AccessDenied.
   */
  iamCheck?: boolean;
}

export type HandlerSource = 'source' | 'bundled';

export interface LocalStack {
  readonly url: string;
  readonly port: number;
  readonly apiToken: string;
  readonly dataDir: string;
  readonly endpoints: { dynamodb: string; s3: string; stepFunctions: string };
  readonly stateMachineArns: Record<StateMachineName, string>;
  /** The Step Functions endpoint (drain() waits until no execution runs). */
  readonly stepFunctions: LocalStepFunctions;
  /** Runs the sweep now (as the timer does) and resolves with its result. */
  sweepNow(): Promise<unknown>;
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Imports a function's handler: from its TypeScript entry, or from its bundle in `bundleDir`. */
type HandlerImport = <T>(name: string, entry: string) => Promise<T>;

function handlerImport(bundleDir: string | undefined): HandlerImport {
  return async <T>(name: string, entry: string) => {
    const file = bundleDir === undefined ? join(REPO_ROOT, entry) : bundlePath(bundleDir, name);
    const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${file} exports no handler function`);
    return module.handler as T;
  };
}

/** Builds the deployed bundles of every function into `<dataDir>/bundles` (bundled mode). */
async function buildLocalBundles(dataDir: string): Promise<string> {
  const bundleDir = join(dataDir, 'bundles');
  const { ENTRY_FUNCTIONS, STEP_FUNCTIONS } = await import('../stateless/functions.ts');
  await buildBundles(bundleDir, { ...ENTRY_FUNCTIONS, ...STEP_FUNCTIONS });
  return bundleDir;
}

/** A promise and its resolvers (Promise.withResolvers is Node 22+). */
function deferred<T>() {
  let resolvePromise!: (value: T) => void;
  let rejectPromise!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolvePromise = res;
    rejectPromise = rej;
  });
  promise.catch(() => {});
  return { promise, resolve: resolvePromise, reject: rejectPromise };
}

function setHandlerEnvironment(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? silentLog;
  const dataDir = resolve(options.dataDir);
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  if (options.clock !== undefined && Number.isNaN(Date.parse(options.clock))) {
    throw new Error(`PA_CLOCK must be an ISO timestamp, got '${options.clock}'`);
  }
  await mkdir(dataDir, { recursive: true });
  const lock: DataDirLock = await acquireDataDirLock(dataDir);

  // The servers start before the handlers are imported (the handlers need their endpoints and
  // the public URL in the environment), so they call the handlers through this late binding.
  const loaded = deferred<LocalHandlers>();
  let dynamodb: LocalDynamoDb | undefined;
  let s3: LocalS3 | undefined;
  let sfn: LocalStepFunctions | undefined;
  let http: LocalHttpApi | undefined;
  let stream: LocalStreamPoller | undefined;
  const cleanUp = async () => {
    await http?.stop({ timeoutMs: stopTimeoutMs });
    await stream?.stop();
    await sfn?.stop({ timeoutMs: stopTimeoutMs });
    await Promise.allSettled([s3?.stop(), dynamodb?.stop()]);
    await lock.release();
  };

  try {
    const apiToken = await resolveApiToken(dataDir, options.apiToken);
    const startedAt = Date.now();
    // Rendering the ASL loads aws-cdk-lib (seconds): done while the JVM starts.
    const workflowsReady: Promise<LocalWorkflowDefinitions> = options.workflows
      ? Promise.resolve(options.workflows)
      : import('../workflows.ts').then((module) => module.renderLocalDefinitions());
    workflowsReady.catch(() => {});
    // The synth for the IAM check (seconds) also runs while the JVM starts.
    const policiesReady: Promise<SynthesizedPolicies | undefined> =
      options.iamCheck === false ? Promise.resolve(undefined) : synthesizePolicies();
    policiesReady.catch(() => {});
    const bundlesReady =
      options.handlerSource === 'bundled' ? buildLocalBundles(dataDir) : Promise.resolve(undefined);
    bundlesReady.catch(() => {});
    [dynamodb, s3] = await Promise.all([
      startDynamoDbLocal({ dataDir, log }),
      startLocalS3({
        dataDir,
        bucketName: LOCAL_BUCKET_NAME,
        credentials: await localCredentials(dataDir),
        log,
      }),
    ]);
    const tableClient = localDynamoDbClient(dynamodb.endpoint, dynamodb.credentials);
    try {
      await ensureCasesTable(tableClient, LOCAL_TABLE_NAME);
      await ensureAuditTable(tableClient, LOCAL_AUDIT_TABLE_NAME);
    } finally {
      tableClient.destroy();
    }
    log('info', 'storage ready', { ms: Date.now() - startedAt });

    const workflows = await workflowsReady;
    const bundleDir = await bundlesReady;
    const importHandler = handlerImport(bundleDir);
    // The bundles carry their own copies of templates/ and the web app, as on AWS.
    const webDir = bundleDir === undefined ? undefined : join(bundleDir, 'web', 'web');
    if (bundleDir !== undefined) log('info', 'bundles built', { dir: bundleDir, ms: Date.now() - startedAt });

    const taskHandlers: Record<string, TaskFunction> = {};
    for (const [stateName, task] of Object.entries(workflows.taskStateToTask)) {
      taskHandlers[stateName] = (input, context) =>
        runAsFunction(task, async () => (await loaded.promise).tasks[task as TaskName](input, context));
    }
    sfn = await startLocalStepFunctions({
      definitions: workflows.definitions,
      taskHandlers,
      region: LOCAL_REGION,
      maxConcurrentExecutions: options.maxConcurrentExecutions,
      retryIntervalOverrideMs: options.retryIntervalOverrideMs,
      log,
    });
    http = await startLocalHttpApi({
      routes: (await import('../routes.ts')).ROUTES,
      handlers: {
        api: (event: HttpApiEvent, context: Context) =>
          runAsFunction('api', async () => (await loaded.promise).api(event, context)),
        webhook: (event: HttpApiEvent, context: Context) =>
          runAsFunction('webhook', async () => (await loaded.promise).webhook(event, context)),
        // Shadowed by the static sites below (same files, same replies), kept for ROUTES' sake.
        web: async (event: HttpApiEvent, context: Context) =>
          (await importHandler<HttpApiHandler>('web', FUNCTION_ENTRIES.web))(event, context),
      },
      authorizer: (event, context) =>
        runAsFunction('authorizer', async () => (await loaded.promise).authorizer(event, context)),
      port: options.port,
      maxInFlight: options.maxInFlightRequests,
      staticSites: [
        {
          prefix: '/app/vendor/swagger-ui/',
          dir: webDir
            ? join(webDir, 'vendor', 'swagger-ui')
            : dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')),
        },
        { prefix: '/app/', dir: webDir ?? fileURLToPath(new URL('../../web/', import.meta.url)) },
      ],
      region: LOCAL_REGION,
      log,
    });

    const stateMachineArns = Object.fromEntries(
      STATE_MACHINES.map((name) => [name, sfn!.stateMachineArn(name)]),
    ) as Record<StateMachineName, string>;
    setHandlerEnvironment({
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      // The data dir's key pair: the only one that sees its DynamoDB Local database.
      AWS_ACCESS_KEY_ID: dynamodb.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: dynamodb.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      // The local S3 server does not know the SDK's default CRC checksums.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      [HANDLER_ENV.TABLE_NAME]: LOCAL_TABLE_NAME,
      [AUDIT_TABLE_ENV]: LOCAL_AUDIT_TABLE_NAME,
      [HANDLER_ENV.BUCKET_NAME]: LOCAL_BUCKET_NAME,
      [HANDLER_ENV.SUBMIT_STATE_MACHINE_ARN]: stateMachineArns.SubmitPriorAuth,
      [HANDLER_ENV.EVENT_STATE_MACHINE_ARN]: stateMachineArns.HandlePayerEvent,
      [HANDLER_ENV.SIMULATOR_STATE_MACHINE_ARN]: stateMachineArns.DeliverSimulatedAnswer,
      [HANDLER_ENV.PAYERS_SECRET_ARN]: undefined,
      [HANDLER_ENV.API_TOKEN_SECRET_ARN]: undefined,
      [HANDLER_ENV.KMS_KEY_ARN]: undefined,
      [HANDLER_ENV.PA_PAYERS_FILE]:
        options.payersFile === undefined ? undefined : resolve(options.payersFile),
      [HANDLER_ENV.PA_API_TOKEN]: apiToken,
      [API_TOKEN_FILE_ENV]: apiTokenFileEnv(dataDir, options.apiToken),
      [HANDLER_ENV.PA_CLOCK]: options.clock,
      [HANDLER_ENV.PA_PUBLIC_URL]: http.url,
      [HANDLER_ENV.PA_S3_FORCE_PATH_STYLE]: '1',
      PA_IAM_CHECK: undefined,
      PA_TEMPLATES_DIR: bundleDir === undefined ? undefined : join(bundleDir, 'AssemblePacket', 'templates'),
      PA_WEB_DIR: webDir,
      // The daily digest's mail: .eml files in the data dir (lambdas/handlers/bindings/mailer.ts).
      PA_MAIL_OUTBOX: join(dataDir, 'outbox'),
    });
    const policies = await policiesReady;
    if (policies) {
      const arns = { region: LOCAL_REGION, tableName: LOCAL_TABLE_NAME, bucketName: LOCAL_BUCKET_NAME };
      setHandlerEnvironment(startIamCheck(policies, { ...arns, stateMachineArns }));
      log('info', 'iam check on', { ms: Date.now() - startedAt });
    }

    const given = options.handlers ?? {};
    const tasks = {} as Record<TaskName, TaskFunction>;
    for (const task of new Set(Object.values(workflows.taskStateToTask))) {
      const entry = TASKS[task as TaskName];
      const fn = given.tasks?.[task] ?? (entry ? await importHandler<TaskFunction>(task, entry) : undefined);
      if (!fn) throw new Error(`no handler for task ${task}`);
      tasks[task as TaskName] = fn;
    }
    const handlers: LocalHandlers = {
      api: given.api ?? (await importHandler<HttpApiHandler>('api', FUNCTION_ENTRIES.api)),
      webhook: given.webhook ?? (await importHandler<HttpApiHandler>('webhook', FUNCTION_ENTRIES.webhook)),
      authorizer:
        given.authorizer ??
        (await importHandler<RequestAuthorizer>('authorizer', FUNCTION_ENTRIES.authorizer)),
      sweep: given.sweep ?? (await importHandler<SweepFunction>('sweep', FUNCTION_ENTRIES.sweep)),
      eventStream:
        given.eventStream ??
        (await importHandler<StreamFunction>('eventStream', FUNCTION_ENTRIES.eventStream)),
      tasks,
    };
    loaded.resolve(handlers);

    // The stream's new payer-event receipts, in batches, to the eventStream function, as the event
    // source mapping hands them over on AWS; its place is kept in the data dir across restarts.
    stream = await startLocalStreamPoller({
      endpoint: dynamodb.endpoint,
      credentials: dynamodb.credentials,
      region: LOCAL_REGION,
      tableName: LOCAL_TABLE_NAME,
      checkpointFile: join(dataDir, 'event-stream-checkpoint.json'),
      filter: RECEIPT_INSERT_FILTER,
      ...(options.streamPollIntervalMs === undefined ? {} : { pollIntervalMs: options.streamPollIntervalMs }),
      handler: (event) =>
        runAsFunction('eventStream', () =>
          handlers.eventStream(
            event,
            createLambdaContext('eventStream', { region: LOCAL_REGION, timeoutMs: 60_000 }),
          ),
        ),
      log,
    });

    // The sweep: once at start (re-driving every case left mid-way, since no execution survived
    // the restart), then on a timer, never two at once.
    const clockStart = options.clock === undefined ? undefined : Date.parse(options.clock);
    const now = () => new Date(clockStart === undefined ? Date.now() : clockStart + (Date.now() - startedAt));
    let sweeping: Promise<unknown> | undefined;
    const runSweep = (redriveAll: boolean): Promise<unknown> => {
      if (sweeping) return sweeping;
      const event: ScheduledEvent & { redriveAll?: boolean } = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: LOCAL_ACCOUNT_ID,
        time: now().toISOString(),
        region: LOCAL_REGION,
        resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/local-deadline-sweep`],
        detail: {},
        ...(redriveAll ? { redriveAll: true } : {}),
      };
      const run = Promise.resolve()
        .then(() =>
          runAsFunction('sweep', () =>
            handlers.sweep(event, createLambdaContext('sweep', { region: LOCAL_REGION, timeoutMs: 300_000 })),
          ),
        )
        .finally(() => {
          sweeping = undefined;
        });
      sweeping = run;
      return run;
    };
    const sweepInBackground = (redriveAll: boolean) =>
      runSweep(redriveAll).catch((error: unknown) =>
        log('error', 'sweep failed', { error: error instanceof Error ? error.name : 'Error' }),
      );
    void sweepInBackground(true);
    const timer = setInterval(() => void sweepInBackground(false), options.sweepIntervalMs ?? 60_000);
    timer.unref();

    log('info', 'local stack started', { url: http.url, ms: Date.now() - startedAt });
    let stopping: Promise<void> | undefined;
    const httpApi = http;
    const stepFunctions = sfn;
    return {
      url: httpApi.url,
      port: httpApi.port,
      apiToken,
      dataDir,
      endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint, stepFunctions: stepFunctions.endpoint },
      stateMachineArns,
      stepFunctions,
      sweepNow: () => runSweep(false),
      stop() {
        stopping ??= (async () => {
          clearInterval(timer);
          await httpApi.stop({ timeoutMs: stopTimeoutMs });
          await stream?.stop();
          if (sweeping) {
            let bound: NodeJS.Timeout | undefined;
            await Promise.race([
              sweeping.catch(() => undefined),
              new Promise((resolveWait) => {
                bound = setTimeout(resolveWait, stopTimeoutMs);
              }),
            ]);
            clearTimeout(bound);
          }
          await cleanUp();
          log('info', 'local stack stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    loaded.reject(error);
    await cleanUp().catch(() => undefined);
    throw error;
  }
}
