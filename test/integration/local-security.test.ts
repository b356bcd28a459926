/**
 * Issue 15, point 5: the local stack listens on loopback only, keeps strangers out of DynamoDB
 * Local (which listens on every interface) by a random key per data dir, and keeps its files private.
 */
import { chmod, mkdtemp, readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '#adapters/aws-clients.ts';
import { s3Client } from '#adapters/aws-s3.ts';
import { CREDENTIALS_FILE_NAME, type LocalCredentials } from '#infra/local/credentials.ts';
import { databaseFileName, LOCAL_CREDENTIALS, localDynamoDbClient } from '#infra/local/dynamodb.ts';
import { startLocalStack } from '#infra/local/stack.ts';
import { LOCAL_BUCKET_NAME, LOCAL_TABLE_NAME } from '#infra/table-design.ts';
import { type StackProcess, startStackProcess } from '../support/local-stack.ts';

interface ListeningSocket {
  readonly address: string;
  readonly port: number;
}

/** 0100007F -> 127.0.0.1 (little-endian words, as /proc/net/tcp writes them); IPv6 as written. */
function procAddress(hex: string): string {
  if (hex.length === 8) {
    return [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join('.');
  }
  if (hex === '0'.repeat(32)) return '::';
  if (hex === '0000000000000000FFFF00000100007F') return '::ffff:127.0.0.1';
  if (hex === '00000000000000000000000001000000') return '::1';
  return hex;
}

/** The sockets in LISTEN state that process `pid` holds, from /proc/net/tcp and tcp6. */
async function listeningSockets(pid: number): Promise<ListeningSocket[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const sockets: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const row of rows) {
      const fields = row.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (!local || state !== '0A' || !inode || !inodes.has(inode)) continue;
      const [address = '', port = ''] = local.split(':');
      sockets.push({ address: procAddress(address), port: Number.parseInt(port, 16) });
    }
  }
  return sockets;
}

/** Every path under `dir` with its permission bits. */
async function modes(dir: string): Promise<Array<{ path: string; mode: number; directory: boolean }>> {
  const out: Array<{ path: string; mode: number; directory: boolean }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    out.push({ path, mode: info.mode & 0o777, directory: info.isDirectory() });
    if (info.isDirectory()) out.push(...(await modes(path)));
  }
  return out;
}

describe.runIf(process.platform === 'linux')('local stack: loopback only, private files', () => {
  let stack: StackProcess;
  let credentials: LocalCredentials;
  let javaPid: number;

  beforeAll(async () => {
    // A data dir as an older version left it: open to all, with a world-readable file.
    const dataDir = await mkdtemp(join(tmpdir(), 'pa-security-'));
    await chmod(dataDir, 0o755);
    await writeFile(join(dataDir, 'left-by-an-older-version.txt'), 'synthetic\n', { mode: 0o644 });
    stack = await startStackProcess({ dataDir });
    credentials = JSON.parse(await readFile(join(stack.dataDir, CREDENTIALS_FILE_NAME), 'utf8'));
    javaPid = Number.parseInt(await readFile(join(stack.dataDir, 'dynamodb', 'java.pid'), 'utf8'), 10);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('binds every server of the stack process to 127.0.0.1', async () => {
    // Act
    const sockets = await listeningSockets(stack.proc.pid!);

    // Assess: the HTTP API, the local S3 and the Step Functions endpoint at least
    expect(sockets.length).toBeGreaterThanOrEqual(3);
    expect(sockets.filter((socket) => socket.address !== '127.0.0.1')).toEqual([]);
    expect(sockets.map((socket) => socket.port)).toContain(Number(new URL(stack.url).port));
  });

  it('shows DynamoDB Local, which listens on every interface, to the data dir key only', async () => {
    // Prepare: its only listening socket, reached on loopback
    const [java] = await listeningSockets(javaPid);
    const endpoint = `http://127.0.0.1:${java!.port}`;
    const ownClient = localDynamoDbClient(endpoint, credentials);
    const strangerClient = localDynamoDbClient(endpoint, LOCAL_CREDENTIALS);
    const otherKey = localDynamoDbClient(endpoint, { accessKeyId: 'AKIASTRANGER0000', secretAccessKey: 'x' });

    // Act
    const own = await ownClient.send(new ListTablesCommand({}));
    const stranger = await strangerClient.send(new ListTablesCommand({}));
    const other = await otherKey.send(new ListTablesCommand({}));
    for (const client of [ownClient, strangerClient, otherKey]) client.destroy();

    // Assess
    expect(own.TableNames).toContain(LOCAL_TABLE_NAME);
    expect(stranger.TableNames).toEqual([]);
    expect(other.TableNames).toEqual([]);
  });

  it('keeps the data dir 0700, its folders 0700 and its files 0600, those written by Java and s3rver too', async () => {
    // Act
    const dir = (await stat(stack.dataDir)).mode & 0o777;
    const entries = await modes(stack.dataDir);

    // Assess
    expect(dir).toBe(0o700);
    expect(entries.map((entry) => entry.path)).toEqual(
      expect.arrayContaining([
        join(stack.dataDir, CREDENTIALS_FILE_NAME),
        join(stack.dataDir, 'api-token'),
        join(stack.dataDir, 'dynamodb', databaseFileName(credentials)),
        join(stack.dataDir, 's3'),
      ]),
    );
    expect(entries.filter((entry) => entry.mode !== (entry.directory ? 0o700 : 0o600))).toEqual([]);
  });
});

describe('local stack: each function’s AWS calls against its synthesized policy', () => {
  /** What each call of a toy handler ends in: 'ok' or the SDK error's name. */
  async function outcomes(calls: Record<string, () => Promise<unknown>>): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, call] of Object.entries(calls)) {
      out[name] = await call().then(
        () => 'ok',
        (error: Error) => error.name,
      );
    }
    return out;
  }

  /** The product's own SDK clients (aws-clients.ts), as a function would call them. */
  const callsOfTheData = () => {
    const TableName = LOCAL_TABLE_NAME;
    const Key = { pk: 'CASE#c-none', sk: 'CASE' };
    return {
      getItem: () => dynamoClient().send(new GetCommand({ TableName, Key })),
      query: () =>
        dynamoClient().send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'CASE#c-none' },
          }),
        ),
      scan: () => dynamoClient().send(new ScanCommand({ TableName, Limit: 1 })),
      deleteItem: () =>
        dynamoClient().send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName, Key } }] })),
      // The api may put uploads and attachments only (lib/stateless/access.ts), nothing elsewhere.
      putObject: () =>
        s3Client().send(
          new PutObjectCommand({ Bucket: LOCAL_BUCKET_NAME, Key: 'uploads/up_none.pdf', Body: 'synthetic' }),
        ),
      putOutsideItsFolders: () =>
        s3Client().send(
          new PutObjectCommand({
            Bucket: LOCAL_BUCKET_NAME,
            Key: 'documents/c-none/x.pdf',
            Body: 'synthetic',
          }),
        ),
      deleteObject: () =>
        s3Client().send(new DeleteObjectCommand({ Bucket: LOCAL_BUCKET_NAME, Key: 'uploads/up_none.pdf' })),
    };
  };
  const reply = async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(await outcomes(callsOfTheData())),
  });

  it('lets the api and the webhook make the calls they are granted and refuses the rest as AccessDenied', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'pa-iam-'));
    const stack = await startLocalStack({
      port: 0,
      dataDir,
      sweepIntervalMs: 86_400_000,
      handlers: { api: reply, webhook: reply },
    });
    try {
      // Act
      const api = (await (await fetch(`${stack.url}/healthz`)).json()) as Record<string, string>;
      const webhook = (await (
        await fetch(`${stack.url}/v1/webhooks/payers/any`, { method: 'POST', body: '{}' })
      ).json()) as Record<string, string>;

      // Assess
      expect(api).toEqual({
        getItem: 'ok',
        query: 'ok',
        scan: 'AccessDeniedException',
        deleteItem: 'AccessDeniedException',
        putObject: 'ok',
        putOutsideItsFolders: 'AccessDenied',
        deleteObject: 'AccessDenied',
      });
      expect(webhook).toEqual({
        getItem: 'ok',
        query: 'AccessDeniedException',
        scan: 'AccessDeniedException',
        deleteItem: 'AccessDeniedException',
        putObject: 'AccessDenied',
        putOutsideItsFolders: 'AccessDenied',
        deleteObject: 'AccessDenied',
      });
    } finally {
      await stack.stop();
    }
  });
});
