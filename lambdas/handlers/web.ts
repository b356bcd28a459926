/**
 * The worklist web app (web/) served from the same HTTP API as the API itself, so its relative
 * /v1/... calls reach the API: GET /app and GET /app/{proxy+}, without the authorizer (the page
 * holds no data; its API calls carry the token). The files are copied into the bundle at
 * PA_WEB_DIR (/var/task/web on AWS; the repository's web/ by default), Swagger UI under
 * PA_WEB_DIR/vendor/swagger-ui on AWS (swagger-ui-dist in node_modules by default).
 *
 * GET /app/config.json tells the app where people sign in (web/auth.js): the local issuer's
 * endpoints on this origin by default (web/config.json, which the local stack serves as a file),
 * Cognito's hosted UI on AWS (PA_OIDC_AUTHORIZE_URL, PA_OIDC_TOKEN_URL, PA_WEB_CLIENT_ID); the
 * token endpoint's origin is then added to the page's connect-src.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type StaticLambdaResult,
  type StaticSite,
  serveSites,
  toLambdaResult,
} from '#adapters/static-files.ts';

const APP_PREFIX = '/app/';
const CONFIG_PATH = '/app/config.json';

/** Where the web app signs people in: the authorization and token endpoints and its client id. */
export function webConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    authorizationEndpoint: env.PA_OIDC_AUTHORIZE_URL || '/oauth2/authorize',
    tokenEndpoint: env.PA_OIDC_TOKEN_URL || '/oauth2/token',
    clientId: env.PA_WEB_CLIENT_ID || 'pa-web',
    // Cognito adds the pa-api/<role> scopes of the user's groups (the pre-token trigger).
    scope: 'openid email',
  };
}

/** The reply's content security policy, letting the page call a token endpoint of another origin. */
function allowTokenEndpoint(
  result: StaticLambdaResult,
  tokenEndpoint: string | undefined,
): StaticLambdaResult {
  const policy = result.headers['content-security-policy'];
  if (!policy || !tokenEndpoint || !/^https?:\/\//.test(tokenEndpoint)) return result;
  const origin = new URL(tokenEndpoint).origin;
  const headers = { ...result.headers, 'content-security-policy': `${policy}; connect-src 'self' ${origin}` };
  return { ...result, headers };
}
const VENDOR_PREFIX = '/app/vendor/swagger-ui/';

/** The sites the function serves, the more specific prefix first. */
export function webSites(webDir: string | undefined): StaticSite[] {
  const dir = webDir ?? fileURLToPath(new URL('../../web/', import.meta.url));
  const vendor =
    webDir === undefined
      ? fileURLToPath(new URL('../../node_modules/swagger-ui-dist/', import.meta.url))
      : join(webDir, 'vendor', 'swagger-ui');
  return [
    { prefix: VENDOR_PREFIX, dir: vendor },
    { prefix: APP_PREFIX, dir },
  ];
}

export const handler = async (event: APIGatewayProxyEventV2): Promise<StaticLambdaResult> => {
  if (event.rawPath === CONFIG_PATH && event.requestContext.http.method === 'GET') {
    const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    return { statusCode: 200, headers, body: JSON.stringify(webConfig()), isBase64Encoded: false };
  }
  const sites = webSites(process.env.PA_WEB_DIR || undefined);
  const reply = await serveSites(sites, event.requestContext.http.method, event.rawPath);
  return allowTokenEndpoint(toLambdaResult(reply), process.env.PA_OIDC_TOKEN_URL);
};
