/**
 * The run store's side of the views: a `views` report is kept as sent, a trace frame's images reach
 * the canvas view of their node, a probe replaces the canvas view (not in step mode), and another
 * graph's load forgets both.
 */
import { describe, expect, it } from 'vitest';
import { clearRun, createRunStore, frameView, reduceRun } from '../../renderer/run/runStore';
import type { RunSlice } from '../../renderer/run/runStore';
import type { ImageStack, TensorTrace, TraceFrame } from '../../src/trace/types';
import type { ProbeResult, ViewsReport } from '../../src/views/types';

const tt = (v: number): TensorTrace => ({
  shape: [1],
  values: [v],
  stats: { min: v, max: v, mean: v, std: 0, norm: Math.abs(v), nonFinite: 0 },
});
const stack = (v: number): ImageStack => ({
  height: 2,
  width: 2,
  count: 1,
  channels: 1,
  pixels: Float32Array.of(v, v, v, v),
});

function apply(s: RunSlice, patch: Partial<RunSlice>): RunSlice {
  return { ...s, ...patch };
}

describe('views in the run store', () => {
  it('keeps the views report and puts frame images on their node', () => {
    let s = createRunStore().getState();
    const views: ViewsReport = {
      curve: {
        x: Float32Array.of(0, 1),
        y: Float32Array.of(2, 3),
        points: new Float32Array(0),
        pointSplit: new Uint8Array(0),
        step: 4,
      },
    };
    s = apply(s, reduceRun(s, { type: 'views', views }));
    expect(s.views).toBe(views);
    const frame: TraceFrame = {
      step: 1,
      epoch: 0,
      loss: 0.5,
      nodes: { x: { value: tt(1), grad: null }, y: { value: tt(2), grad: tt(3) } },
      weights: {},
      images: { x: { value: stack(7) } },
    };
    expect(frameView(frame).x.images!.value!.pixels[0]).toBe(7);
    expect(frameView(frame).y.images).toBeUndefined();
    s = apply(s, reduceRun(s, { type: 'trace', seq: 1, frame }));
    expect(s.view.x.images?.value?.pixels[3]).toBe(7);
  });

  it('shows a probe on the canvas outside step mode, and forgets it with the run', () => {
    let s = createRunStore().getState();
    const result: ProbeResult = {
      requestId: 1,
      probabilities: [0.25, 0.75],
      predicted: 1,
      classes: ['a', 'b'],
      nodes: { x: { value: tt(5), grad: null } },
      images: { x: { value: stack(9) } },
    };
    s = apply(s, reduceRun(s, { type: 'probe', result }));
    expect(s.probe).toBe(result);
    expect(s.view.x.value!.values).toEqual([5]);
    expect(s.view.x.grad).toBeNull();
    expect(s.view.x.images?.value?.pixels[0]).toBe(9);
    // In step mode the walk keeps the canvas.
    const stepping = apply(s, { stepMode: { walk: null, index: -1, example: null, step: 1 }, view: {} });
    expect(apply(stepping, reduceRun(stepping, { type: 'probe', result })).view).toEqual({});
    const cleared = apply(s, clearRun(s, true));
    expect(cleared.probe).toBeNull();
    expect(cleared.views).toBeNull();
  });
});
