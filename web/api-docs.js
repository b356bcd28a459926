// The API reference: Swagger UI over the OpenAPI document the API generates from its zod schemas.
/* global SwaggerUIBundle */
window.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
});
