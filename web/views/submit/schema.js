// The request's schema and example, read from the API's OpenAPI document (GET /openapi.json),
// which the API generates from the same zod schemas that validate the request: the allowed
// values of the form's selects (priority, sex, plan type, MMR) and the example request have their
// one home there, not in this app.
const OPENAPI_URL = '/openapi.json';
const REQUEST = ['/v1/prior-auths', 'post'];

let openapi;

/** The OpenAPI document, fetched once per page load (again after a failure). */
function openApi() {
  openapi ??= fetch(OPENAPI_URL, { headers: { accept: 'application/json' } }).then((res) => {
    if (!res.ok) throw new Error(`GET ${OPENAPI_URL}: ${res.status}`);
    return res.json();
  });
  openapi.catch(() => {
    openapi = undefined;
  });
  return openapi;
}

const requestContent = (doc) => doc.paths[REQUEST[0]][REQUEST[1]].requestBody.content['application/json'];

export async function exampleRequest() {
  return structuredClone(requestContent(await openApi()).example);
}

/** The `enum` of the request schema at a dotted path (`coverage.planType`), or undefined. */
export function enumAt(schema, path) {
  let node = schema;
  for (const key of path.split('.')) node = node?.properties?.[key];
  return node?.enum;
}

/** The request's JSON Schema (the components entry its requestBody refers to). */
export async function requestSchema() {
  const doc = await openApi();
  const ref = requestContent(doc).schema.$ref;
  return doc.components.schemas[ref.split('/').at(-1)];
}
