/** The palette: ops grouped by category, searchable, dragged onto the canvas. */
import { useMemo, useState } from 'react';
import { ALL_OPS } from '../../src/ops/registry';
import { CATEGORY_ORDER, CATEGORY_STYLE } from '../canvas/categories';
import { OP_DRAG_TYPE } from '../canvas/drag';

export function Palette({ onAdd }: { onAdd: (op: string) => void }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    return CATEGORY_ORDER.map((category) => ({
      category,
      ops: ALL_OPS.filter(
        (spec) =>
          spec.category === category &&
          (!q ||
            spec.op.toLowerCase().includes(q) ||
            spec.title.toLowerCase().includes(q) ||
            spec.doc.toLowerCase().includes(q)),
      ),
    })).filter((g) => g.ops.length > 0);
  }, [query]);
  return (
    <aside className="palette" data-testid="palette">
      <input
        className="palette-search"
        placeholder="Search ops…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="Search ops"
      />
      {groups.map(({ category, ops }) => (
        <section key={category}>
          <h3 style={{ color: CATEGORY_STYLE[category].color }}>{CATEGORY_STYLE[category].title}</h3>
          {ops.map((spec) => (
            <div
              key={spec.op}
              className="palette-item"
              data-testid={`palette-item-${spec.op}`}
              draggable
              title={spec.doc}
              onDragStart={(e) => {
                e.dataTransfer.setData(OP_DRAG_TYPE, spec.op);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onDoubleClick={() => onAdd(spec.op)}
              style={{ borderLeftColor: CATEGORY_STYLE[category].color }}
            >
              <span className="palette-icon">{CATEGORY_STYLE[category].icon}</span>
              {spec.title}
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}
