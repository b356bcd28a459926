/**
 * Fuzzing every route of lib/routes.ts and the payer webhook over HTTP (fast-check): malformed
 * JSON, wrong types at every path of the examples, bodies over 10 MB, odd Unicode, wrong or
 * missing content types, bad path parameters and query strings. The answer is always a 4xx
 * problem+json (or a 2xx where the input happens to be valid), never a 5xx, and a refused request
 * never writes: the worklist count and the history of a case stay as they were.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#infra/routes.ts';
import { baseUrl, exampleRequest, requestFor, signedHeaders, submit, token, waitForCase } from './client.ts';

const RUNS = { numRuns: 30 };
// CI replays one fixed seed, so a landing is never decided by chance; a developer run explores
// new inputs (fast-check prints the seed of any failure; FUZZ_SEED replays it).
const FUZZ_SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : process.env.CI
    ? 20261127
    : undefined;
if (FUZZ_SEED !== undefined) fc.configureGlobal({ seed: FUZZ_SEED });
const claimExample = (await import('../fixtures/claim.json', { with: { type: 'json' } })).default as Record<
  string,
  unknown
>;

interface Answer {
  status: number;
  contentType: string;
  body: any;
}

/** One request with exactly the given body bytes and headers (no content-type added). */
async function send(
  method: string,
  path: string,
  options: { body?: string | Uint8Array; headers?: Record<string, string>; auth?: boolean } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.auth !== false) headers.authorization ??= `Bearer ${token()}`;
  const body = typeof options.body === 'string' ? new TextEncoder().encode(options.body) : options.body;
  const res = await fetch(`${baseUrl()}${path}`, { method, headers, body });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  let parsed: unknown = text;
  if (contentType.includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = `(not JSON) ${text.slice(0, 200)}`;
    }
  }
  return { status: res.status, contentType, body: parsed };
}

/** The contract of every answer: a 2xx, or a 4xx problem+json naming its status; never a 5xx. */
function expectCleanAnswer(answer: Answer, label: string): void {
  const describeIt = `${label} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  expect(answer.status, describeIt).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.contentType, describeIt).toMatch(/^application\/problem\+json/);
    expect(answer.body.status, describeIt).toBe(answer.status);
    expect(typeof answer.body.title, describeIt).toBe('string');
  }
}

function expectRefused(answer: Answer, label: string): void {
  expectCleanAnswer(answer, label);
  expect(answer.status, `${label} -> ${answer.status}`).toBeGreaterThanOrEqual(400);
}

async function worklistCount(): Promise<number> {
  let count = 0;
  let nextToken: string | null = null;
  do {
    const query: string = nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : '';
    const page = await send('GET', `/v1/prior-auths?limit=100${query}`);
    if (page.status !== 200) throw new Error(`worklist answered ${page.status}`);
    count += page.body.items.length;
    nextToken = page.body.nextToken;
  } while (nextToken);
  return count;
}

async function historyLength(caseId: string): Promise<number> {
  const answer = await send('GET', `/v1/prior-auths/${caseId}`);
  if (answer.status !== 200) throw new Error(`GET case answered ${answer.status}`);
  return answer.body.history.length;
}

type Path = Array<string | number>;

/** Every path of a JSON value (objects and arrays included, the root excluded). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<any>((v, key) => v?.[key], value);
}

function setAt<T>(value: T, path: Path, replacement: unknown): T {
  const copy = structuredClone(value) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = replacement;
  return copy;
}

/** encodeURIComponent, except that a lone surrogate becomes the bytes of its invalid UTF-8 form. */
function percentEncoded(value: string): string {
  return [...value]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff)
        return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
      return encodeURIComponent(ch);
    })
    .join('');
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, 'x', '', true, [], {}, [1, 'a'], { a: 1 }];
/** A value of another JSON type than `original`. */
const wrongFor = (original: unknown) => WRONG_VALUES.filter((v) => kindOf(v) !== kindOf(original));

const ODD_STRINGS = [
  '\uD800',
  'a\uDC00b',
  '\u202Eevil\u202C',
  'مرحبا',
  'a\u0000b',
  '\u0000',
  '🧬💉',
  'e\u0301',
  '\uFEFF',
  '\u2028\u2029',
  'x'.repeat(10_000),
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '<script>alert(1)</script>',
  "'; DROP TABLE cases; --",
];
const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', '\u0000', '\u202E', '🧬', 'a'), maxLength: 12 }),
);

/** Bytes that are not JSON: random text, truncated examples, invalid UTF-8, JSON with garbage. */
function malformedJson(example: unknown) {
  const text = JSON.stringify(example);
  return fc
    .oneof(
      fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
      fc.integer({ min: 1, max: text.length - 1 }).map((n) => new TextEncoder().encode(text.slice(0, n))),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
      fc
        .constantFrom('{', '[', '{"a":}', "{'a':1}", '{"a":1,}', 'NaN', 'undefined', '\u0000')
        .map((s) => new TextEncoder().encode(s)),
      fc.json().map((j) => new TextEncoder().encode(`${j}}{`)),
    )
    .filter((bytes) => {
      try {
        JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
        return false;
      } catch {
        return true;
      }
    });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const MANUAL_PAYER = 'manual-commercial';

describe('fuzzing every route', () => {
  let caseId: string;
  /** A case that only the refused webhooks name: it must stay as it is. */
  let webhookCaseId: string;
  /** A case that mutated webhooks name: a mutation that is still valid may change it. */
  let mutatedCaseId: string;
  const request = requestFor(MANUAL_PAYER);

  beforeAll(async () => {
    [caseId, webhookCaseId, mutatedCaseId] = await Promise.all([
      submit(request),
      submit(request),
      submit(request),
    ]);
    await Promise.all(
      [caseId, webhookCaseId, mutatedCaseId].map((id) => waitForCase(id, (c) => c.status === 'SUBMITTED')),
    );
  }, 120_000);

  /** Runs `act`, then proves it wrote no more than it says: new cases, and writes to the watched case. */
  async function withoutWrites(
    act: () => Promise<{ newCases: number; caseWrites: number }>,
    watched: () => string = () => caseId,
  ) {
    const [cases, history] = await Promise.all([worklistCount(), historyLength(watched())]);
    const { newCases, caseWrites } = await act();
    expect(await worklistCount()).toBe(cases + newCases);
    if (caseWrites === 0) expect(await historyLength(watched())).toBe(history);
  }

  const bodyRoutes = () => [
    { path: '/v1/prior-auths', example: request as unknown },
    { path: '/v1/assessments', example: request as unknown },
    { path: `/v1/prior-auths/${caseId}/claims`, example: claimExample as unknown },
  ];

  it('refuses malformed JSON on every route that takes a body', async () => {
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), malformedJson(exampleRequest), async (pick, bytes) => {
          const routes = bodyRoutes();
          const route = routes[pick % routes.length]!;
          expectRefused(await send('POST', route.path, { body: bytes, headers: JSON_HEADERS }), route.path);
        }),
        RUNS,
      );
      return { newCases: 0, caseWrites: 0 };
    });
  });

  it('refuses JSON that is not an object on every route that takes a body', async () => {
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.jsonValue().filter((v) => kindOf(v) !== 'object'),
          async (pick, value) => {
            const routes = bodyRoutes();
            const route = routes[pick % routes.length]!;
            const body = JSON.stringify(value);
            expectRefused(
              await send('POST', route.path, { body, headers: JSON_HEADERS }),
              `${route.path} ${body}`,
            );
          },
        ),
        RUNS,
      );
      return { newCases: 0, caseWrites: 0 };
    });
  });

  it('refuses a wrong type at every path of the request, one path at a time', async () => {
    // Every path once (deterministic), on the submission and the assessment.
    const paths = pathsOf(request);
    await withoutWrites(async () => {
      let newCases = 0;
      for (const path of paths) {
        const wrong = wrongFor(getAt(request, path))[path.length % 3]!;
        const body = JSON.stringify(setAt(request, path, wrong));
        for (const route of ['/v1/prior-auths', '/v1/assessments']) {
          const answer = await send('POST', route, { body, headers: JSON_HEADERS });
          expectCleanAnswer(answer, `${route} ${path.join('.')}=${JSON.stringify(wrong)}`);
          if (route === '/v1/prior-auths' && answer.status === 202) newCases++;
        }
      }
      return { newCases, caseWrites: 0 };
    });
  }, 120_000);

  it('answers a wrong type at any path of the request or the claim with a 4xx (or a 2xx if valid)', async () => {
    await withoutWrites(async () => {
      let newCases = 0;
      let caseWrites = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), async (pickRoute, pickPath, pickValue) => {
          const routes = bodyRoutes();
          const route = routes[pickRoute % routes.length]!;
          const paths = pathsOf(route.example);
          const path = paths[pickPath % paths.length]!;
          const wrongs = wrongFor(getAt(route.example, path));
          const wrong = wrongs[pickValue % wrongs.length];
          const answer = await send('POST', route.path, {
            body: JSON.stringify(setAt(route.example, path, wrong)),
            headers: JSON_HEADERS,
          });
          expectCleanAnswer(answer, `${route.path} ${path.join('.')}=${JSON.stringify(wrong)}`);
          if (answer.status === 202 && route.path === '/v1/prior-auths') newCases++;
          if (answer.status < 300 && route.path.endsWith('/claims')) caseWrites++;
        }),
        RUNS,
      );
      return { newCases, caseWrites };
    });
  }, 120_000);

  it('answers odd Unicode in any string of the request with a 2xx or a 4xx, never a 5xx', async () => {
    const stringPaths = pathsOf(request).filter((p) => typeof getAt(request, p) === 'string');
    await withoutWrites(async () => {
      let newCases = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat(), oddString, fc.boolean(), async (pickPath, odd, submitIt) => {
          const path = stringPaths[pickPath % stringPaths.length]!;
          const route = submitIt ? '/v1/prior-auths' : '/v1/assessments';
          const answer = await send('POST', route, {
            body: JSON.stringify(setAt(request, path, odd)),
            headers: JSON_HEADERS,
          });
          expectCleanAnswer(answer, `${route} ${path.join('.')}=${JSON.stringify(odd)}`);
          if (answer.status === 202) newCases++;
        }),
        RUNS,
      );
      return { newCases, caseWrites: 0 };
    });
  }, 120_000);

  it('takes a case accepted with odd Unicode in its text through its packet to the payer', async () => {
    // The packet PDF prints these fields with the standard fonts (WinAnsi): what they cannot
    // encode must not stop the workflow.
    const printed: Path[] = [
      ['patient', 'givenName'],
      ['patient', 'familyName'],
      ['provider', 'name'],
      ['provider', 'contact', 'name'],
      ['diagnosis', 'histology'],
      ['attachments', 0, 'title'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...printed), oddString, async (path, odd) => {
        const answer = await send('POST', '/v1/prior-auths', {
          body: JSON.stringify(setAt(request, path, odd)),
          headers: JSON_HEADERS,
        });
        expectCleanAnswer(answer, `${path.join('.')}=${JSON.stringify(odd)}`);
        if (answer.status !== 202) return;
        const c = await waitForCase(answer.body.caseId, (x) => x.status !== 'RECEIVED', 30_000);
        const failures = c.history.filter((h: any) => h.event === 'workflow.failed');
        expect(failures, `${path.join('.')}=${JSON.stringify(odd)}: ${JSON.stringify(failures)}`).toEqual([]);
        expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
      }),
      { numRuns: 12 },
    );
  }, 180_000);

  it.each(['/v1/prior-auths', '/v1/assessments', '/claims', '/v1/webhooks/payers/manual-commercial'])(
    'answers 413 to a body over 10 MB on %s and writes nothing',
    async (route) => {
      const path = route === '/claims' ? `/v1/prior-auths/${caseId}/claims` : route;
      await withoutWrites(async () => {
        const huge = `{"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`;
        const answer = await send('POST', path, {
          body: huge,
          headers: JSON_HEADERS,
          auth: !route.includes('webhooks'),
        });
        expect(answer.status).toBe(413);
        expectRefused(answer, path);
        return { newCases: 0, caseWrites: 0 };
      });
    },
    60_000,
  );

  it('refuses a wrong or missing content type on every route that takes a body', async () => {
    const contentType = fc.oneof(
      fc.constantFrom(
        undefined,
        'text/plain',
        'text/html; charset=utf-8',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/jsonx',
        'json',
        '',
        ';;;',
        'application/pdf',
      ),
      fc.string({ maxLength: 30 }).filter((s) => !/json/i.test(s) && /^[\x20-\x7e]*$/.test(s)),
    );
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), contentType, async (pick, type) => {
          const routes = bodyRoutes();
          const route = routes[pick % routes.length]!;
          const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
          const answer = await send('POST', route.path, { body: JSON.stringify(route.example), headers });
          expectRefused(answer, `${route.path} content-type ${JSON.stringify(type)}`);
        }),
        RUNS,
      );
      return { newCases: 0, caseWrites: 0 };
    });
  }, 120_000);

  it('answers bad path parameters on every parameterised route with a 4xx', async () => {
    const parameter = fc.oneof(
      fc.string({ minLength: 1, maxLength: 300 }),
      fc.constantFrom(
        '..',
        '%2e%2e',
        '..%2F..%2Fetc%2Fpasswd',
        '%00',
        '%FF',
        '%',
        'pa_' + 'x'.repeat(500),
        '%F0%9F%A7%AC',
      ),
      oddString.filter((s) => s.length > 0),
    );
    const parameterised = ROUTES.filter((r) => r.path.includes('{'));
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), parameter, fc.boolean(), async (pick, value, encode) => {
          const route = parameterised[pick % parameterised.length]!;
          // Raw or percent-encoded: both reach the router as a client would send them.
          const segment = encode ? percentEncoded(value) : value.replace(/[/?#\s]/g, '_');
          const path = route.path.replace(/\{[^}]+\}/, segment);
          const body =
            route.method === 'POST'
              ? JSON.stringify(path.endsWith('/claims') ? claimExample : { type: 'prior_auth.decision' })
              : undefined;
          let answer: Answer;
          try {
            answer = await send(route.method, path, { body, headers: body ? JSON_HEADERS : {} });
          } catch (error) {
            // fetch refuses some URLs itself (invalid characters): nothing reached the API.
            if (error instanceof TypeError) return;
            throw error;
          }
          expectRefused(answer, `${route.method} ${path}`);
        }),
        RUNS,
      );
      return { newCases: 0, caseWrites: 0 };
    });
  }, 120_000);

  it('answers bad query strings on every GET route with a 2xx or a 4xx', async () => {
    const tokenOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const value = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constantFrom('0', '-1', '101', '1e3', 'NaN', '25.5', 'SUBMITTED', 'submitted', 'APPROVED,DENIED'),
      fc.constantFrom('2026-13-45T99:99:99Z', 'tomorrow', '2026-11-20T10:00:00Z', '2026-11-20'),
      fc.jsonValue().map(tokenOf),
      fc.constantFrom(tokenOf({ pk: 'CASE#x', sk: 'META' }), tokenOf({}), tokenOf({ a: { b: [1] } }), '!!!'),
    );
    const name = fc.constantFrom(
      'status',
      'payerId',
      'dueBefore',
      'limit',
      'nextToken',
      'caseId',
      'x',
      '',
      '%',
      'limit[]',
    );
    const query = fc
      .array(fc.tuple(name, value, fc.boolean()), { minLength: 1, maxLength: 4 })
      .map((pairs) =>
        pairs
          .map(([k, v, raw]) => (raw ? `${k}=${v.replace(/[#\s]/g, '_')}` : `${k}=${encodeURIComponent(v)}`))
          .join('&'),
      );
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(query, fc.nat(), async (q, pick) => {
          // The worklist most often; every other GET route (the case, documents, health, OpenAPI) too.
          const gets = ROUTES.filter((r) => r.method === 'GET');
          const route = pick % 2 === 0 ? '/v1/prior-auths' : gets[pick % gets.length]!.path;
          const path = `${route.replace(/\{[^}]+\}/, caseId)}?${q}`;
          let answer: Answer;
          try {
            answer = await send('GET', path);
          } catch (error) {
            if (error instanceof TypeError) return;
            throw error;
          }
          expectCleanAnswer(answer, `GET ${path}`);
        }),
        RUNS,
      );
      return { newCases: 0, caseWrites: 0 };
    });
  }, 120_000);

  it('answers a method a route does not serve with 405 (or 404 off the routes)', async () => {
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST', 'GET'),
          async (pick, method) => {
            const route = ROUTES[pick % ROUTES.length]!;
            const path = route.path.replace(/\{[^}]+\}/, caseId);
            const served = ROUTES.some((r) => r.method === method && r.path === route.path);
            if (served) return;
            const body = ['GET', 'OPTIONS'].includes(method) ? undefined : JSON.stringify(request);
            const answer = await send(method, path, { body, headers: body ? JSON_HEADERS : {} });
            expectRefused(answer, `${method} ${path}`);
            expect([404, 405]).toContain(answer.status);
          },
        ),
        RUNS,
      );
      return { newCases: 0, caseWrites: 0 };
    });
  }, 120_000);

  it('refuses a bad or missing bearer token on every /v1 route with 401', async () => {
    const bearer = fc.oneof(
      fc.constant(undefined),
      fc
        .string({ maxLength: 80 })
        .filter((s) => /^[\x20-\x7e]*$/.test(s))
        .map((s) => `Bearer ${s}`),
      fc.constantFrom('Bearer', 'Basic dXNlcjpwYXNz', `bearer  ${'x'.repeat(300)}`, 'Bearer null'),
    );
    const guarded = ROUTES.filter((r) => r.auth);
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), bearer, async (pick, authorization) => {
          const route = guarded[pick % guarded.length]!;
          const path = route.path.replace(/\{[^}]+\}/, caseId);
          const body = route.method === 'POST' ? JSON.stringify(request) : undefined;
          const headers: Record<string, string> = body ? { ...JSON_HEADERS } : {};
          if (authorization !== undefined) headers.authorization = authorization;
          const answer = await send(route.method, path, { body, headers, auth: authorization !== undefined });
          expect(answer.status, `${route.method} ${path} with ${JSON.stringify(authorization)}`).toBe(401);
          expectRefused(answer, path);
        }),
        RUNS,
      );
      return { newCases: 0, caseWrites: 0 };
    });
  }, 120_000);

  describe('the payer webhook', () => {
    const webhookPath = `/v1/webhooks/payers/${MANUAL_PAYER}`;
    const event = (about = webhookCaseId) => ({
      type: 'prior_auth.decision',
      occurredAt: '2026-11-20T15:04:05Z',
      data: {
        caseId: about,
        payerReference: 'REF-FUZZ',
        outcome: 'pended',
        authorizationNumber: null,
        approvedUnits: null,
        validFrom: null,
        validTo: null,
        reasons: [],
        requestedDocuments: [],
        note: null,
      },
    });

    /** A delivery signed correctly over exactly these bytes: the fuzz reaches past the signature. */
    const signed = (
      bytes: Uint8Array,
      contentType: string | undefined = 'application/json',
    ): { body: Uint8Array; auth: boolean; headers: Record<string, string> } => ({
      body: bytes,
      auth: false,
      headers: {
        ...signedHeaders(MANUAL_PAYER, new TextDecoder().decode(bytes)),
        'content-type': contentType,
      },
    });

    it('refuses signed malformed JSON and JSON that is not an event', async () => {
      const body = fc.oneof(
        malformedJson(event()),
        fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
      );
      await withoutWrites(
        async () => {
          await fc.assert(
            fc.asyncProperty(body, async (bytes) => {
              expectRefused(
                await send('POST', webhookPath, signed(bytes)),
                `webhook ${new TextDecoder().decode(bytes).slice(0, 80)}`,
              );
            }),
            RUNS,
          );
          return { newCases: 0, caseWrites: 0 };
        },
        () => webhookCaseId,
      );
    });

    it('answers a wrong type or odd Unicode at any path of a signed event with a 4xx (or a 2xx if valid)', async () => {
      const example = event(mutatedCaseId);
      const paths = pathsOf(example);
      await withoutWrites(async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.nat(),
            fc.nat(),
            oddString,
            fc.boolean(),
            async (pickPath, pickValue, odd, useOdd) => {
              const path = paths[pickPath % paths.length]!;
              const wrongs = wrongFor(getAt(example, path));
              const replacement = useOdd ? odd : wrongs[pickValue % wrongs.length];
              const raw = JSON.stringify(setAt(example, path, replacement));
              const answer = await send('POST', webhookPath, signed(new TextEncoder().encode(raw)));
              expectCleanAnswer(answer, `webhook ${path.join('.')}=${JSON.stringify(replacement)}`);
            },
          ),
          RUNS,
        );
        return { newCases: 0, caseWrites: 0 };
      });
    }, 120_000);

    it('refuses wrong content types and unsigned or badly signed deliveries', async () => {
      const contentType = fc.constantFrom(
        undefined,
        'application/fhir+json',
        'application/x12',
        'text/plain',
        'application/xml',
        'application/octet-stream',
        'multipart/form-data; boundary=x',
      );
      const headerSet = fc.constantFrom('none', 'no-signature', 'bad-signature', 'bad-timestamp', 'odd-id');
      await withoutWrites(
        async () => {
          await fc.assert(
            fc.asyncProperty(fc.boolean(), contentType, headerSet, async (byType, type, headersKind) => {
              const bytes = new TextEncoder().encode(JSON.stringify(event()));
              let delivery = signed(bytes, type);
              if (type === undefined) {
                const { 'content-type': _dropped, ...rest } = delivery.headers;
                delivery = { ...delivery, headers: rest };
              }
              if (!byType) {
                const good = signed(bytes).headers;
                const headers: Record<string, string> =
                  headersKind === 'none'
                    ? { 'content-type': 'application/json' }
                    : headersKind === 'no-signature'
                      ? { ...good, 'webhook-signature': '' }
                      : headersKind === 'bad-signature'
                        ? { ...good, 'webhook-signature': 'v1,AAAA' }
                        : headersKind === 'bad-timestamp'
                          ? { ...good, 'webhook-timestamp': 'yesterday' }
                          : { ...good, 'webhook-id': 'msg odd\u00ff\u00e9 '.repeat(40) };
                delivery = { ...delivery, headers };
              }
              expectRefused(await send('POST', webhookPath, delivery), `webhook ${type} ${headersKind}`);
            }),
            RUNS,
          );
          return { newCases: 0, caseWrites: 0 };
        },
        () => webhookCaseId,
      );
    });
  });
});
