import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../../src/modules/resident-import/columns.js';
import { applyMerges, type Cell } from '../../../src/modules/resident-import/parse.js';
import { buildingKey, dateOf, roomOf, splitList, unitNo, yesNo } from '../../../src/modules/resident-import/values.js';

describe('resident import cell values', () => {
  it('reads dates as Excel dates, serial days and the ways people type them', () => {
    expect(dateOf(new Date(Date.UTC(2024, 2, 5)))).toBe('2024-03-05');
    expect(dateOf(45356)).toBe('2024-03-05');
    for (const t of ['2024/3/5', '2024-03-05', '2024年3月5日', '2024.3.5', '20240305', '２０２４/３/５']) expect(dateOf(t), t).toBe('2024-03-05');
    for (const t of ['2024-02-30', '3/5/2024', '明年', '2024-13-01']) expect(dateOf(t), t).toBeNull();
  });

  it('reads building numbers, units, rooms and their floors', () => {
    for (const t of ['5', '5号', '5号楼', '５号楼', '5幢', '五号楼', ' 5 ']) expect(buildingKey(t), t).toBe('5');
    expect(buildingKey(12)).toBe('12');
    expect(buildingKey('甲楼')).toBe('甲楼');
    expect([unitNo(null), unitNo('2单元'), unitNo('三单元'), unitNo(4), unitNo('99')]).toEqual([1, 2, 3, 4, null]);
    expect(roomOf('601室')).toEqual({ room: '601', floor: 6 });
    expect(roomOf(1203)).toEqual({ room: '1203', floor: 12 });
    expect(roomOf('0601')).toEqual({ room: '601', floor: 6 });
    expect(roomOf('2')).toEqual({ room: '2', floor: 1 });
    expect(roomOf('B101')).toEqual({ room: 'B101', floor: -1 });
    expect(roomOf('某某')).toBeNull();
  });

  it('reads yes/no and lists', () => {
    expect([yesNo('是'), yesNo('否'), yesNo('Y'), yesNo(true), yesNo('也许'), yesNo(null)]).toEqual([true, false, true, true, null, null]);
    expect(splitList('独居老人、高龄,残疾；低保')).toEqual(['独居老人', '高龄', '残疾', '低保']);
  });

  it('maps headers by name, alias and decoration, and names what is missing or unknown', () => {
    const ok = mapHeader(['序号', '姓名*', '身份证号码', '与户主关系', '小区名称', '楼 号', '室号', '户籍在本址(是/否)', '实际居住（是/否）', '备注']);
    expect(ok).toMatchObject({ ok: true, columns: { name: 1, idNumber: 2, compound: 4, building: 5, hukouHere: 7, livesHere: 8 }, unknown: ['备注'] });
    const bad = mapHeader(['姓名', '身份证', '小区', '楼号', '室号', '姓名']);
    expect(bad).toMatchObject({ ok: false, missing: ['身份证号', '与户主关系', '户籍在本址', '实际居住'], unknown: ['身份证'], repeated: ['姓名'] });
  });

  it('gives every cell of a merged range the master value', () => {
    const rows = new Map<number, Cell[]>([
      [2, ['a', '小区甲', '5号楼']],
      [3, ['b']],
    ]);
    applyMerges(rows, Buffer.from('<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="B2:B4"/><mergeCell ref="C2:C3"/></mergeCells></worksheet>'));
    expect(rows.get(3)).toEqual(['b', '小区甲', '5号楼']);
    expect(rows.get(4)).toEqual([null, '小区甲']);
  });
});
