/**
 * The front of the pipeline in one call: GraphDoc → validate → inferShapes → ShapedGraph, with
 * every diagnostic of both stages. What the CLI, the worker, the renderer and the tests call.
 */
import { inferShapes } from '../shapes/infer';
import type { ShapedGraph } from '../shapes/infer';
import type { Shape } from '../shapes/shape';
import { checkStoredWeights } from '../shapes/stored-weights';
import { checkTrainable } from '../shapes/trainable';
import { hasErrors } from './diagnostics';
import type { Diagnostic } from './diagnostics';
import type { GraphDoc } from './types';
import {
  checkReachability,
  checkStructure,
  setAsideScratch,
  unreachableNodes,
  withDownstream,
  withoutNodes,
} from './validate';

/** Result of checking a graph. `graph` is null when any error was found. */
export interface CheckResult {
  graph: ShapedGraph | null;
  diagnostics: Diagnostic[];
  /** Output shape of every node whose shape could be inferred, even when others failed. */
  shapes: Map<string, Shape>;
}

/** Options of {@link checkGraph}. */
export interface CheckOptions {
  /**
   * Also check what training needs beyond a computable graph: some loss depends on a trainable
   * weight. The CLI, the training worker and the editor's problem list ask for it; a graph that is
   * only computed (shapes, export, expansion) does not need it.
   */
  training?: boolean;
}

/** The stages on one document, without setting scratch nodes aside. */
function runStages(doc: GraphDoc, options: CheckOptions): CheckResult & { unreachable: Set<string> } {
  const diagnostics: Diagnostic[] = [];
  const valid = checkStructure(doc, diagnostics);
  if (!valid) return { graph: null, diagnostics, shapes: new Map(), unreachable: new Set() };
  const shaped = inferShapes(valid, diagnostics);
  // Reported after the shape errors, so a file's diagnostics keep their order.
  checkReachability(valid, diagnostics);
  checkStoredWeights(shaped, diagnostics);
  // Only on a sound graph: a node whose shape failed declares no weights, which would read as none.
  if (options.training && !hasErrors(diagnostics)) checkTrainable(shaped, diagnostics);
  const graph = hasErrors(diagnostics) ? null : shaped;
  return { graph, diagnostics, shapes: shaped.shapes, unreachable: unreachableNodes(valid) };
}

/**
 * Validates a graph and infers its shapes. Never throws on bad input.
 *
 * A node that feeds no loss and is not complete (a scratch node being wired) does not stop
 * training: its errors become its `unreachable` warning, and the returned graph leaves it out,
 * with whatever is downstream of it (nothing downstream feeds a loss either). Complete nodes that
 * feed no loss stay in and are computed, so their values still show.
 */
export function checkGraph(doc: GraphDoc, options: CheckOptions = {}): CheckResult {
  const first = runStages(doc, options);
  const { unreachable, ...result } = first;
  if (first.graph) return result;
  const scratch = setAsideScratch(unreachable, first.diagnostics);
  if (!scratch) return result;
  const rest = runStages(withoutNodes(doc, withDownstream(doc, scratch.leftOut)), options);
  // Without the scratch nodes the graph is sound, or it is not and the first errors stand, except
  // what only the remainder can show: that no loss depends on a trainable weight. Then the scratch
  // nodes stay warnings and that is the error (it is what stops training, not the scratch nodes).
  if (!rest.graph) {
    const untrainable = rest.diagnostics.filter((d) => d.code === 'nothing-to-train');
    if (!untrainable.length) return result;
    return { graph: null, diagnostics: [...scratch.diagnostics, ...untrainable], shapes: first.shapes };
  }
  return { graph: rest.graph, diagnostics: scratch.diagnostics, shapes: first.shapes };
}
