import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const halfStep = (x: number[]) => (x.length > 1 ? (x[1] - x[0]) / 2 : 1);

/** The theme's colours, read when drawing so light and dark both read well. */
const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * One uPlot chart: bars (spend per day) or steps (phones running through the day). Decorative for
 * assistive technology: the figure around it has a summary sentence and a table with the same numbers.
 */
export default function ChartCanvas(p: { kind: 'bars' | 'steps'; x: number[]; y: number[]; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const stroke = cssVar('--accent') || '#2b54c9';
    const text = cssVar('--muted') || '#5b6578';
    const grid = cssVar('--border') || '#e2e6ec';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const paths = p.kind === 'bars' ? uPlot.paths.bars!({ size: [0.7, 40] }) : uPlot.paths.stepped!({ align: 1 });
    const plot = new uPlot(
      {
        width: Math.max(240, el.clientWidth),
        height: 160,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          // Half a step of room at each end, so the first and last bars are whole.
          x: { time: true, range: (_u, min, max) => [min - halfStep(p.x), max + halfStep(p.x)] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        },
        axes: [axis, { ...axis, size: 50 }],
        series: [{}, { label: p.label, stroke, fill: `${stroke}55`, width: 1.5, paths, points: { show: false } }],
      },
      [p.x, p.y],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, el.clientWidth), height: 160 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [p.kind, p.x, p.y, p.label]);
  return <div ref={box} className="chart" aria-hidden />;
}
