/**
 * A live line chart of the run's history (uPlot: canvas-based, made for streaming data, small).
 * The chart is created once; new points go in with `setData`, which redraws without React.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistoryPoint } from '../run/runStore';

export interface Series {
  label: string;
  /** Which history field to draw. */
  field: Exclude<keyof HistoryPoint, 'step'>;
  color: string;
}

interface Props {
  title: string;
  history: HistoryPoint[];
  series: Series[];
  /** Logarithmic y axis (losses). */
  log?: boolean;
  testId: string;
}

const WIDTH = 300;
const HEIGHT = 130;

function columns(history: HistoryPoint[], series: Series[], log: boolean): uPlot.AlignedData {
  const pick = (v: number | undefined) =>
    v === undefined || !Number.isFinite(v) || (log && v <= 0) ? null : v;
  return [history.map((p) => p.step), ...series.map((s) => history.map((p) => pick(p[s.field])))];
}

export function MetricChart({ title, history, series, log = false, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const style = getComputedStyle(host.current);
    const axisColor = style.getPropertyValue('--muted').trim() || '#667085';
    const gridColor = style.getPropertyValue('--line').trim() || '#e3e6ee';
    const axis = {
      stroke: axisColor,
      grid: { stroke: gridColor, width: 1 },
      ticks: { show: false },
      size: 36,
    };
    plot.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        title,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: log ? { distr: 3 } : { range: [0, 1] } },
        axes: [axis, { ...axis, size: 44 }],
        series: [
          { label: 'step' },
          ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true })),
        ],
      },
      columns([], series, log),
      host.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is configured once; data updates go through setData below.
  }, []);

  useEffect(() => {
    plot.current?.setData(columns(history, series, log));
  }, [history, series, log]);

  return <div className="chart" ref={host} data-testid={testId} data-points={history.length} />;
}
