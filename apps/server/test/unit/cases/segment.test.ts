import { describe, expect, it } from 'vitest';
import { searchDocument, searchQueryTokens, tokenize } from '../../../src/modules/cases/text/segment.js';
import { governanceWords } from '../../../src/modules/cases/text/user-dict.js';

const docTokens = (text: string) => new Set(searchDocument(text).split(' '));
/** What the database does: every query token must be a lexeme of the document (AND). */
const finds = (q: string, text: string) => {
  const tokens = searchQueryTokens(q);
  const doc = docTokens(text);
  return tokens.length > 0 && tokens.every((t) => doc.has(t));
};

describe('tokenize', () => {
  it('cuts Chinese into words and keeps the governance terms whole', () => {
    expect(tokenize('长宁路123弄门口窨井盖缺失，晚上路过很危险，请尽快处理')).toEqual(
      ['长宁路', '123', '弄', '门口', '窨井盖', '缺失', '晚上', '路过', '危险', '请', '尽快', '处理'],
    );
    const t = tokenize('网格员巡查发现小区有群租，门口跨门营业，还有暴露垃圾，楼道里电动车飞线充电');
    for (const w of ['网格员', '群租', '跨门营业', '暴露垃圾', '电动车', '飞线充电', '楼道']) expect(t).toContain(w);
  });

  it('keeps every user-dictionary word as one token', () => {
    for (const w of governanceWords) expect(tokenize(w), w).toEqual([w]);
  });

  it('drops punctuation, spaces and stopwords, lowercases, folds full-width characters', () => {
    expect(tokenize('我的电梯坏了！！！')).toEqual(['电梯', '坏']);
    expect(tokenize('  ，。、；：？！“”（）《》…—   ')).toEqual([]);
    expect(tokenize('ＡＢＣ小区Wi-Fi信号１２３')).toEqual(['abc', '小区', 'wi', 'fi', '信号', '123']);
    expect(tokenize('')).toEqual([]);
  });

  it('keeps question words that mark a consultation', () => {
    expect(tokenize('请问怎么办理居住证吗？')).toEqual(expect.arrayContaining(['请问', '怎么', '吗']));
  });

  it('copes with long text and odd characters', () => {
    const long = '小区门口暴露垃圾很多，'.repeat(2000);
    expect(tokenize(long).length).toBe(2000 * 4);
    expect(tokenize('😀🚧 emoji 与 \u0000 控制字符 𠮷')).toEqual(['emoji', '控制字符', '𠮷']);
    expect(tokenize('a'.repeat(200))).toEqual([]);
  });
});

describe('search document and query', () => {
  it('a query for a part finds the whole word (search-mode sub-words)', () => {
    expect(finds('电梯', '3号楼电梯故障，老人被困')).toBe(true);
    expect(finds('井盖', '路口窨井盖缺失')).toBe(true);
    expect(finds('垃圾', '网格员发现暴露垃圾')).toBe(true);
    expect(finds('营业', '沿街商铺跨门营业')).toBe(true);
  });

  it('a query matches its own text, with words in any order', () => {
    const texts = [
      '虹桥路1100弄僵尸车占用消防通道',
      '仙霞路天山五村3号楼电瓶车飞线充电，很危险',
      '二房东在搞群租隔断，住了十几个人',
      '夜间施工扰民，晚上十一点还在打桩',
      'Elevator broken 电梯坏了',
    ];
    for (const t of texts) expect(finds(t, t), t).toBe(true);
    expect(finds('故障 电梯', '电梯故障')).toBe(true);
    expect(finds('电梯 漏水', '电梯故障')).toBe(false);
  });

  it('is case-insensitive and deduplicates query tokens', () => {
    expect(finds('ELEVATOR', 'elevator 故障')).toBe(true);
    expect(searchQueryTokens('电梯 电梯 电梯故障')).toEqual(['电梯', '故障']);
    expect(searchQueryTokens('的了吗？').length).toBeLessThanOrEqual(1);
    expect(searchQueryTokens('！！')).toEqual([]);
  });

  it('every word tokenize() yields is in the search document of the same text', () => {
    const texts = ['长宁路123弄门口窨井盖缺失', '社区卫生服务中心能不能配药', '共享单车乱停放堵住了人行道', '餐饮油烟扰民，排烟管道直对窗户'];
    for (const t of texts) {
      const doc = docTokens(t);
      for (const w of tokenize(t)) expect(doc.has(w), `${w} in ${t}`).toBe(true);
    }
  });

  it('produces only letters and digits separated by single spaces (safe for tsvector/tsquery)', () => {
    const doc = searchDocument("O'Brien & 张三 | (电梯) !故障: 'x'");
    expect(doc).toMatch(/^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u);
    for (const t of searchQueryTokens("a:b & c|d !e 'f'")) expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('cuts fast', () => {
    const text = '长宁路123弄门口窨井盖缺失，晚上路过很危险，请尽快处理。小区有群租现象，网格员请来看看，楼道里电动车飞线充电。';
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) searchDocument(text);
    const us = ((performance.now() - t0) / 2000) * 1000;
    console.log(`searchDocument: ${us.toFixed(1)} µs per ${text.length}-char text`);
    expect(us).toBeGreaterThan(0);
  });
});
