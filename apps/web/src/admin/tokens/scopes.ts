import type { TokenScope } from '../api/users';

/** The contract's token scopes (apiTokenScopes lives in a zod module the console does not load). */
export const tokenScopes: readonly TokenScope[] = ['open311', 'hotline_import', 'iot'];
