import type { CaseStatsCategoryRow, CaseStatsTrendPoint } from '@gongzhi/contracts';
import type { ChartOption } from '../stats/echarts';
import { fill, s } from './strings';

/** Chart options in the screen's dark palette (large type: read from across the room). */
const text = '#b9cbe8';
const axisLine = { lineStyle: { color: '#2a4a78' } };
const splitLine = { lineStyle: { color: 'rgba(80,130,200,0.15)' } };
const font = { fontSize: 15, color: text };

export function categoryOption(rows: CaseStatsCategoryRow[]): ChartOption {
  const list = [...rows].reverse(); // the largest on top
  return {
    animationDuration: 600,
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine, axisLine },
    yAxis: { type: 'category', data: list.map((r) => r.name), axisLabel: { ...font, width: 130, overflow: 'truncate' }, axisLine, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: list.map((r) => r.intake),
        barWidth: 16,
        itemStyle: { borderRadius: [0, 8, 8, 0], color: { type: 'linear', x: 0, y: 0, x2: 1, y2: 0, colorStops: [{ offset: 0, color: '#1b6fd1' }, { offset: 1, color: '#3fd0ff' }] } },
        label: { show: true, position: 'right', ...font, color: '#e6f1ff', fontWeight: 'bold' },
      },
    ],
  };
}

export function trendOption(points: CaseStatsTrendPoint[]): ChartOption {
  return {
    animationDuration: 600,
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    legend: { top: 0, right: 8, textStyle: font, itemWidth: 18, itemHeight: 10 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)), axisLabel: { ...font, fontSize: 13 }, axisLine, axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { ...font, fontSize: 13 }, splitLine },
    series: [
      {
        name: s.intakeSeries,
        type: 'line',
        smooth: true,
        symbol: 'none',
        data: points.map((p) => p.intake),
        lineStyle: { width: 3, color: '#3fd0ff' },
        itemStyle: { color: '#3fd0ff' },
        areaStyle: { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: 'rgba(63,208,255,0.35)' }, { offset: 1, color: 'rgba(63,208,255,0)' }] } },
      },
      { name: s.resolvedSeries, type: 'line', smooth: true, symbol: 'none', data: points.map((p) => p.resolved), lineStyle: { width: 3, color: '#52d69a' }, itemStyle: { color: '#52d69a' } },
    ],
  };
}

export const trendTitle = (days: number) => fill(s.trend, { days });
