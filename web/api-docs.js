// The API reference: Swagger UI over the OpenAPI document the API generates from its zod schemas.
/* global SwaggerUIBundle */
window.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  // No deep links: each would be a link inside the operation's expand button (nested controls, axe).
  deepLinking: false,
  tryItOutEnabled: false,
});
