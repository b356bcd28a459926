/** The local stack's own log lines (ids only, never request bodies). */
export type LocalLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

export const silentLog: LocalLog = () => {};

/** One JSON line a message on stderr, so stdout stays for the token and ready lines. */
export const stderrLog: LocalLog = (level, message, fields) => {
  process.stderr.write(`${JSON.stringify({ level, message, ...fields, at: new Date().toISOString() })}\n`);
};
