/**
 * Lambda's event-filter patterns, as far as the local stream poller (dynamodb-stream.ts) needs
 * them to hand `eventStream` the same records locally as the event source mapping does on AWS.
 */
type FilterValue = string | number | boolean | null;

function isFilterValue(value: unknown): value is FilterValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws on a pattern outside the subset matchesStreamFilter reads. */
function assertSupportedFilter(pattern: object, path: string): void {
  for (const [key, expected] of Object.entries(pattern)) {
    const at = `${path}${key}`;
    if (Array.isArray(expected)) {
      if (!expected.every(isFilterValue))
        throw new TypeError(`unsupported stream filter at '${at}': only exact values`);
    } else if (isPlainObject(expected)) assertSupportedFilter(expected, `${at}.`);
    else throw new TypeError(`unsupported stream filter at '${at}': an object or an array of values`);
  }
}

function matchesPattern(pattern: object, record: object): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (!Object.hasOwn(record, key)) return false;
    const actual: unknown = (record as Record<string, unknown>)[key];
    if (!Array.isArray(expected)) return isPlainObject(actual) && matchesPattern(expected, actual);
    const candidates = Array.isArray(actual) ? actual : [actual];
    return candidates.some((candidate) => isFilterValue(candidate) && expected.includes(candidate));
  });
}

/**
 * Whether `record` matches `pattern`, in the subset of Lambda's event-filter syntax the stack
 * uses: nested objects, and leaves that are arrays of exact values, meaning "one of" (a record
 * value that is an array matches when one of its elements does). A key of the pattern missing
 * from the record is no match. Any other pattern (content filters such as `prefix`) is refused.
 */
export function matchesStreamFilter(pattern: object, record: object): boolean {
  assertSupportedFilter(pattern, '');
  return matchesPattern(pattern, record);
}
