/**
 * Fuzzing every route of lib/routes.ts over HTTP (fast-check): malformed JSON, wrong types at
 * every path of the examples, bodies over 10 MB, odd Unicode, wrong or missing content types, bad
 * path parameters and query strings. The answer is always a 4xx problem+json (or a 2xx where the
 * input happens to be valid), never a 5xx, and a refused request never writes: the whole worklist
 * and the history of a case stay as they were. The payer webhook: fuzz-webhook.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#infra/routes.ts';
import { exampleClaim, exampleRequest, requestFor, submittedCase, waitForCase } from './client.ts';
import {
  expectCleanAnswer,
  expectRefused,
  FIXED_SEED,
  fuzzSeed,
  getAt,
  JSON_HEADERS,
  kindOf,
  MANUAL_PAYER,
  malformedJson,
  NO_WRITES,
  oddString,
  type Path,
  pathsOf,
  percentEncoded,
  RUNS,
  send,
  sendIfValidUrl,
  setAt,
  type Writes,
  withoutWrites as watching,
  wrongFor,
} from './fuzz-support.ts';

const METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST', 'GET'];
/** Odd-Unicode requests of the packet test that must be accepted, of 12 (the fixed seed and explored ones accept all). */
const MIN_ACCEPTED = 6;

describe('the fuzz seed', () => {
  it.each([
    ['fixed by default, in CI and for developers alike', {}, FIXED_SEED],
    ['fixed when CI is set', { CI: 'true' }, FIXED_SEED],
    ['new inputs with FUZZ_EXPLORE=1', { FUZZ_EXPLORE: '1' }, undefined],
    ['a replay with FUZZ_SEED', { FUZZ_SEED: '42', FUZZ_EXPLORE: '1' }, 42],
  ])('is %s', (_label, env: Record<string, string>, seed) => {
    expect(fuzzSeed(env)).toBe(seed);
  });
});

describe('fuzzing every route', () => {
  /** The case the routes name: a refused request must leave it as it is. */
  let caseId: string;
  const request = requestFor(MANUAL_PAYER);

  beforeAll(async () => {
    caseId = await submittedCase(MANUAL_PAYER);
  }, 120_000);

  /** Runs `act` and proves it wrote no more than it says (the whole worklist, the case's history). */
  const withoutWrites = (act: () => Promise<Writes>) => watching(caseId, act);

  const bodyRoutes = () => [
    { path: '/v1/prior-auths', example: request as unknown },
    { path: '/v1/assessments', example: request as unknown },
    { path: `/v1/prior-auths/${caseId}/claims`, example: exampleClaim as unknown },
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
      return NO_WRITES;
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
      return NO_WRITES;
    });
  });

  it('refuses a wrong type at every path of the request, one path at a time', async () => {
    // Every path once (deterministic), on the submission and the assessment: each answer a 4xx.
    const paths = pathsOf(request);
    const accepted: string[] = [];
    await withoutWrites(async () => {
      for (const path of paths) {
        const wrong = wrongFor(getAt(request, path))[path.length % 3]!;
        const body = JSON.stringify(setAt(request, path, wrong));
        for (const route of ['/v1/prior-auths', '/v1/assessments']) {
          const answer = await send('POST', route, { body, headers: JSON_HEADERS });
          const label = `${route} ${path.join('.')}=${JSON.stringify(wrong)}`;
          expectCleanAnswer(answer, label);
          if (answer.status < 400) accepted.push(`${label} -> ${answer.status}`);
        }
      }
      return NO_WRITES;
    });
    expect(accepted).toEqual([]);
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
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...printed), oddString, async (path, odd) => {
        const answer = await send('POST', '/v1/prior-auths', {
          body: JSON.stringify(setAt(request, path, odd)),
          headers: JSON_HEADERS,
        });
        expectCleanAnswer(answer, `${path.join('.')}=${JSON.stringify(odd)}`);
        if (answer.status !== 202) return; // refused cleanly: counted below
        accepted++;
        const c = await waitForCase(answer.body.caseId, (x) => x.status !== 'RECEIVED', 30_000);
        const failures = c.history.filter((h: any) => h.event === 'workflow.failed');
        expect(failures, `${path.join('.')}=${JSON.stringify(odd)}: ${JSON.stringify(failures)}`).toEqual([]);
        expect(c.documents.filter((d: any) => d.kind === 'packet')).toHaveLength(1);
      }),
      { numRuns: 12 },
    );
    // The point is the accepted ones: a run where every input was refused proves nothing.
    expect(accepted, 'odd-Unicode requests accepted and taken to the payer').toBeGreaterThanOrEqual(
      MIN_ACCEPTED,
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
        return NO_WRITES;
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
      return NO_WRITES;
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
    const reached = { count: 0 };
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), parameter, fc.boolean(), async (pick, value, encode) => {
          const route = parameterised[pick % parameterised.length]!;
          // Raw or percent-encoded: both reach the router as a client would send them.
          const segment = encode ? percentEncoded(value) : value.replace(/[/?#\s]/g, '_');
          const path = route.path.replace(/\{[^}]+\}/, segment);
          const body =
            route.method === 'POST'
              ? JSON.stringify(path.endsWith('/claims') ? exampleClaim : { type: 'prior_auth.decision' })
              : undefined;
          // fetch refuses some URLs itself (invalid characters): nothing reached the API.
          const answer = await sendIfValidUrl(reached, route.method, path, {
            body,
            headers: body ? JSON_HEADERS : {},
          });
          if (answer) expectRefused(answer, `${route.method} ${path}`);
        }),
        RUNS,
      );
      return NO_WRITES;
    });
    expect(reached.count, 'bad path parameters that reached the API').toBeGreaterThanOrEqual(
      RUNS.numRuns / 2,
    );
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
    const reached = { count: 0 };
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(query, fc.nat(), async (q, pick) => {
          // The worklist most often; every other GET route (the case, documents, health, OpenAPI) too.
          const gets = ROUTES.filter((r) => r.method === 'GET');
          const route = pick % 2 === 0 ? '/v1/prior-auths' : gets[pick % gets.length]!.path;
          const path = `${route.replace(/\{[^}]+\}/, caseId)}?${q}`;
          const answer = await sendIfValidUrl(reached, 'GET', path);
          if (answer) expectCleanAnswer(answer, `GET ${path}`);
        }),
        RUNS,
      );
      return NO_WRITES;
    });
    expect(reached.count, 'bad query strings that reached the API').toBeGreaterThanOrEqual(RUNS.numRuns / 2);
  }, 120_000);

  it('answers a method a route does not serve with 405 (or 404 off the routes)', async () => {
    await withoutWrites(async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.nat(), async (pickRoute, pickMethod) => {
          const route = ROUTES[pickRoute % ROUTES.length]!;
          const path = route.path.replace(/\{[^}]+\}/, caseId);
          // Only the methods this path does not serve (every path serves at least one of them).
          const unserved = METHODS.filter(
            (m) => !ROUTES.some((r) => r.method === m && r.path === route.path),
          );
          const method = unserved[pickMethod % unserved.length]!;
          const body = ['GET', 'OPTIONS'].includes(method) ? undefined : JSON.stringify(request);
          const answer = await send(method, path, { body, headers: body ? JSON_HEADERS : {} });
          expectRefused(answer, `${method} ${path}`);
          expect([404, 405]).toContain(answer.status);
        }),
        RUNS,
      );
      return NO_WRITES;
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
          // No Authorization header: API Gateway's own 401 (as on AWS), before the authorizer;
          // any other: the API's 401 problem+json.
          if (authorization === undefined) expect(answer.body).toEqual({ message: 'Unauthorized' });
          else expectRefused(answer, path);
        }),
        RUNS,
      );
      return NO_WRITES;
    });
  }, 120_000);
});
