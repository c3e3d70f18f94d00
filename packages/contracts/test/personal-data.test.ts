import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkMobile, maskAddress, maskIdNumber, maskName, maskPhone, toHalfWidth } from '../src/personal-data.js';

/** Builds a valid ID number from 17 digits (computes the GB 11643 check character). */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

describe('ID numbers (GB 11643)', () => {
  it('accepts the standard example and derives birth date and gender', () => {
    // The example from GB 11643-1999: 11010519491231002X.
    const r = checkIdNumber('11010519491231002X');
    expect(r).toEqual({ ok: true, value: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' });
  });
  it('normalises lowercase x, spaces and full-width digits', () => {
    expect(checkIdNumber('11010519491231002x').ok).toBe(true);
    expect(checkIdNumber(' 110105 19491231 002X ').ok).toBe(true);
    expect(checkIdNumber(toHalfWidth('１１０１０５１９４９１２３１００２Ｘ'))).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber('１１０１０５１９４９１２３１００２ｘ')).toMatchObject({ ok: true });
  });
  it('rejects a wrong check digit, wrong length and impossible dates with Chinese reasons', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, reason: expect.stringContaining('校验位') });
    expect(checkIdNumber('11010519491231002')).toEqual({ ok: false, reason: expect.stringContaining('18 位') });
    expect(checkIdNumber(withCheck('31010519900230123'))).toEqual({ ok: false, reason: expect.stringContaining('出生日期') });
    expect(checkIdNumber(withCheck('31010520990101123'))).toEqual({ ok: false, reason: expect.stringContaining('出生日期') });
  });
  it('gives male for an odd 17th digit', () => {
    const r = checkIdNumber(withCheck('31010519850615123'));
    expect(r).toMatchObject({ ok: true, gender: 'male', birthDate: '1985-06-15' });
  });
});

describe('mobile numbers', () => {
  it('accepts mainland numbers with common prefixes and separators', () => {
    expect(checkMobile('13812345678')).toEqual({ ok: true, value: '13812345678' });
    expect(checkMobile('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(checkMobile('１３８１２３４５６７８')).toEqual({ ok: true, value: '13812345678' });
  });
  it('rejects landlines and short numbers', () => {
    expect(checkMobile('021-62345678').ok).toBe(false);
    expect(checkMobile('1381234567').ok).toBe(false);
    expect(checkMobile('12812345678').ok).toBe(false);
  });
});

describe('masks', () => {
  it('masks names, phones, ID numbers and addresses as the district requires', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('310105199001011234')).toBe('310105********1234');
    expect(maskAddress('长宁路100弄5号601室')).toBe('长宁路100弄5号****');
    expect(maskAddress('仙霞路300弄12号楼3单元502')).toBe('仙霞路300弄12号楼****');
  });
  it('never returns the plain value of a long input', () => {
    for (const v of ['13812345678', '310105199001011234']) {
      expect(maskPhone(v)).not.toBe(v);
      expect(maskIdNumber(v)).not.toBe(v);
    }
  });
});
