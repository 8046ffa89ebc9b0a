/**
 * Fitting a graph to a data set it is about to train on (CSV import): the Input shape to the number
 * of feature columns, and each Target's encoding and shape to the labels and the loss it feeds.
 * Pure: it returns the param changes and a line per change, and the editor applies them as one
 * undoable edit.
 */
import type { Dataset } from '../data/dataset';
import { shapeSize } from '../data/checks';
import { resolveParams } from '../ops/params';
import { getOp } from '../ops/registry';
import type { OpSpec, Params } from '../ops/spec';
import type { GraphDoc, ParamValue } from '../graph/types';

/** One param to set. */
export interface ParamChange {
  nodeId: string;
  name: string;
  value: ParamValue;
}

/** What {@link fitGraphToData} proposes. */
export interface GraphFit {
  changes: ParamChange[];
  /** One line per node changed (`Input "x": shape [2] → [4]`); empty when the graph already fits. */
  summary: string[];
}

/** What the fit needs to know about the data: its feature shape and its labels. */
export type DataShape = Pick<Dataset, 'featureShape' | 'task' | 'labelShape' | 'numClasses'>;

interface Resolved {
  id: string;
  spec: OpSpec;
  params: Params;
}

/** The document's nodes with their specs and params (defaults filled); unknown ops are skipped. */
function resolvedNodes(doc: GraphDoc): Resolved[] {
  return doc.nodes.flatMap((n) => {
    const spec = getOp(n.op);
    return spec ? [{ id: n.id, spec, params: resolveParams(spec, n.params).params }] : [];
  });
}

const list = (shape: readonly number[]) => `[${shape.join(',')}]`;

/**
 * The Target encoding that fits classification labels for the loss the Target feeds: one-hot
 * vectors of K for a categorical loss, class indices for a sparse one, the index itself as a value
 * for a binary loss of two classes; null when nothing fits (the data check then says why).
 */
function classTarget(
  loss: OpSpec | undefined,
  classes: number,
): { encoding: string; shape?: number[] } | null {
  switch (loss?.accuracy) {
    case 'categorical':
      return { encoding: 'onehot', shape: [classes] };
    case 'sparse':
      // An index target's shape is not used (the Target outputs [N]); it is left as it is.
      return { encoding: 'index' };
    default:
      return classes <= 2 ? { encoding: 'value', shape: [1] } : null;
  }
}

/**
 * The param changes that make a graph's Input and Target nodes fit a data set.
 *
 * - Every Input whose shape does not hold one example's features gets the data's feature shape.
 * - For classification labels, every Target gets the encoding the loss it feeds reads (`onehot`
 *   with shape [classes] for categorical cross-entropy, `index` for the sparse losses, `value`
 *   [1] for a binary loss of two classes); for real-valued labels, `value` with the label shape.
 */
export function fitGraphToData(doc: GraphDoc, data: DataShape): GraphFit {
  const nodes = resolvedNodes(doc);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const changes: ParamChange[] = [];
  const summary: string[] = [];
  for (const n of nodes) {
    if (n.spec.role === 'input') {
      const shape = n.params.ints('shape');
      if (shapeSize(shape) === shapeSize(data.featureShape)) continue;
      changes.push({ nodeId: n.id, name: 'shape', value: [...data.featureShape] });
      summary.push(`Input "${n.id}": shape ${list(shape)} → ${list(data.featureShape)}`);
    } else if (n.spec.role === 'target') {
      const lossId = doc.edges.find(
        (e) => e.source === n.id && byId.get(e.target)?.spec.role === 'loss',
      )?.target;
      const want =
        data.task === 'classification'
          ? classTarget(lossId ? byId.get(lossId)!.spec : undefined, data.numClasses ?? 0)
          : { encoding: 'value', shape: data.labelShape.length ? [...data.labelShape] : [1] };
      if (!want) continue;
      const encoding = n.params.str('encoding');
      const shape = n.params.ints('shape');
      const parts: string[] = [];
      if (encoding !== want.encoding) {
        changes.push({ nodeId: n.id, name: 'encoding', value: want.encoding });
        parts.push(`encoding ${encoding} → ${want.encoding}`);
      }
      if (want.shape && list(shape) !== list(want.shape)) {
        changes.push({ nodeId: n.id, name: 'shape', value: want.shape });
        parts.push(`shape ${list(shape)} → ${list(want.shape)}`);
      }
      if (parts.length) summary.push(`Target "${n.id}": ${parts.join(', ')}`);
    }
  }
  return { changes, summary };
}

/**
 * Input nodes whose values are ids read by a lookup node (an op declaring `idInput`, such as
 * Embedding), with that node: their data must not be normalized, or the ids stop being ids.
 */
export function idInputs(doc: GraphDoc): { inputId: string; nodeId: string }[] {
  const nodes = new Map(resolvedNodes(doc).map((n) => [n.id, n]));
  return doc.edges.flatMap((e) => {
    const source = nodes.get(e.source);
    const target = nodes.get(e.target);
    const port = target?.spec.idInput?.port;
    return source?.spec.role === 'input' && port === e.targetPort
      ? [{ inputId: e.source, nodeId: e.target }]
      : [];
  });
}
