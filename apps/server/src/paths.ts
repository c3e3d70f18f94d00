import { fileURLToPath } from 'node:url';

/** Folders the server ships with, resolved from this file (src/ in tests, dist/ when built). */
export const serverRoot = fileURLToPath(new URL('..', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
export const referenceDataDir = fileURLToPath(new URL('../data/reference', import.meta.url));
export const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
