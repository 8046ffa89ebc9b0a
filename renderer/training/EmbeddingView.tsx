/**
 * The embedding table's rows as words on a plane (their first two principal components, moving as
 * training pulls words that share contexts together), the nearest words to a word you type
 * (cosine similarity), and analogies a − b + c (king − man + woman ≈ queen).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EmbeddingReport } from '../../src/views/types';
import { analogy, nearest, row, wordIndex } from '../../src/views/vectors';
import type { Neighbour, RowMatrix } from '../../src/views/vectors';
import { num } from '../run/format';
import { cssContext } from '../views/hidpi';

const SIZE = 300;
const PAD = 14;
/** Labels drawn, at most (the first rows: the most frequent words). */
const LABELS = 120;
/** Tokens that are not words and are left off the plot. */
const HIDDEN = new Set(['<pad>']);

interface Props {
  report: EmbeddingReport;
  vocabulary?: string[];
}

export function EmbeddingView({ report, vocabulary }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const words = useMemo(
    () => Array.from({ length: report.rows }, (_, i) => vocabulary?.[i] ?? `#${i}`),
    [report.rows, vocabulary],
  );
  const matrix: RowMatrix = useMemo(
    () => ({ rows: report.rows, dim: report.dim, values: report.vectors }),
    [report],
  );
  const [query, setQuery] = useState('');
  const [abc, setAbc] = useState<[string, string, string]>(['', '', '']);
  const q = query ? wordIndex(words, query) : -1;
  const near: Neighbour[] = q >= 0 ? nearest(matrix, row(matrix, q), 8, [q]) : [];
  const ids = abc.map((w) => (w ? wordIndex(words, w) : -1));
  const analog: Neighbour[] = ids.every((i) => i >= 0) ? analogy(matrix, ids[0], ids[1], ids[2], 5) : [];
  const marked = useMemo(() => new Set([q, ...near.map((n) => n.index)]), [q, near]);

  useEffect(() => {
    const ctx = ref.current && cssContext(ref.current, SIZE, SIZE);
    if (!ctx) return;
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < report.rows; i++) {
      x0 = Math.min(x0, report.xy[2 * i]);
      x1 = Math.max(x1, report.xy[2 * i]);
      y0 = Math.min(y0, report.xy[2 * i + 1]);
      y1 = Math.max(y1, report.xy[2 * i + 1]);
    }
    const sx = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (SIZE - 2 * PAD);
    const sy = (y: number) => SIZE - PAD - ((y - y0) / (y1 - y0 || 1)) * (SIZE - 2 * PAD);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // Labels that would overlap one already drawn are left off (the point stays); marked words always show.
    const placed: [number, number, number, number][] = [];
    const free = (x: number, y: number, w: number) =>
      placed.every(([a, b, c, d]) => x + w < a || x > c || y + 6 < b || y - 6 > d);
    const order = [...Array(report.rows).keys()].sort(
      (a, b) => Number(marked.has(b)) - Number(marked.has(a)) || a - b,
    );
    for (const i of order) {
      if (HIDDEN.has(words[i])) continue;
      const hot = marked.has(i);
      const x = sx(report.xy[2 * i]);
      const y = sy(report.xy[2 * i + 1]);
      ctx.fillStyle = hot ? '#d62f2f' : '#2f6fd6';
      ctx.beginPath();
      ctx.arc(x, y, hot ? 3.5 : 2.5, 0, Math.PI * 2);
      ctx.fill();
      const w = ctx.measureText(words[i]).width;
      // Right of the point, or left of it near the right edge.
      const lx = x + 4 + w > SIZE - 2 ? x - 4 - w : x + 4;
      if ((i < LABELS || hot) && (hot || free(lx, y, w))) {
        placed.push([lx, y - 6, lx + w, y + 6]);
        ctx.fillStyle = hot ? '#b42318' : '#344054';
        ctx.fillText(words[i], lx, y);
      }
    }
  }, [report, words, marked]);

  const list = (items: Neighbour[], testId: string) => (
    <ol className="embedding-list" data-testid={testId}>
      {items.map((n) => (
        <li key={n.index} data-word={words[n.index]}>
          {words[n.index]} <span>{num(n.similarity, 3)}</span>
        </li>
      ))}
    </ol>
  );
  const unknown = (w: string) =>
    w && wordIndex(words, w) < 0 ? ` “${w}” is not among the ${report.rows} words shown` : '';

  return (
    <div className="embedding-view">
      <canvas
        ref={ref}
        className="embedding-plot"
        style={{ width: SIZE, height: SIZE }}
        data-testid="embedding-plot"
        data-rows={report.rows}
        data-step={report.step}
      />
      <p className="doc">
        {report.rows < report.totalRows
          ? `The first ${report.rows} of ${report.totalRows}`
          : `All ${report.rows}`}{' '}
        rows of {report.nodeId}’s table ({report.dim} numbers each) on their first two principal axes (
        {num(100 * report.explained[0], 3)} % and {num(100 * report.explained[1], 3)} % of the variance), step{' '}
        {report.step}.
      </p>
      <label className="embedding-row">
        Nearest words to{' '}
        <input
          data-testid="embedding-query"
          value={query}
          placeholder={words[Math.min(2, words.length - 1)]}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      {query && (near.length ? list(near, 'embedding-nearest') : <p className="doc">{unknown(query)}</p>)}
      <div className="embedding-row">
        <input
          data-testid="analogy-a"
          value={abc[0]}
          placeholder="king"
          onChange={(e) => setAbc([e.target.value, abc[1], abc[2]])}
        />
        −
        <input
          data-testid="analogy-b"
          value={abc[1]}
          placeholder="man"
          onChange={(e) => setAbc([abc[0], e.target.value, abc[2]])}
        />
        +
        <input
          data-testid="analogy-c"
          value={abc[2]}
          placeholder="woman"
          onChange={(e) => setAbc([abc[0], abc[1], e.target.value])}
        />
        ≈
      </div>
      {analog.length > 0 && list(analog, 'embedding-analogy')}
      {abc.some(Boolean) && analog.length === 0 && (
        <p className="doc">{abc.map(unknown).filter(Boolean).join(';') || 'Type three words.'}</p>
      )}
    </div>
  );
}
