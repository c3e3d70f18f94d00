import type { CaseActor } from '@gongzhi/contracts';
import type { Principal } from '../identity/principal.js';
import type { CaseRow } from './repository.js';

/** Who asks, as every case use case receives it. */
export interface CaseCaller {
  principal: Principal | null;
  ip: string;
  requestId: string;
}

/** The workflow actor of a caller for a given case. */
export type CaseActorFor = (r: CaseRow) => CaseActor;
