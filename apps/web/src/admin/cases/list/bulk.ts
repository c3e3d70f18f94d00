import type { CaseAction, CaseSummary } from '@gongzhi/contracts';

/** In a bulk dispatch, a received case is dispatched; one already with a department (or returned) is redispatched. */
export const bulkActionFor = (c: Pick<CaseSummary, 'status'>): CaseAction => (c.status === 'received' ? 'dispatch' : 'redispatch');
