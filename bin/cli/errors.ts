/** Exit codes of `pa` and the error that ends a command with one of them. */

export const EXIT = {
  ok: 0,
  usage: 1,
  refused: 2,
  notFound: 3,
  unavailable: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_HELP = `
Exit codes:
  0  done
  1  usage error (unknown command or option, unreadable or non-JSON file)
  2  refused by the API: validation or another 4xx answer (401 bad token, 409, 422, ...)
  3  not found (unknown case, document or payer; no appeal yet)
  4  server or network error (5xx, stack not running, timeout)

Environment:
  PA_URL         base URL of the API (default http://127.0.0.1:3000)
  PA_API_TOKEN   bearer token (default: the file <PA_DATA_DIR or .local>/api-token)
  PA_DATA_DIR    data dir of the local stack, where its api-token file is
  PA_PAYERS_FILE payer registry used to sign webhooks (default: the built-in demo registry)
`;

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** An answer or a failure that ends the command with a given exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly problem: Problem | undefined;
  constructor(message: string, exitCode: ExitCode, problem?: Problem) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.problem = problem;
  }
}

/** The exit code an HTTP status means (EXIT_HELP). */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 404) return EXIT.notFound;
  if (status >= 400 && status < 500) return EXIT.refused;
  if (status >= 500) return EXIT.unavailable;
  return EXIT.ok;
}
