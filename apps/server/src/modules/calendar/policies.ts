import { allow, type PolicyTable } from '../identity/route-policy.js';

export const calendarPolicies: PolicyTable = {
  'GET /api/calendar/deadline': allow.staff('working-day arithmetic, no records'),
};
