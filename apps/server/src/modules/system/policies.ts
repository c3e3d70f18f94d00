import { allow, type PolicyTable } from '../identity/route-policy.js';

/** Health, version and the API's own description: public. */
export const systemPolicies: PolicyTable = {
  'GET /api/health': allow.public(),
  'GET /api/meta': allow.public(),
  'GET /api/openapi.json': allow.public(),
  'GET /api/docs': allow.public('Swagger UI'),
  'GET /api/docs/static/index.html': allow.public('Swagger UI'),
  'GET /api/docs/static/swagger-initializer.js': allow.public('Swagger UI'),
  'GET /api/docs/static/*': allow.public('Swagger UI'),
  'GET /api/docs/json': allow.public('Swagger UI'),
  'GET /api/docs/yaml': allow.public('Swagger UI'),
};
