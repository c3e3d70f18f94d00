import { allow, type PolicyTable } from '../identity/route-policy.js';

const read = 'GeoReport v2 public interface: no personal data';
const post = 'GeoReport v2: api_key of a machine account with the open311 purpose (errors in the standard’s format)';

const table: PolicyTable = {};
for (const f of ['json', 'xml']) {
  table[`GET /open311/v2/discovery.${f}`] = allow.public(read);
  table[`GET /open311/v2/services.${f}`] = allow.public(read);
  table[`GET /open311/v2/services/:service_code.${f}`] = allow.public(read);
  table[`GET /open311/v2/requests.${f}`] = allow.public(read);
  table[`POST /open311/v2/requests.${f}`] = allow.apiKey(post);
  table[`GET /open311/v2/requests/:service_request_id.${f}`] = allow.public(read);
  table[`GET /open311/v2/tokens/:token.${f}`] = allow.public(read);
}
table['GET /open311/v2/media/:photo_id'] = allow.public('photos of public requests only');

export const open311Policies: PolicyTable = table;
