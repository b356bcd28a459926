/**
 * How a failed workflow step is described in a case's history: ids and error names, no data.
 */
/** The error name and the first line of its message, from a Step Functions Catch. */
export function describeFailure(error: { Error?: string; Cause?: string } | undefined): string {
  if (!error) return 'unknown error';
  let message = error.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorMessage?: string };
    message = cause.errorMessage ?? message;
  } catch {
    // a plain-text cause
  }
  return `${error.Error ?? 'Error'}: ${message.split('\n')[0]?.slice(0, 300) ?? ''}`;
}
