/**
 * A node on the canvas: op, key params, inferred output shape, typed ports, diagnostic badge. Its
 * width is fixed (canvas.css); each line that may not fit carries its full text as a tooltip.
 */
import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import type { OpSpec } from '../../src/ops/spec';
import { CATEGORY_STYLE } from './categories';
import { NodeReadout, useRunHighlight } from './NodeReadout';
import './canvas.css';

/** What the canvas passes to each node. */
export type OpNodeData = {
  label: string;
  spec: OpSpec;
  params: Record<string, unknown>;
  shape: string | null;
  problems: string[];
  errors: number;
};

export type OpFlowNode = Node<OpNodeData, 'op'>;

/** The params the op's spec marks for the node face. */
function keyParams(spec: OpSpec, params: Record<string, unknown>): string {
  const shown = spec.params.filter((p) => p.face);
  return shown
    .map((p) => {
      const v = params[p.name] ?? p.default;
      if (v === null || v === undefined) return null;
      return `${p.name} ${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`;
    })
    .filter(Boolean)
    .join(' · ');
}

function OpNodeView({ id, data, selected }: NodeProps<OpFlowNode>) {
  const { spec } = data;
  const style = CATEGORY_STYLE[spec.category];
  const inputs = spec.inputs;
  const highlight = useRunHighlight(id);
  const params = keyParams(spec, data.params);
  return (
    <div
      className={`op-node${selected ? ' selected' : ''}${data.errors ? ' has-error' : ''}${highlight}`}
      style={{ borderColor: style.color }}
      data-testid={`node-${id}`}
    >
      <div className="op-node-head" style={{ background: style.color }}>
        <span className="op-node-icon">{style.icon}</span>
        <span className="op-node-title" title={data.label}>
          {data.label}
        </span>
        {data.problems.length > 0 && (
          <span
            className={`op-node-badge${data.errors ? '' : ' warn'}`}
            title={data.problems.join('\n')}
            data-testid={`badge-${id}`}
          >
            {data.problems.length}
          </span>
        )}
      </div>
      <div className="op-node-body">
        <div className="op-node-op">{spec.title}</div>
        <div className="op-node-params" title={params || undefined}>
          {params}
        </div>
        <div className="op-node-shape" data-testid={`shape-${id}`} title={data.shape ?? undefined}>
          {data.shape ?? '?'}
        </div>
        <NodeReadout id={id} />
      </div>
      {inputs.map((port, i) => (
        <Handle
          key={port.name}
          id={port.name}
          type="target"
          position={Position.Left}
          style={{ top: `${((i + 1) * 100) / (inputs.length + 1)}%` }}
          title={`${port.name}: ${port.doc}`}
        >
          {inputs.length > 1 && <span className="port-label">{port.name}</span>}
        </Handle>
      ))}
      <Handle id="out" type="source" position={Position.Right} title={spec.output.doc} />
    </div>
  );
}

/** Memoized: a node re-renders only when its own data changes. */
export const OpNode = memo(OpNodeView);
