/**
 * A list command over a paged route (`{ items, nextToken }`): its --limit, --all and --next-token
 * options, and an action that reads one page from --next-token, or every page with --all, and
 * prints them with the nextToken left.
 */
import type { Command } from 'commander';
import { connection, globals } from './config.ts';
import { call } from './http.ts';
import { type Io, print } from './output.ts';

export interface PagedOptions {
  all?: boolean;
  nextToken?: string;
}

export interface PagedList<O, T> {
  path: string;
  /** The --limit option's help, e.g. 'cases per page (1-100)', and its default. */
  limit: [help: string, defaultValue: string];
  query: (opts: O) => URLSearchParams;
  format: (items: T[]) => string;
  /** The command that continues from a token, for the "more:" line. */
  more: string;
}

export function pagedListCommand<O extends PagedOptions, T>(command: Command, io: Io, list: PagedList<O, T>) {
  return command
    .option('--limit <n>', ...list.limit)
    .option('--all', 'follow nextToken through every page')
    .option('--next-token <token>', 'continue from a nextToken')
    .action(async (_o, cmd: Command) => {
      const opts = globals<O>(cmd);
      const conn = connection(opts);
      const query = list.query(opts);
      const items: T[] = [];
      let token = opts.nextToken;
      let nextToken: string | null = null;
      do {
        if (token) query.set('nextToken', token);
        const res = await call(conn, 'GET', `${list.path}?${query}`);
        items.push(...res.body.items);
        nextToken = res.body.nextToken ?? null;
        token = nextToken ?? undefined;
      } while (opts.all && token);
      print(io, opts, { items, nextToken }, () =>
        [list.format(items), nextToken ? `\nmore: ${list.more} --next-token ${nextToken}` : '']
          .join('')
          .trimEnd(),
      );
    });
}
