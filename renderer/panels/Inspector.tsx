/** The inspector: the selected node's params, checked against the spec as you type. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { getOp } from '../../src/ops/registry';
import { checkParam } from '../../src/ops/params';
import type { ParamSpec } from '../../src/ops/spec';
import type { ParamValue } from '../../src/graph/types';
import type { EditorStore } from '../store/store';
import { expandedGroupOf } from '../../src/graph/expand';

/** Text shown in a field for a value. */
function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Parses a field's text into the param's kind; `undefined` means "use the default". */
function parse(p: ParamSpec, text: string): { value?: ParamValue; error?: string } {
  const t = text.trim();
  if (t === '') return p.nullable ? { value: null } : {};
  if (p.kind === 'int' || p.kind === 'float') return { value: Number(t) };
  if (p.kind === 'ints' || p.kind === 'floats') return { value: t.split(',').map((s) => Number(s.trim())) };
  return { value: t };
}

function ParamField({
  p,
  value,
  onCommit,
}: {
  p: ParamSpec;
  value: unknown;
  onCommit: (v: ParamValue | undefined) => void;
}) {
  const [text, setText] = useState(toText(value ?? p.default));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(toText(value ?? p.default));
    setError(null);
  }, [value, p]);
  const id = `param-${p.name}`;
  if (p.kind === 'bool')
    return (
      <label className="field check" title={p.doc}>
        <input
          type="checkbox"
          checked={Boolean(value ?? p.default)}
          onChange={(e) => onCommit(e.target.checked)}
        />{' '}
        {p.name}
      </label>
    );
  if (p.kind === 'enum')
    return (
      <label className="field" title={p.doc}>
        <span>{p.name}</span>
        <select
          value={String(value ?? p.default)}
          onChange={(e) => onCommit(e.target.value)}
          data-testid={id}
        >
          {p.options?.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
    );
  return (
    <label className="field" title={p.doc}>
      <span>{p.name}</span>
      <input
        data-testid={id}
        className={error ? 'invalid' : ''}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parse(p, e.target.value);
          const problem = parsed.value === undefined ? null : checkParam(p, parsed.value);
          setError(problem);
          if (!problem) onCommit(parsed.value);
        }}
      />
      {error ? <em className="error">{error}</em> : <small>{p.doc}</small>}
    </label>
  );
}

interface Props {
  store: EditorStore;
  /** Expand a Dense layer into its op-level subgraph. */
  onExpand: (id: string) => void;
  /** Collapse an expanded group back into its Dense layer. */
  onCollapse: (denseId: string) => void;
}

export function Inspector({ store, onExpand, onCollapse }: Props) {
  const doc = useStore(store, (s) => s.doc);
  const selection = useStore(store, (s) => s.selection);
  const node = selection.length === 1 ? doc.nodes.find((n) => n.id === selection[0]) : undefined;
  const spec = node ? getOp(node.op) : undefined;
  const group = node ? expandedGroupOf(doc, node.id) : null;
  return (
    <aside className="inspector" data-testid="inspector">
      {node && spec ? (
        <>
          <h2>
            {spec.title} <code>{node.id}</code>
          </h2>
          <p className="doc">{spec.doc}</p>
          {spec?.expansion && (
            <button className="regroup" data-testid="expand-node" onClick={() => onExpand(node.id)}>
              Expand into MatMul, Add, activation
            </button>
          )}
          {group && (
            <button className="regroup" data-testid="collapse-node" onClick={() => onCollapse(group)}>
              Collapse back into Dense “{group}”
            </button>
          )}
          <p className="formula">
            <code>{spec.formula.forward}</code> <code>{spec.formula.local}</code>
          </p>
          <label className="field">
            <span>label</span>
            <input
              value={node.label ?? ''}
              placeholder={node.id}
              onChange={(e) => store.getState().setLabel(node.id, e.target.value)}
            />
          </label>
          {spec.params.map((p) => (
            <ParamField
              key={`${node.id}-${p.name}`}
              p={p}
              value={node.params[p.name]}
              onCommit={(v) => store.getState().setParam(node.id, p.name, v)}
            />
          ))}
        </>
      ) : (
        <>
          <h2>Inspector</h2>
          <p className="doc">
            {selection.length > 1
              ? `${selection.length} nodes selected.`
              : 'Select a node to edit its params. The data set, optimizer and run controls are in the Training tab.'}
          </p>
        </>
      )}
    </aside>
  );
}
