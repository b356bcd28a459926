/** Where `pa` finds the API and its token, the global options, and the JSON files it is given. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseTokenText } from '#infra/local/api-token.ts';
import { CliError, EXIT } from './errors.ts';

export interface GlobalOptions {
  url: string;
  token?: string;
  json?: boolean;
}

export interface Connection {
  url: string;
  token: string | undefined;
}

export function resolveToken(
  given: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (given) return given;
  if (env.PA_API_TOKEN) return env.PA_API_TOKEN;
  // `pa login`'s access token (commands/identity.ts) first, else the local stack's bootstrap token.
  for (const file of ['login-token', 'api-token']) {
    try {
      // During `pa rotate api-token` the file holds {"current","previous"}: the current one.
      const stored =
        parseTokenText(readFileSync(join(env.PA_DATA_DIR ?? '.local', file), 'utf8'))?.current ?? '';
      if (stored !== '') return stored;
    } catch {
      // not there: the next one
    }
  }
  return undefined;
}

export function connection(opts: GlobalOptions): Connection {
  return { url: opts.url, token: resolveToken(opts.token) };
}

// biome-ignore lint/suspicious/noExplicitAny: user-supplied JSON, sent on as it is
export function readJsonFile(file: string): any {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON`, EXIT.usage);
  }
}

/** A command's own options merged with the global ones. */
export const globals = <T extends object = object>(cmd: Command): GlobalOptions & T =>
  cmd.optsWithGlobals<GlobalOptions & T>();
