/**
 * The front of the pipeline in one call: GraphDoc → validate → inferShapes → ShapedGraph, with
 * every diagnostic of both stages. What the CLI, the worker, the renderer and the tests call.
 */
import { inferShapes } from '../shapes/infer';
import type { ShapedGraph } from '../shapes/infer';
import type { Shape } from '../shapes/shape';
import { checkStoredWeights } from '../shapes/stored-weights';
import { hasErrors } from './diagnostics';
import type { Diagnostic } from './diagnostics';
import type { GraphDoc } from './types';
import { checkReachability, checkStructure } from './validate';

/** Result of checking a graph. `graph` is null when any error was found. */
export interface CheckResult {
  graph: ShapedGraph | null;
  diagnostics: Diagnostic[];
  /** Output shape of every node whose shape could be inferred, even when others failed. */
  shapes: Map<string, Shape>;
}

/** Validates a graph and infers its shapes. Never throws on bad input. */
export function checkGraph(doc: GraphDoc): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const valid = checkStructure(doc, diagnostics);
  if (!valid) return { graph: null, diagnostics, shapes: new Map() };
  const shaped = inferShapes(valid, diagnostics);
  // Reported after the shape errors, so a file's diagnostics keep their order.
  checkReachability(valid, diagnostics);
  checkStoredWeights(shaped, diagnostics);
  return { graph: hasErrors(diagnostics) ? null : shaped, diagnostics, shapes: shaped.shapes };
}
