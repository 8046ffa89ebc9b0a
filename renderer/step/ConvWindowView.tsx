/**
 * Step mode's picture of a convolution or pooling: the input plane with the window (or the cell
 * whose gradient is explained) outlined, the kernel, and the output plane with the output(s)
 * explained outlined. Small planes show their numbers; larger ones only their shades.
 */
import type { Cell, Grid, WindowView } from '../../src/step/conv-windows';
import { num } from '../../src/trace/format';
import './ConvWindowView.css';

/** Planes up to this many cells a side show their numbers. */
const NUMBERS_UP_TO = 8;

/** Two decimals, a true minus sign: what fits a cell (the full number is in its tooltip). */
const short = (v: number) => (Math.abs(v) < 0.005 ? '0' : v.toFixed(2).replace('-', '−'));

function shade(v: number, scale: number): string {
  // Diverging: blue for negative, orange for positive, white at zero.
  const t = Math.min(1, Math.abs(v) / (scale || 1));
  const [r, g, b] = v >= 0 ? [232, 115, 30] : [47, 111, 214];
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

function PlaneGrid({
  grid,
  marks,
  title,
  testId,
}: {
  grid: Grid;
  marks: Cell[];
  title: string;
  testId: string;
}) {
  const scale = grid.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const marked = new Set(marks.map((c) => c.row * grid.cols + c.col));
  const numbers = grid.rows <= NUMBERS_UP_TO && grid.cols <= NUMBERS_UP_TO;
  const cell = numbers ? 38 : Math.max(6, Math.floor(180 / Math.max(grid.rows, grid.cols)));
  return (
    <figure className="conv-plane" data-testid={testId}>
      <div
        className="conv-grid"
        ref={(el) => {
          // Sized through the CSSOM: the CSP allows no inline style attributes.
          if (el) el.style.gridTemplateColumns = `repeat(${grid.cols}, ${cell}px)`;
        }}
      >
        {grid.values.map((v, i) => (
          <div
            key={i}
            className={`conv-cell${marked.has(i) ? ' marked' : ''}`}
            data-marked={marked.has(i) || undefined}
            title={`(${Math.floor(i / grid.cols)}, ${i % grid.cols}) = ${num(v)}`}
            ref={(el) => {
              if (!el) return;
              el.style.background = shade(v, scale);
              el.style.height = `${cell}px`;
            }}
          >
            {numbers ? short(v) : ''}
          </div>
        ))}
      </div>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

export function ConvWindowView({ view }: { view: WindowView }) {
  return (
    <div className="conv-window" data-testid="conv-window">
      <PlaneGrid
        grid={view.input}
        marks={view.inputMarks}
        title={`input, channel ${view.channel}`}
        testId="conv-window-input"
      />
      {view.kernel && (
        <PlaneGrid
          grid={view.kernel}
          marks={[]}
          title={`kernel [:, :, ${view.channel}, ${view.filter}]`}
          testId="conv-window-kernel"
        />
      )}
      <PlaneGrid
        grid={view.output}
        marks={view.outputMarks}
        title={`output, ${view.kind === 'conv' ? 'filter' : 'channel'} ${view.filter}`}
        testId="conv-window-output"
      />
      <p className="muted">Outlined: {view.caption}.</p>
    </div>
  );
}
