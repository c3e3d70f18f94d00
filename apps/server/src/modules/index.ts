import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { auditRoutes } from './audit/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { caseStatsRoutes } from './case-stats/routes.js';
import { caseConfigRoutes } from './case-config/routes.js';
import { caseNotificationRoutes } from './cases/notification-routes.js';
import { caseIntakeRoutes } from './cases/intake-routes.js';
import { casePublicRoutes } from './cases/public/routes.js';
import { caseRoutes } from './cases/routes.js';
import { caseStreamRoutes } from './cases/stream-routes.js';
import { compoundRoutes } from './compounds/routes.js';
import { departmentRoutes } from './departments/routes.js';
import { geoRoutes } from './geo/routes.js';
import { governanceRoutes } from './governance/routes.js';
import { identityRoutes } from './identity/routes.js';
import { jurisdictionRoutes } from './jurisdiction/routes.js';
import { ledgerRoutes } from './ledgers/routes.js';
import { open311Routes } from './open311/routes.js';
import { personalDataRoutes } from './personal-data/routes.js';
import { residentModuleRoutes } from './residents/routes.js';
import { residentImportRoutes } from './resident-import/routes.js';
import { systemRoutes } from './system/routes.js';
import { userModuleRoutes } from './users/routes.js';
import { verificationRoutes } from './verification/routes.js';

/** A module's manifest: its name and its routes (permissions, indicators and exports join as modules grow). */
export interface ModuleManifest {
  name: string;
  routes: (ctx: AppContext) => FastifyPluginAsyncZod;
}

export const modules: ModuleManifest[] = [
  { name: 'system', routes: systemRoutes },
  { name: 'identity', routes: identityRoutes },
  { name: 'audit', routes: auditRoutes },
  { name: 'jurisdiction', routes: jurisdictionRoutes },
  { name: 'geo', routes: geoRoutes },
  { name: 'compounds', routes: compoundRoutes },
  { name: 'departments', routes: departmentRoutes },
  { name: 'users', routes: userModuleRoutes },
  { name: 'personal-data', routes: personalDataRoutes },
  { name: 'calendar', routes: calendarRoutes },
  { name: 'cases', routes: caseRoutes },
  { name: 'case-stream', routes: caseStreamRoutes },
  { name: 'case-notifications', routes: caseNotificationRoutes },
  { name: 'case-config', routes: caseConfigRoutes },
  { name: 'open311', routes: open311Routes },
  { name: 'case-intake', routes: caseIntakeRoutes },
  { name: 'case-stats', routes: caseStatsRoutes },
  { name: 'case-public', routes: casePublicRoutes },
  { name: 'ledgers', routes: ledgerRoutes },
  { name: 'residents', routes: residentModuleRoutes },
  { name: 'governance', routes: governanceRoutes },
  { name: 'verification', routes: verificationRoutes },
  { name: 'resident-import', routes: residentImportRoutes },
];
