import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { setImmediate } from 'node:timers/promises';

/**
 * Embedded PGlite runs every query on the main thread and answers through promises only: under a
 * backlog the queries chain in microtasks and the event loop never gets a turn, so even
 * /api/health and new connections starve. Yielding once per query lets I/O and timers run between
 * queries (observed: 800 aborted requests plus 40 sign-ins froze the server for over a minute).
 */
export class YieldToEventLoopPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await setImmediate();
    return args.result;
  }
}
