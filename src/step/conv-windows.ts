/**
 * Step mode for sliding-window ops (convolution, max and average pooling), the way the lecture
 * works them: an output as the sum over its kernel window with the numbers in, dE/dK as the
 * correlation of the input with the error δ, dE/dx as the full convolution of δ with the flipped
 * kernel, and pooling routing the gradient to the maximum of each window. Everything is worked out
 * from the walk's numbers with plain loops; the window's geometry (stride, padding) and the conv's
 * activation are the ones that reproduce the walk's output.
 */
import { getOp } from '../ops/registry';
import { samePadding, windowOutputSize } from '../ops/conv';
import { num } from '../trace/format';
import type { TensorTrace } from '../trace/types';
import type { StepEvent, StepWalk } from './stepper';

/** One plane of a tensor: `rows`×`cols` values, row-major. */
export interface Grid {
  rows: number;
  cols: number;
  values: number[];
}

/** A cell of a grid. */
export interface Cell {
  row: number;
  col: number;
}

/** What the step card draws for a window op: the input plane with the window marked, and the output. */
export interface WindowView {
  kind: 'conv' | 'max' | 'average';
  /** Example 0, channel `channel` of the input. */
  input: Grid;
  channel: number;
  /** Example 0, channel `filter` of the output (of the gradient, for backward events). */
  output: Grid;
  filter: number;
  /** `K[:, :, channel, filter]` for a convolution. */
  kernel: Grid | null;
  /** Input cells marked: the window of the explained output, or the cell whose gradient is explained. */
  inputMarks: Cell[];
  /** Output cells marked: the output explained, or the outputs whose windows cover the marked input cell. */
  outputMarks: Cell[];
  /** What is marked, in words. */
  caption: string;
}

/** The geometry that reproduces the walk. */
interface Geometry {
  kh: number;
  kw: number;
  stride: number;
  padding: 'valid' | 'same';
  /** Zero rows above and columns left of the image. */
  top: number;
  left: number;
  oh: number;
  ow: number;
}

/** A 4-D tensor [n, h, w, c] with its values. */
interface T4 {
  n: number;
  h: number;
  w: number;
  c: number;
  v: number[];
}

const t4 = (t: TensorTrace | null | undefined): T4 | null =>
  t?.values && t.shape.length === 4
    ? { n: t.shape[0], h: t.shape[1], w: t.shape[2], c: t.shape[3], v: t.values }
    : null;
const at4 = (t: T4, n: number, i: number, j: number, c: number) => t.v[((n * t.h + i) * t.w + j) * t.c + c];

/** Activations a conv layer may have, as functions of z and their derivatives. */
const ACTIVATIONS: Record<string, { f: (z: number) => number; d: (z: number) => number; text: string }> = {
  linear: { f: (z) => z, d: () => 1, text: 'z' },
  relu: { f: (z) => Math.max(0, z), d: (z) => (z > 0 ? 1 : 0), text: 'max(0, z)' },
  sigmoid: {
    f: (z) => 1 / (1 + Math.exp(-z)),
    d: (z) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    },
    text: 'σ(z)',
  },
  tanh: { f: Math.tanh, d: (z) => 1 - Math.tanh(z) ** 2, text: 'tanh(z)' },
};

/** Geometries of a `kh`×`kw` window over `x` that give `y`'s height and width, stride = window first. */
function geometries(x: T4, y: T4, kh: number, kw: number, strides: number[]): Geometry[] {
  const out: Geometry[] = [];
  for (const stride of strides)
    for (const padding of ['valid', 'same'] as const) {
      const oh = windowOutputSize(x.h, kh, stride, padding);
      const ow = windowOutputSize(x.w, kw, stride, padding);
      if (oh !== y.h || ow !== y.w) continue;
      const top = padding === 'same' ? samePadding(x.h, kh, stride)[0] : 0;
      const left = padding === 'same' ? samePadding(x.w, kw, stride)[0] : 0;
      out.push({ kh, kw, stride, padding, top, left, oh, ow });
    }
  return out;
}

/** The input cells (inside the image) under the window of output (i, j). */
function windowCells(g: Geometry, x: T4, i: number, j: number): (Cell & { a: number; b: number })[] {
  const cells: (Cell & { a: number; b: number })[] = [];
  for (let a = 0; a < g.kh; a++)
    for (let b = 0; b < g.kw; b++) {
      const row = i * g.stride + a - g.top;
      const col = j * g.stride + b - g.left;
      if (row >= 0 && row < x.h && col >= 0 && col < x.w) cells.push({ row, col, a, b });
    }
  return cells;
}

/** z[n,i,j,f] = Σ x·K + bias over the window, by loops. */
function convZ(
  g: Geometry,
  x: T4,
  k: number[],
  f: number,
  filters: number,
  bias: number,
  n: number,
  i: number,
  j: number,
) {
  let z = bias;
  for (const { row, col, a, b } of windowCells(g, x, i, j))
    for (let c = 0; c < x.c; c++) z += at4(x, n, row, col, c) * k[((a * g.kw + b) * x.c + c) * filters + f];
  return z;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));

/** The walk's numbers around a window op. */
interface Context {
  kind: 'conv' | 'max' | 'average';
  node: string;
  input: string;
  x: T4;
  y: T4;
  g: Geometry;
  /** Conv only. */
  kernel?: { values: number[]; filters: number; bias: number[]; act: string; key: string };
  /** dE/dy, when the walk has it. */
  dy: T4 | null;
}

function forwardOf(walk: StepWalk, id: string) {
  return walk.events.find(
    (e): e is Extract<StepEvent, { phase: 'forward' }> => e.phase === 'forward' && e.nodeId === id,
  );
}

/** The window context of window-op node `id`, or null when the walk lacks the numbers. */
function contextOf(walk: StepWalk, id: string): Context | null {
  const f = forwardOf(walk, id);
  const kind = f ? getOp(f.op)?.window : undefined;
  if (!f || !kind || f.inputs.length !== 1) return null;
  const x = t4(forwardOf(walk, f.inputs[0].from)?.value);
  const y = t4(f.value);
  if (!x || !y) return null;
  const back = walk.events.find((e) => e.phase === 'backward' && e.nodeId === id);
  const dy = back?.phase === 'backward' ? t4(back.grad) : null;
  const base = { kind, node: id, input: f.inputs[0].from, x, y, dy };
  if (kind === 'conv') {
    const kEvent = walk.events.find((e) => e.phase === 'update' && e.nodeId === id && e.name === 'kernel');
    if (kEvent?.phase !== 'update' || !kEvent.value.values || kEvent.value.shape.length !== 4) return null;
    const [kh, kw, , filters] = kEvent.value.shape;
    const bEvent = walk.events.find((e) => e.phase === 'update' && e.nodeId === id && e.name === 'bias');
    const bias =
      bEvent?.phase === 'update' && bEvent.value.values
        ? bEvent.value.values
        : new Array<number>(filters).fill(0);
    for (const g of geometries(
      x,
      y,
      kh,
      kw,
      Array.from({ length: Math.max(kh, kw) + 1 }, (_, s) => s + 1),
    ))
      for (const [act, a] of Object.entries(ACTIVATIONS)) {
        let ok = true;
        for (let i = 0; ok && i < y.h; i++)
          for (let j = 0; ok && j < y.w; j++)
            for (let ff = 0; ok && ff < filters; ff++)
              ok = close(
                a.f(convZ(g, x, kEvent.value.values, ff, filters, bias[ff], 0, i, j)),
                at4(y, 0, i, j, ff),
              );
        if (ok)
          return { ...base, g, kernel: { values: kEvent.value.values, filters, bias, act, key: kEvent.key } };
      }
    return null;
  }
  for (let k = 1; k <= Math.min(x.h, x.w); k++)
    for (const g of geometries(x, y, k, k, [
      k,
      ...Array.from({ length: k }, (_, s) => s + 1).filter((s) => s !== k),
    ])) {
      let ok = true;
      for (let i = 0; ok && i < y.h; i++)
        for (let j = 0; ok && j < y.w; j++)
          for (let c = 0; ok && c < x.c; c++) ok = close(pool(kind, g, x, i, j, c).value, at4(y, 0, i, j, c));
      if (ok) return { ...base, g };
    }
  return null;
}

/** Max or mean of window (i, j) of channel c of example 0, with the winning cell. */
function pool(kind: 'max' | 'average' | 'conv', g: Geometry, x: T4, i: number, j: number, c: number) {
  const cells = windowCells(g, x, i, j);
  let best = cells[0];
  let sum = 0;
  for (const cell of cells) {
    sum += at4(x, 0, cell.row, cell.col, c);
    if (at4(x, 0, cell.row, cell.col, c) > at4(x, 0, best.row, best.col, c)) best = cell;
  }
  return { cells, best, value: kind === 'max' ? at4(x, 0, best.row, best.col, c) : sum / cells.length };
}

const plane = (t: T4, c: number): Grid => ({
  rows: t.h,
  cols: t.w,
  values: Array.from({ length: t.h * t.w }, (_, p) => at4(t, 0, Math.floor(p / t.w), p % t.w, c)),
});

/** Terms written out before `… + (n more)`. */
const MAX_TERMS = 12;
const sum = (terms: string[]) =>
  terms.length > MAX_TERMS
    ? `${terms.slice(0, MAX_TERMS).join(' + ')} + … (${terms.length} terms)`
    : terms.join(' + ');
const p = (v: number) => (v < 0 ? `(${num(v)})` : num(v));
const range = (lo: number, hi: number) => (lo === hi ? `${lo}` : `${lo}–${hi}`);
const geometryText = (g: Geometry) =>
  `${g.kh}×${g.kw} window, stride ${g.stride}, padding "${g.padding}"${g.padding === 'same' ? ` (${g.top} zero rows above, ${g.left} zero columns left)` : ''}`;

/** The kernel plane K[:, :, c, f]. */
const kernelPlane = (ctx: Context, c: number, f: number): Grid | null =>
  ctx.kernel
    ? {
        rows: ctx.g.kh,
        cols: ctx.g.kw,
        values: Array.from(
          { length: ctx.g.kh * ctx.g.kw },
          (_, q) => ctx.kernel!.values[(q * ctx.x.c + c) * ctx.kernel!.filters + f],
        ),
      }
    : null;

/** δ = dE/dz = dE/dy · act'(z) at (n, i, j, f). */
function delta(ctx: Context, n: number, i: number, j: number, f: number): number {
  const k = ctx.kernel!;
  const z = convZ(ctx.g, ctx.x, k.values, f, k.filters, k.bias[f], n, i, j);
  return at4(ctx.dy!, n, i, j, f) * ACTIVATIONS[k.act].d(z);
}

/** A window op's forward event: output (0, 0) of the first channel as its window sum or max. */
export function windowForward(walk: StepWalk, id: string): { lines: string[]; view: WindowView } | null {
  const ctx = contextOf(walk, id);
  if (!ctx) return null;
  const { x, g, kind, input } = ctx;
  const cells = windowCells(g, x, 0, 0);
  const rows = cells.map((c) => c.row);
  const cols = cells.map((c) => c.col);
  const where = `rows ${range(Math.min(...rows), Math.max(...rows))}, columns ${range(Math.min(...cols), Math.max(...cols))} of ${input}`;
  const lines = [`${geometryText(g)}: output (0, 0) is computed from ${where}.`];
  if (kind === 'conv') {
    const k = ctx.kernel!;
    const terms: string[] = [];
    for (const { row, col, a, b } of cells)
      for (let c = 0; c < x.c; c++)
        terms.push(`${p(at4(x, 0, row, col, c))}·${p(k.values[((a * g.kw + b) * x.c + c) * k.filters])}`);
    const z = convZ(g, x, k.values, 0, k.filters, k.bias[0], 0, 0, 0);
    lines.push(
      `z[0,0,0] = Σ_(a,b,c) x[a, b, c] · K[a,b,c,0] + b[0] = ${sum(terms)} + ${p(k.bias[0])} = ${num(z)}`,
      `${id}[0,0,0] = ${ACTIVATIONS[k.act].text.replace('z', num(z))} = ${num(ACTIVATIONS[k.act].f(z))}`,
    );
  } else {
    const r = pool(kind, g, x, 0, 0, 0);
    const values = r.cells.map((c) => p(at4(x, 0, c.row, c.col, 0)));
    lines.push(
      kind === 'max'
        ? `${id}[0,0,0] = max(${values.join(', ')}) = ${num(r.value)}, the value at row ${r.best.row}, column ${r.best.col}`
        : `${id}[0,0,0] = (${values.join(' + ')}) / ${values.length} = ${num(r.value)}`,
    );
  }
  return {
    lines,
    view: {
      kind,
      input: plane(x, 0),
      channel: 0,
      output: plane(ctx.y, 0),
      filter: 0,
      kernel: kernelPlane(ctx, 0, 0),
      inputMarks: cells.map(({ row, col }) => ({ row, col })),
      outputMarks: [{ row: 0, col: 0 }],
      caption: `the window of ${id}[0, 0] on ${input} (channel 0)`,
    },
  };
}

/**
 * dE/dK[0,0,0,0] of conv node `id` as the correlation of its input with δ, with the numbers; null
 * when the walk lacks them.
 */
export function kernelGradient(
  walk: StepWalk,
  id: string,
): { lines: string[]; value: number; view: WindowView } | null {
  const ctx = contextOf(walk, id);
  if (!ctx?.kernel || !ctx.dy) return null;
  const { x, g, kernel } = ctx;
  const terms: string[] = [];
  const cells: Cell[] = [];
  let value = 0;
  for (let n = 0; n < x.n; n++)
    for (let i = 0; i < g.oh; i++)
      for (let j = 0; j < g.ow; j++) {
        const row = i * g.stride - g.top;
        const col = j * g.stride - g.left;
        if (row < 0 || row >= x.h || col < 0 || col >= x.w) continue;
        const d = delta(ctx, n, i, j, 0);
        value += at4(x, n, row, col, 0) * d;
        terms.push(`${p(at4(x, n, row, col, 0))}·${p(d)}`);
        if (n === 0) cells.push({ row, col });
      }
  const act = kernel.act === 'linear' ? 'δ = dE/dy' : `δ = dE/dy ⊙ ${kernel.act}′(z)`;
  return {
    value,
    lines: [
      `dE/dK[a,b,c,f] = Σ_(n,i,j) x[n, i·s+a, j·s+b, c] · δ[n,i,j,f]: the input correlated with the error, ${act}.`,
      `dE/dK[0,0,0,0] = ${sum(terms)} = ${num(value)}  (the input cells each output's window starts at, times δ of filter 0)`,
    ],
    view: {
      kind: 'conv',
      input: plane(x, 0),
      channel: 0,
      output: plane({ ...ctx.dy, v: deltaPlaneValues(ctx) }, 0),
      filter: 0,
      kernel: kernelPlane(ctx, 0, 0),
      inputMarks: cells,
      outputMarks: [],
      caption: `input cells that meet K[0,0] (channel 0) — the output grid is δ of filter 0`,
    },
  };
}

/** δ of every position as a tensor laid out like dy. */
function deltaPlaneValues(ctx: Context): number[] {
  const d = ctx.dy!;
  const out = new Array<number>(d.v.length);
  for (let n = 0; n < d.n; n++)
    for (let i = 0; i < d.h; i++)
      for (let j = 0; j < d.w; j++)
        for (let f = 0; f < d.c; f++) out[((n * d.h + i) * d.w + j) * d.c + f] = delta(ctx, n, i, j, f);
  return out;
}

/**
 * dE/dx at one input cell of window op `id` (the middle of the image, channel 0): for a conv the
 * full convolution of δ with the flipped kernel, for pooling the gradient routed to the maximum
 * (or shared by the mean). Null when the walk lacks the numbers.
 */
export function inputGradient(
  walk: StepWalk,
  id: string,
): { lines: string[]; value: number; cell: Cell; view: WindowView } | null {
  const ctx = contextOf(walk, id);
  if (!ctx?.dy) return null;
  const { x, g, kind, dy } = ctx;
  const cell = { row: Math.floor(x.h / 2), col: Math.floor(x.w / 2) };
  // Every output (i, j) whose window covers the cell, with the kernel offset (a, b) it covers it at.
  const covering: { i: number; j: number; a: number; b: number }[] = [];
  for (let i = 0; i < g.oh; i++)
    for (let j = 0; j < g.ow; j++) {
      const a = cell.row + g.top - i * g.stride;
      const b = cell.col + g.left - j * g.stride;
      if (a >= 0 && a < g.kh && b >= 0 && b < g.kw) covering.push({ i, j, a, b });
    }
  const terms: string[] = [];
  let value = 0;
  const lines: string[] = [];
  if (kind === 'conv') {
    const k = ctx.kernel!;
    for (const { i, j, a, b } of covering)
      for (let f = 0; f < k.filters; f++) {
        const w = k.values[((a * g.kw + b) * x.c + 0) * k.filters + f];
        const d = delta(ctx, 0, i, j, f);
        value += d * w;
        terms.push(`${p(d)}·${p(w)}`);
      }
    lines.push(
      `dE/dx = δ convolved fully with the flipped kernel: dE/dx[r,c,ch] = Σ_(i,j,f) δ[i,j,f] · K[r−i·s, c−j·s, ch, f] (K flipped 180° slides over δ padded with zeros).`,
      `dE/d${ctx.input}[${cell.row},${cell.col},0] = ${sum(terms)} = ${num(value)}  (outputs ${covering.map((c) => `(${c.i},${c.j})`).join(', ')} have this cell in their window)`,
    );
  } else {
    for (const { i, j } of covering) {
      const r = pool(kind, g, x, i, j, 0);
      const d = at4(dy, 0, i, j, 0);
      if (kind === 'max') {
        const wins = r.best.row === cell.row && r.best.col === cell.col;
        if (wins) value += d;
        terms.push(
          `${wins ? p(d) : '0'} (window (${i},${j}): max ${num(r.value)} at (${r.best.row},${r.best.col}))`,
        );
      } else {
        value += d / r.cells.length;
        terms.push(`${p(d)}/${r.cells.length}`);
      }
    }
    lines.push(
      kind === 'max'
        ? 'Max pooling routes each window’s gradient to its maximum; every other cell of the window gets 0.'
        : 'Average pooling shares each window’s gradient equally among its cells.',
      `dE/d${ctx.input}[${cell.row},${cell.col},0] = ${terms.length ? sum(terms) : '0 (no window covers it)'} = ${num(value)}`,
    );
  }
  return {
    lines,
    value,
    cell,
    view: {
      kind,
      input: plane(x, 0),
      channel: 0,
      output: plane(kind === 'conv' ? { ...dy, v: deltaPlaneValues(ctx) } : dy, 0),
      filter: 0,
      kernel: kernelPlane(ctx, 0, 0),
      inputMarks: [cell],
      outputMarks: covering.map(({ i, j }) => ({ row: i, col: j })),
      caption: `the input cell (${cell.row}, ${cell.col}) and the outputs whose windows cover it`,
    },
  };
}
