/**
 * The expansion capability: a layer spec that declares how it is made of op-level nodes, so the
 * generic transforms in `graph/expand.ts` can expand it and collapse it back without knowing it.
 */
import type { GraphNode, ParamValue } from '../graph/types';
import type { Shape } from '../shapes/shape';
import type { OpSpec, Params } from './spec';

/** One node of an expanded layer; its id is `<layer id>.<part>`. */
export interface ExpansionPart {
  /** Id suffix, and the part's name in edges of the template. */
  part: string;
  op: string;
  /** Appended to the layer's label: `<label> <label suffix>`. */
  label: string;
  params: Record<string, ParamValue>;
  /** The layer weight this part holds as its `value` (stored weights move with it). */
  weight?: string;
}

/** An edge between two parts of an expansion. */
export interface ExpansionEdge {
  from: string;
  to: string;
  port: string;
}

/** The op-level subgraph of one layer node. */
export interface ExpandedLayer {
  /** Parts in the order they are inserted and laid out. */
  parts: ExpansionPart[];
  /** Edges between parts, in the order they are appended. */
  edges: ExpansionEdge[];
  /** Where the layer's input edge goes. */
  input: { part: string; port: string };
  /** The part whose output replaces the layer's output. */
  output: string;
}

/** What a collapse recovers from a group's nodes: the layer's params and its input shape. */
export interface CollapsedLayer {
  /** The layer node's params, written the way an untouched layer has them. */
  params: Record<string, ParamValue>;
  /** The input shape the group implies (enough to rebuild the template with `expand`). */
  input: Shape;
}

/** What an expansion sees of the layer it works on. */
export interface ExpansionContext {
  /** The layer's id (or, when collapsing, the id it will get). */
  id: string;
  /** The layer's spec: its defaults and param options. */
  spec: OpSpec;
}

/** How a layer is made of op-level nodes. */
export interface LayerExpansion {
  /** Every part an expansion may contain, with the ops that may play it. */
  parts: Readonly<Record<string, readonly string[]>>;
  /** Parts every expansion has: a group is recognised by them (the first one anchors it). */
  core: readonly string[];
  /** The op-level subgraph for a layer with these params and input shape, or why there is none. */
  expand(ctx: ExpansionContext, params: Params, input: Shape): ExpandedLayer | string;
  /**
   * The layer the group's nodes (by part; the core parts are present with fitting ops) express,
   * or why they express none. Edges are the caller's check, against `expand` of the result.
   */
  collapse(ctx: ExpansionContext, parts: ReadonlyMap<string, GraphNode>): CollapsedLayer | string;
}
