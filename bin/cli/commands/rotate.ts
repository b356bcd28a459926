/**
 * `pa rotate api-token [--finish]` and `pa rotate webhook-secret --payer <id> [--finish]`: secrets
 * rotated without downtime (README, "Rotating secrets"). Start: a new random value becomes current
 * and the old one stays accepted (the API token's `{"current","previous"}` form, the payer's
 * `previousWebhookSecret`); once every client (or the payer) uses the new one, finish: only the new
 * one is accepted.
 *
 * Locally they rewrite the data dir's files, which the local stack reads again without a restart:
 * `<PA_DATA_DIR or .local>/api-token` (its authorizer reads the file at each request) and the payer
 * registry file it runs with (PA_PAYERS_FILE or --payers-file; it looks for a change every second).
 * With `--aws` they put the new value in the Secrets Manager secret (`--secret-id`, default
 * API_TOKEN_SECRET_ARN or PAYERS_SECRET_ARN): the functions see it within their 5-minute cache.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  apiTokenPath,
  newApiToken,
  parseTokenText,
  readApiTokenFile,
  type TokenPair,
  tokenText,
  writeApiTokenFile,
} from '#infra/local/api-token.ts';
import { globals } from '../config.ts';
import { CliError, EXIT } from '../errors.ts';
import { type Io, print } from '../output.ts';

export type RotationStep = 'start' | 'finish';

/** The API token's next value: start makes `next` current and keeps the old one; finish drops it. */
export function rotateToken(stored: TokenPair | undefined, step: RotationStep, next: string): TokenPair {
  if (!stored) throw new CliError('there is no API token to rotate', EXIT.notFound);
  return step === 'start' ? { current: next, previous: stored.current } : { current: stored.current };
}

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

type RegistryEntry = Record<string, unknown> & { id?: unknown; webhookSecret?: unknown };

/** The registry with payer `payerId`'s webhook secret rotated: start keeps the old one as previous. */
export function rotatePayerSecret(
  registry: unknown,
  payerId: string,
  step: RotationStep,
  next: string,
): RegistryEntry[] {
  if (!Array.isArray(registry)) throw new CliError('the payer registry is not a JSON array', EXIT.usage);
  const entries = registry as RegistryEntry[];
  if (!entries.some((entry) => entry.id === payerId))
    throw new CliError(`no payer ${payerId} in the registry`, EXIT.notFound);
  return entries.map((entry) => {
    if (entry.id !== payerId) return entry;
    const { previousWebhookSecret: _dropped, ...rest } = entry;
    return step === 'start'
      ? { ...rest, webhookSecret: next, previousWebhookSecret: entry.webhookSecret }
      : rest;
  });
}

/** Where a secret is kept: read its text, write its new text. */
interface SecretPlace {
  describe: string;
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

/** A file replaced in one rename (mode 0600), so a reader never sees half of it. */
function filePlace(path: string): SecretPlace {
  return {
    describe: path,
    read: async () => {
      try {
        return await readFile(path, 'utf8');
      } catch {
        throw new CliError(`cannot read ${path}`, EXIT.notFound);
      }
    },
    write: async (text) => {
      const temporary = `${path}.rotate-${process.pid}`;
      await writeFile(temporary, text, { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, path);
    },
  };
}

/** A Secrets Manager secret (the client loads only with --aws). */
async function awsPlace(secretId: string | undefined, variable: string): Promise<SecretPlace> {
  if (!secretId) throw new CliError(`--secret-id (or ${variable}) names the secret to rotate`, EXIT.usage);
  const { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand } = await import(
    '@aws-sdk/client-secrets-manager'
  );
  const client = new SecretsManagerClient({});
  return {
    describe: `secret ${secretId}`,
    read: async () =>
      (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? '',
    write: async (text) => {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: text }));
    },
  };
}

interface RotateOptions {
  finish?: boolean;
  aws?: boolean;
  secretId?: string;
}

const stepOf = (o: RotateOptions): RotationStep => (o.finish ? 'finish' : 'start');

async function rotateApiToken(o: RotateOptions): Promise<{ where: string; pair: TokenPair }> {
  const step = stepOf(o);
  const next = newApiToken();
  if (o.aws) {
    const place = await awsPlace(o.secretId ?? process.env.API_TOKEN_SECRET_ARN, 'API_TOKEN_SECRET_ARN');
    const pair = rotateToken(parseTokenText(await place.read()), step, next);
    await place.write(tokenText(pair));
    return { where: place.describe, pair };
  }
  const dataDir = process.env.PA_DATA_DIR ?? '.local';
  const pair = rotateToken(await readApiTokenFile(dataDir), step, next);
  await writeApiTokenFile(dataDir, pair);
  return { where: apiTokenPath(dataDir), pair };
}

async function rotateWebhookSecret(
  o: RotateOptions & { payer: string; payersFile?: string },
): Promise<{ where: string; secret: string; previous: unknown }> {
  let place: SecretPlace;
  if (o.aws) place = await awsPlace(o.secretId ?? process.env.PAYERS_SECRET_ARN, 'PAYERS_SECRET_ARN');
  else {
    const file = o.payersFile ?? process.env.PA_PAYERS_FILE;
    if (!file)
      throw new CliError(
        'the local stack runs the built-in demo registry, whose secrets are fixed: start it with PA_PAYERS_FILE=<file> and pass --payers-file <file> (or PA_PAYERS_FILE)',
        EXIT.usage,
      );
    place = filePlace(file);
  }
  let registry: unknown;
  try {
    registry = JSON.parse(await place.read());
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`the payer registry in ${place.describe} is not JSON`, EXIT.usage);
  }
  const rotated = rotatePayerSecret(registry, o.payer, stepOf(o), newWebhookSecret());
  await place.write(`${JSON.stringify(rotated, null, 2)}\n`);
  const entry = rotated.find((e) => e.id === o.payer)!;
  return {
    where: place.describe,
    secret: String(entry.webhookSecret),
    previous: entry.previousWebhookSecret,
  };
}

const AWS_OPTIONS = [
  ['--aws', 'rotate the Secrets Manager secret on AWS instead of the local files'],
  ['--secret-id <arn>', 'the secret (with --aws)'],
] as const;

export function registerRotate(program: Command, io: Io): void {
  const rotate = program
    .command('rotate')
    .description(
      'rotate a secret without downtime: start (old and new accepted), then --finish (only the new)',
    );
  const apiToken = rotate
    .command('api-token')
    .description('a new API token; the old one stays accepted until --finish')
    .option('--finish', 'accept only the new token from now on');
  for (const [flag, text] of AWS_OPTIONS) apiToken.option(flag, text);
  apiToken.action(async (o: RotateOptions, cmd: Command) => {
    const { where, pair } = await rotateApiToken(o);
    const previousAccepted = pair.previous !== undefined;
    print(
      io,
      globals(cmd),
      { secret: 'api-token', step: stepOf(o), where, token: pair.current, previousAccepted },
      () =>
        previousAccepted
          ? `New API token (the old one is still accepted; move every client, then run pa rotate api-token --finish):\n${pair.current}\nin ${where}`
          : `Only the current API token is accepted now (${where}).`,
    );
  });
  const webhook = rotate
    .command('webhook-secret')
    .description(
      'a new webhook secret for a payer; deliveries signed with the old one are accepted until --finish',
    )
    .requiredOption('--payer <id>', 'the payer whose secret to rotate')
    .option('--payers-file <file>', 'the local payer registry file (default: PA_PAYERS_FILE)')
    .option('--finish', 'accept only the new secret from now on');
  for (const [flag, text] of AWS_OPTIONS) webhook.option(flag, text);
  webhook.action(async (o: RotateOptions & { payer: string; payersFile?: string }, cmd: Command) => {
    const { where, secret, previous } = await rotateWebhookSecret(o);
    const previousAccepted = previous !== undefined;
    print(
      io,
      globals(cmd),
      {
        secret: 'webhook-secret',
        payerId: o.payer,
        step: stepOf(o),
        where,
        webhookSecret: secret,
        previousAccepted,
      },
      () =>
        previousAccepted
          ? `New webhook secret of ${o.payer} (give it to the payer; the old one is still accepted until pa rotate webhook-secret --payer ${o.payer} --finish):\n${secret}\nin ${where}`
          : `Only the current webhook secret of ${o.payer} is accepted now (${where}).`,
    );
  });
}
