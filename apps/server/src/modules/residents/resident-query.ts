import { type ResidentListQuery, checkIdNumber, checkMobile } from '@gongzhi/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/app-error.js';
import { decodeCursor } from '../../lib/cursor.js';
import { JurisdictionRepository } from '../jurisdiction/repository.js';
import { tagToken, residentLookupIndex } from './resident-fields.js';
import { isResidentCursor, type ResidentFilter } from './resident-repository.js';
import { addYears } from './resident-service.js';
import { shanghaiToday } from './scope.js';

/**
 * The list query as SQL filters. The search box takes an exact ID number or mobile number, or a
 * full name: each becomes its blind index, so nothing is decrypted and no partial match leaks.
 */
export async function residentFilter(ctx: AppContext, scope: string[], q: ResidentListQuery): Promise<ResidentFilter> {
  let path: string | undefined;
  if (q.unit) {
    const u = await new JurisdictionRepository(ctx.db).findByCode(q.unit);
    if (!u) throw new AppError('UNIT_NOT_FOUND', `找不到代码为 ${q.unit} 的区划或网格`);
    path = u.path;
  }
  if (q.ageMin !== undefined && q.ageMax !== undefined && q.ageMin > q.ageMax) {
    throw new AppError('VALIDATION_FAILED', '最小年龄不能大于最大年龄', [{ in: 'querystring', path: 'ageMin', message: '最小年龄不能大于最大年龄' }]);
  }
  const today = shanghaiToday();
  const f: ResidentFilter = {
    scope,
    path,
    compoundId: q.compound,
    buildingId: q.building,
    householdId: q.household,
    status: q.status,
    relation: q.relation,
    hukouHere: q.hukouHere,
    livesHere: q.livesHere,
    tagToken: q.tag ? tagToken(ctx.cipher, q.tag) : undefined,
    // Aged at least n: born on or before today n years ago; at most n: born after today n+1 years ago.
    bornOnOrBefore: q.ageMin !== undefined ? addYears(today, -q.ageMin) : undefined,
    bornAfter: q.ageMax !== undefined ? addYears(today, -(q.ageMax + 1)) : undefined,
    after: decodeCursor(q.cursor, isResidentCursor),
    limit: q.limit,
  };
  const text = q.q?.trim();
  if (text) {
    if (checkIdNumber(text).ok) f.idNumberBidx = residentLookupIndex(ctx.cipher, 'id_number', text)!;
    else if (checkMobile(text).ok) f.phoneBidx = residentLookupIndex(ctx.cipher, 'phone', text)!;
    else if (/^[\d\sXx０-９]{15,}$/.test(text)) {
      throw new AppError('VALIDATION_FAILED', '身份证号不正确，请输入完整的 18 位身份证号', [{ in: 'querystring', path: 'q', message: checkIdNumber(text).ok ? '' : '身份证号不正确' }]);
    } else f.nameBidx = residentLookupIndex(ctx.cipher, 'name', text) ?? undefined;
  }
  return f;
}
