/** The inspector: the selected node's params (checked against the spec as you type), or the training section. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { getOp } from '../../src/ops/registry';
import { checkParam } from '../../src/ops/params';
import type { ParamSpec } from '../../src/ops/spec';
import type { DatasetSpec, OptimizerType, ParamValue } from '../../src/graph/types';
import type { EditorStore } from '../store/store';

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

const DATASETS: DatasetSpec['kind'][] = [
  'xor',
  'or',
  'and',
  'spiral',
  'circles',
  'moons',
  'blobs',
  'sine',
  'linear',
];
const OPTIMIZERS: OptimizerType[] = ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'];

function NumberField({
  label,
  value,
  min,
  max,
  integer,
  onCommit,
}: {
  label: string;
  value: number;
  min: number;
  max?: number;
  integer?: boolean;
  onCommit: (v: number) => void;
}) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(value)), [value]);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        value={text}
        className={error ? 'invalid' : ''}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          const bad =
            e.target.value.trim() === '' ||
            !Number.isFinite(n) ||
            n < min ||
            (max !== undefined && n > max) ||
            (integer && !Number.isInteger(n));
          setError(
            bad
              ? `expected ${integer ? 'a whole number' : 'a number'} ≥ ${min}${max !== undefined ? ` and ≤ ${max}` : ''}`
              : null,
          );
          if (!bad) onCommit(n);
        }}
      />
      {error && <em className="error">{error}</em>}
    </label>
  );
}

export function Inspector({ store }: { store: EditorStore }) {
  const doc = useStore(store, (s) => s.doc);
  const selection = useStore(store, (s) => s.selection);
  const node = selection.length === 1 ? doc.nodes.find((n) => n.id === selection[0]) : undefined;
  const spec = node ? getOp(node.op) : undefined;
  const t = doc.training;
  return (
    <aside className="inspector" data-testid="inspector">
      {node && spec ? (
        <>
          <h2>
            {spec.title} <code>{node.id}</code>
          </h2>
          <p className="doc">{spec.doc}</p>
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
          <h2>Training</h2>
          <p className="doc">
            {selection.length > 1
              ? `${selection.length} nodes selected.`
              : 'Select a node to edit it, or set how the graph trains.'}
          </p>
          <label className="field">
            <span>data set</span>
            <select
              value={t.dataset.kind}
              onChange={(e) =>
                store.getState().setTraining({ dataset: { kind: e.target.value } as DatasetSpec })
              }
            >
              {[...new Set([t.dataset.kind, ...DATASETS])].map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>optimizer</span>
            <select
              value={t.optimizer.type}
              onChange={(e) =>
                store
                  .getState()
                  .setTraining({ optimizer: { ...t.optimizer, type: e.target.value as OptimizerType } })
              }
            >
              {OPTIMIZERS.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
          <NumberField
            label="learning rate"
            value={t.optimizer.learningRate}
            min={1e-9}
            onCommit={(v) => store.getState().setTraining({ optimizer: { ...t.optimizer, learningRate: v } })}
          />
          <NumberField
            label="batch size"
            value={t.batchSize}
            min={1}
            integer
            onCommit={(v) => store.getState().setTraining({ batchSize: v })}
          />
          <NumberField
            label="epochs"
            value={t.epochs}
            min={1}
            integer
            onCommit={(v) => store.getState().setTraining({ epochs: v })}
          />
          <NumberField
            label="test split"
            value={t.testSplit}
            min={0}
            max={0.95}
            onCommit={(v) => store.getState().setTraining({ testSplit: v })}
          />
          <NumberField
            label="seed"
            value={t.seed}
            min={0}
            integer
            onCommit={(v) => store.getState().setTraining({ seed: v })}
          />
        </>
      )}
    </aside>
  );
}
