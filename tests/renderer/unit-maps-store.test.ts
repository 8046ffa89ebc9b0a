/**
 * The run store's unit maps: merged per node id grid by grid (a grid maps a few nodes of a big
 * graph), a new object only for the nodes a grid mapped, dropped on another plane or a new load.
 */
import { describe, expect, it } from 'vitest';
import { createRunStore, reduceRunBatch } from '../../renderer/run/runStore';
import type { BoundaryGrid, BoundaryPlane, UnitMap, WorkerEvent } from '../../src/worker/protocol';

const map = (nodeId: string, unit: number, units: number): UnitMap => ({
  nodeId,
  unit,
  units,
  values: new Float32Array(4).fill(unit),
});

function grid(step: number, maps: UnitMap[], plane?: BoundaryPlane): WorkerEvent {
  const g: BoundaryGrid = {
    resolution: 2,
    range: [0, 1, 0, 1],
    classes: new Uint8Array(4),
    confidence: new Float32Array(4),
    step,
    units: { resolution: 2, maps },
    ...(plane ? { plane } : {}),
  };
  return { type: 'boundary', grid: g };
}

describe('unit maps in the run store', () => {
  it('keeps each node’s latest maps in unit order and renews only the nodes a grid mapped', () => {
    const run = createRunStore();
    run.setState((s) => reduceRunBatch(s, [grid(1, [map('a', 1, 2), map('a', 0, 2), map('b', 0, 1)])]));
    const first = run.getState().unitMaps;
    expect(first.a.maps.map((m) => m.unit)).toEqual([0, 1]);
    expect(first.a.step).toBe(1);
    run.setState((s) => reduceRunBatch(s, [grid(2, [map('c', 0, 1)])]));
    const second = run.getState().unitMaps;
    // a and b were not in this grid: the same objects, so their readouts do not re-render.
    expect(second.a).toBe(first.a);
    expect(second.b).toBe(first.b);
    expect(second.c.step).toBe(2);
  });

  it('drops maps of another plane and of a replaced graph', () => {
    const run = createRunStore();
    const plane = { x: 0, y: 2, fixed: [0, 1, 0] };
    run.setState((s) =>
      reduceRunBatch(s, [grid(1, [map('a', 0, 1)], plane), grid(1, [map('b', 0, 1)], plane)]),
    );
    expect(Object.keys(run.getState().unitMaps)).toEqual(['a', 'b']);
    run.setState((s) => reduceRunBatch(s, [grid(1, [map('b', 0, 1)], { ...plane, fixed: [0, 2, 0] })]));
    expect(Object.keys(run.getState().unitMaps)).toEqual(['b']);
    run.setState((s) =>
      reduceRunBatch(s, [
        {
          type: 'loaded',
          dataset: { name: 'd', trainCount: 1, testCount: 0, featureShape: [3], task: 'regression' },
          stepsPerEpoch: 1,
          totalSteps: 1,
          weightsRestored: false,
        },
      ]),
    );
    expect(run.getState().unitMaps).toEqual({});
  });
});
