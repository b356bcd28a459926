/**
 * A machine client of the running stack (POST /v1/clients with the operator's token) and a
 * StackClient that speaks as it, with a client-credentials access token from the stack's issuer
 * (POST /oauth2/token, HTTP Basic). For the e2e tests and the bench.
 */
import { e2eSecret } from './examples.ts';
import { StackClient } from './http-client.ts';

export async function clientCredentialsToken(url: string, clientId: string, clientSecret: string) {
  const res = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`POST /oauth2/token answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A new client of `organizationId` with `roles`, made by `operator`, and a StackClient as it. */
export async function machineClient(
  operator: StackClient,
  organizationId: string,
  roles: string[],
  options: ConstructorParameters<typeof StackClient>[2] = {},
): Promise<{ clientId: string; api: StackClient }> {
  const made = await operator.api('POST', '/v1/clients', {
    body: { name: `client-${roles.join('-')}`, organizationId, roles },
  });
  if (made.status !== 201) throw new Error(`POST /v1/clients answered ${made.status}`);
  const { clientId, clientSecret } = made.body as { clientId: string; clientSecret: string };
  const token = await clientCredentialsToken(operator.url, clientId, clientSecret);
  return { clientId, api: new StackClient(operator.url, token, { secretFor: e2eSecret, ...options }) };
}
