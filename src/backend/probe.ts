/**
 * The backend probe: a few training steps of a small MLP (batch 128, 256 → 256 → 10, softmax
 * cross-entropy, SGD, the compiled graph's matrix products) timed on the active backend, and the
 * name of the GPU adapter behind a WebGPU or WebGL backend. Small enough to take well under a
 * second on a real device; a software GPU that needs seconds for one step is cut short.
 */
import * as tf from '@tensorflow/tfjs';
import { matMul2d } from '../ops/matmul';
import { isSoftwareRenderer } from './ranking';

/** How long the probe may take. */
export interface ProbeOptions {
  /** Timed steps continue until this many ms have passed (default 300). */
  budgetMs?: number;
  /** A warm-up step slower than this is the whole measurement (default 2,000 ms). */
  capMs?: number;
}

const BATCH = 128;
const INPUTS = 256;
const HIDDEN = 256;
const CLASSES = 10;

/** Examples per second the active backend trains the probe model at. */
export async function probeActiveBackend(options: ProbeOptions = {}): Promise<number> {
  const budgetMs = options.budgetMs ?? 300;
  const capMs = options.capMs ?? 2000;
  const made = tf.tidy(() => ({
    x: tf.randomUniform([BATCH, INPUTS], -1, 1, 'float32', 1),
    t: tf.oneHot(tf.randomUniform([BATCH], 0, CLASSES, 'int32', 2), CLASSES).toFloat(),
  }));
  const vars = [
    tf.variable(tf.randomUniform([INPUTS, HIDDEN], -0.1, 0.1, 'float32', 3)),
    tf.variable(tf.zeros([HIDDEN])),
    tf.variable(tf.randomUniform([HIDDEN, CLASSES], -0.1, 0.1, 'float32', 4)),
    tf.variable(tf.zeros([CLASSES])),
  ];
  const optimizer = tf.train.sgd(0.01);
  const [w1, b1, w2, b2] = vars;
  const loss = () => {
    const h = tf.relu(tf.add(matMul2d(tf, made.x, w1, { a: false, b: true }), b1));
    const logits = tf.add(matMul2d(tf, h, w2), b2);
    return tf.losses.softmaxCrossEntropy(made.t, logits) as tf.Scalar;
  };
  const step = () =>
    tf.tidy(() => {
      const { value, grads } = optimizer.computeGradients(loss, vars);
      optimizer.applyGradients(grads);
      return value;
    });
  try {
    // The first step compiles kernels or shaders: not counted, unless it alone exceeds the cap.
    const warm = performance.now();
    const first = step();
    await first.data();
    first.dispose();
    const warmMs = performance.now() - warm;
    if (warmMs > capMs) return (BATCH / warmMs) * 1000;
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    // GPU backends run asynchronously: the clock stops only when a step's loss has been read.
    while (elapsed < budgetMs) {
      const batch = Math.max(1, Math.min(8, steps));
      let last: tf.Scalar | null = null;
      for (let i = 0; i < batch; i++) {
        last?.dispose();
        last = step();
      }
      await last!.data();
      last!.dispose();
      steps += batch;
      elapsed = performance.now() - start;
      if (elapsed > capMs) break;
    }
    return ((steps * BATCH) / elapsed) * 1000;
  } finally {
    optimizer.dispose();
    for (const v of vars) v.dispose();
    made.x.dispose();
    made.t.dispose();
  }
}

/** The GPU adapter behind the active WebGPU or WebGL backend, as the browser names it. */
export async function activeAdapter(name: string): Promise<{ adapter?: string; software?: boolean }> {
  try {
    const backend = tf.backend() as unknown as {
      gpgpu?: { gl?: WebGLRenderingContext };
      adapterInfo?: { vendor?: string; architecture?: string };
    };
    if (name === 'webgl' && backend.gpgpu?.gl) {
      const gl = backend.gpgpu.gl;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const adapter = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      return { adapter, software: isSoftwareRenderer(adapter) };
    }
    if (name === 'webgpu') {
      const info = backend.adapterInfo;
      const adapter = [info?.vendor, info?.architecture].filter(Boolean).join(' ') || undefined;
      return { adapter, software: isSoftwareRenderer(adapter) || (await fallbackAdapter()) };
    }
  } catch {
    // No name to show: the measurement alone decides.
  }
  return {};
}

/** Whether the browser's WebGPU adapter is a fallback (software) one. */
async function fallbackAdapter(): Promise<boolean> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } };
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<Adapter | null> } } | undefined)
    ?.gpu;
  const adapter = await gpu?.requestAdapter();
  return adapter?.info?.isFallbackAdapter === true || adapter?.isFallbackAdapter === true;
}
