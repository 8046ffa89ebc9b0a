/**
 * A node whose op the registry does not know (a typo, a file from a newer version): drawn as a red
 * error node with its op name, so it can still be seen, selected, wired around and deleted.
 */
import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { Node, NodeProps } from '@xyflow/react';
import './big-graph.css';

/** What the canvas passes to an unknown-op node. */
export type UnknownNodeData = {
  label: string;
  /** The op name as the file spells it. */
  op: string;
  problems: string[];
  /** Input ports that edges in the document name, so those edges still have an end to draw to. */
  inputs: string[];
};

export type UnknownFlowNode = Node<UnknownNodeData, 'unknown'>;

function UnknownNodeView({ id, data, selected }: NodeProps<UnknownFlowNode>) {
  return (
    <div
      className={`op-node unknown-op-node has-error${selected ? ' selected' : ''}`}
      data-testid={`node-${id}`}
      title={data.problems.join('\n') || undefined}
    >
      <div className="op-node-head">
        <span className="op-node-icon">!</span>
        <span className="op-node-title" title={data.label}>
          {data.label}
        </span>
        <span className="op-node-badge" data-testid={`badge-${id}`}>
          {Math.max(1, data.problems.length)}
        </span>
      </div>
      <div className="op-node-body">
        <div className="op-node-op" title={data.op}>
          {data.op}
        </div>
        <div className="op-node-params unknown-op-note">unknown op</div>
      </div>
      {data.inputs.map((port, i) => (
        <Handle
          key={port}
          id={port}
          type="target"
          position={Position.Left}
          isConnectable={false}
          style={{ top: `${((i + 1) * 100) / (data.inputs.length + 1)}%` }}
          title={port}
        />
      ))}
      <Handle id="out" type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

/** Memoized like {@link OpNode}: it re-renders only when its own data changes. */
export const UnknownNode = memo(UnknownNodeView);
