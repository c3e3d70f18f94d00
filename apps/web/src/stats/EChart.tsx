import { type CSSProperties, useEffect, useRef } from 'react';
import { type ChartOption, echarts } from './echarts';

type Props = {
  option: ChartOption;
  style?: CSSProperties;
  className?: string;
  /** Clicks on a data item (bar, point) with its category name and data index. */
  onItemClick?: (p: { name: string; dataIndex: number; seriesIndex: number }) => void;
  'data-testid'?: string;
};

/**
 * One ECharts instance in a div: created once, options replaced on change, resized with its box,
 * disposed on unmount. (A few lines instead of echarts-for-react, whose CommonJS build breaks ours.)
 */
export function EChart({ option, style, className, onItemClick, ...rest }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.({ name: String(p.name), dataIndex: p.dataIndex, seriesIndex: p.seriesIndex ?? 0 }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);

  return <div ref={el} className={className} style={{ width: '100%', height: '100%', ...style }} data-testid={rest['data-testid']} />;
}
