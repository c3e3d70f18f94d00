import { describe, expect, it } from 'vitest';
import { canDrill, drillPath, feedTime, formatCount, formatRate, heatColor, heatLegend, heatSteps, lastDays, levelOfCode, ratePercent, shanghaiToday, statsQuery } from '../../src/stats/format';

const u = (code: string, name: string) => ({ code, name, level: levelOfCode(code)! });

describe('statistics formatting', () => {
  it('writes rates as the plan does, with a dash for none', () => {
    expect(formatRate(0.9914)).toBe('99.14%');
    expect(formatRate(1)).toBe('100.00%');
    expect(formatRate(0)).toBe('0.00%');
    expect(formatRate(0.33333)).toBe('33.33%');
    expect(formatRate(0.66666, 1)).toBe('66.7%');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(ratePercent(0.6667)).toBe(66.67);
    expect(ratePercent(null)).toBeNull();
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(undefined)).toBe('—');
  });

  it('counts days in Shanghai whatever the browser says', () => {
    // 2025-03-01 17:00 UTC is already 03-02 in Shanghai.
    const t = Date.parse('2025-03-01T17:00:00Z');
    expect(shanghaiToday(t)).toBe('2025-03-02');
    expect(lastDays(30, t)).toEqual({ from: '2025-02-01', to: '2025-03-02' });
    expect(lastDays(7, t)).toEqual({ from: '2025-02-24', to: '2025-03-02' });
    expect(feedTime('2025-03-02T08:05:00+08:00', t)).toBe('08:05');
    expect(feedTime('2025-02-27T23:59:00+08:00', t)).toBe('02-27 23:59');
  });

  it('builds the drill-down path from the district to the unit, clickable from the viewer’s own place', () => {
    const district = u('310105', '长宁区');
    const sub = u('310105004', '新华路街道');
    const nb = u('310105004001', '番禺居委会');
    const grid = u('310105004001001', '番禺居委会第1网格');
    expect(drillPath([district, sub, nb], grid).map((p) => [p.unit.name, p.enabled, p.current])).toEqual([
      ['长宁区', true, false],
      ['新华路街道', true, false],
      ['番禺居委会', true, false],
      ['番禺居委会第1网格', false, true],
    ]);
    // A 街镇 dispatcher: the district is shown, not clickable.
    expect(drillPath([district, sub], nb, '310105004').map((p) => p.enabled)).toEqual([false, true, false]);
    expect(drillPath([], district).map((p) => [p.current, p.enabled])).toEqual([[true, false]]);
    expect(levelOfCode('310105004001001')).toBe('grid');
    expect(levelOfCode('3101')).toBeNull();
    expect(canDrill({ level: 'grid' })).toBe(true);
    expect(canDrill({ level: 'district' })).toBe(false);
  });

  it('colours the heat map by quarters of the largest count, and its legend says so', () => {
    expect(heatColor(0, 100)).toBe(heatSteps[0]);
    expect(heatColor(1, 100)).toBe(heatSteps[1]);
    expect(heatColor(25, 100)).toBe(heatSteps[1]);
    expect(heatColor(26, 100)).toBe(heatSteps[2]);
    expect(heatColor(100, 100)).toBe(heatSteps[4]);
    expect(heatColor(5, 0)).toBe(heatSteps[0]);
    expect(heatLegend(100).map((s) => s.upTo)).toEqual([0, 25, 50, 75, 100]);
    // Few cases: only the steps that can occur.
    expect(heatLegend(1)).toEqual([{ color: heatSteps[0], upTo: 0 }, { color: heatSteps[4], upTo: 1 }]);
    expect(statsQuery({ unit: '310105', top: 8, from: undefined, to: '' })).toBe('?unit=310105&top=8');
    expect(statsQuery({})).toBe('');
  });
});
