/**
 * The worklist web app (web/) served from the same HTTP API as the API itself, so its relative
 * /v1/... calls reach the API: GET /app and GET /app/{proxy+}, without the authorizer (the page
 * holds no data; its API calls carry the token). The files are copied into the bundle at
 * PA_WEB_DIR (/var/task/web on AWS; the repository's web/ by default), Swagger UI under
 * PA_WEB_DIR/vendor/swagger-ui on AWS (swagger-ui-dist in node_modules by default).
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
  const sites = webSites(process.env.PA_WEB_DIR || undefined);
  const reply = await serveSites(sites, event.requestContext.http.method, event.rawPath);
  return toLambdaResult(reply);
};
