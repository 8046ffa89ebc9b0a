/**
 * Choosing the backend by measurement: software adapters are recognised by name, the fastest
 * measured backend wins whatever the usual order says, the reasons carry each backend's figure and
 * how much slower it is, and in Node the probe really runs (WASM beats CPU), cached figures are
 * reused without measuring, and a cached winner that cannot start here falls back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  fastestBackend,
  formatRate,
  isSoftwareRenderer,
  measurementReason,
  rankMeasurements,
} from '../../src/backend/ranking';
import type { BackendMeasurement } from '../../src/backend/ranking';
import { chooseMeasured, measureBackends } from '../../src/backend/select';
import { tf } from '../helpers/tf';

afterEach(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

/** What a GPU-less machine measured: SwiftShader GPUs, WASM threaded, CPU. */
const gpuLess: BackendMeasurement[] = [
  { name: 'webgpu', examplesPerSecond: 9.5, adapter: 'google swiftshader', software: true },
  {
    name: 'webgl',
    examplesPerSecond: 77,
    adapter: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
    software: true,
  },
  { name: 'wasm', examplesPerSecond: 14_258, threads: 2 },
  { name: 'cpu', examplesPerSecond: 401 },
];

describe('software adapters', () => {
  it('are recognised by the names browsers give them', () => {
    for (const name of [
      'google swiftshader',
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Mesa softpipe',
      'lavapipe',
      'Microsoft Basic Render Driver',
      'Google SwiftShader',
    ])
      expect(isSoftwareRenderer(name), name).toBe(true);
    for (const name of [
      'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'Apple M2',
      'nvidia ampere',
      'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
      undefined,
    ])
      expect(isSoftwareRenderer(name), String(name)).toBe(false);
  });
});

describe('the choice', () => {
  it('is WASM on a GPU-less machine, though WebGPU and WebGL start', () => {
    expect(fastestBackend(gpuLess)).toBe('wasm');
    expect(rankMeasurements(gpuLess).map((m) => m.name)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
  });

  it('is the GPU where a real one is faster, and WASM where the GPU is slower', () => {
    const gpu: BackendMeasurement[] = [
      { name: 'webgpu', examplesPerSecond: 250_000, adapter: 'nvidia ampere' },
      { name: 'webgl', examplesPerSecond: 90_000, adapter: 'ANGLE (NVIDIA …)' },
      { name: 'wasm', examplesPerSecond: 20_000, threads: 8 },
    ];
    expect(fastestBackend(gpu)).toBe('webgpu');
    const slowGpu = gpu.map((m) => (m.name === 'webgpu' ? { ...m, examplesPerSecond: 5_000 } : m));
    expect(fastestBackend(slowGpu)).toBe('webgl');
  });

  it('leaves out backends that could not be measured or cannot start, and breaks ties by the usual order', () => {
    const m: BackendMeasurement[] = [
      { name: 'webgpu', examplesPerSecond: null, error: 'failed to start: no adapter' },
      { name: 'webgl', examplesPerSecond: 1000 },
      { name: 'wasm', examplesPerSecond: 1000 },
    ];
    expect(fastestBackend(m)).toBe('webgl');
    expect(fastestBackend(m, (n) => n !== 'webgl')).toBe('wasm');
    expect(fastestBackend([{ name: 'webgpu', examplesPerSecond: null }])).toBeNull();
  });

  it('explains each backend with its figure and how much slower it is than the one in use', () => {
    const reason = (name: string, active = 'wasm') =>
      measurementReason(
        gpuLess.find((m) => m.name === name)!,
        active,
        gpuLess,
      );
    expect(reason('wasm')).toBe('fastest, in use: 14,300 examples/s');
    expect(reason('cpu')).toBe('36× slower than WASM: 401 examples/s');
    expect(reason('webgpu')).toBe(
      '1501× slower than WASM: 9.5 examples/s (software renderer: google swiftshader)',
    );
    expect(reason('webgl')).toMatch(
      /^185× slower than WASM: 77 examples\/s \(software renderer: ANGLE .*SwiftShader/,
    );
    // Chosen by hand: the slower backend says so, the faster one is not "slower".
    expect(reason('cpu', 'cpu')).toBe('in use (chosen by hand): 401 examples/s');
    expect(reason('wasm', 'cpu')).toBe('14,300 examples/s');
    expect(
      measurementReason(
        { name: 'webgpu', examplesPerSecond: null, error: 'failed to start: boom' },
        'wasm',
        gpuLess,
      ),
    ).toBe('failed to start: boom');
    expect(formatRate(1234.5)).toBe('1,230 examples/s');
    expect(formatRate(3.14159)).toBe('3.1 examples/s');
  });
});

describe('measuring in Node', () => {
  it('times the probe on WASM and CPU, picks WASM, and reports each one', async () => {
    await tf.setBackend('cpu');
    const choice = await measureBackends(['webgpu', 'cpu', 'wasm'], { budgetMs: 60, capMs: 1500 });
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.measuredNow).toBe(true);
    expect(choice.threads).toBe(1);
    const byName = Object.fromEntries(choice.measurements!.map((m) => [m.name, m]));
    expect(byName.webgpu).toMatchObject({ examplesPerSecond: null });
    expect(byName.webgpu.error).toMatch(/not registered/);
    expect(byName.wasm.examplesPerSecond).toBeGreaterThan(byName.cpu.examplesPerSecond!);
    expect(byName.cpu.examplesPerSecond).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it('reuses cached figures without measuring, and falls back when the cached winner cannot start', async () => {
    await tf.setBackend('wasm');
    const cached = await chooseMeasured([
      { name: 'wasm', examplesPerSecond: 10 },
      { name: 'cpu', examplesPerSecond: 20 },
    ]);
    expect(cached).toMatchObject({ name: 'cpu', measuredNow: false });
    expect(tf.getBackend()).toBe('cpu');
    // Measured on another browser build: webgl was fastest, but Node has no webgl.
    const moved = await chooseMeasured(
      [
        { name: 'webgl', examplesPerSecond: 1e6 },
        { name: 'wasm', examplesPerSecond: 10 },
      ],
      ['webgl', 'wasm', 'cpu'],
    );
    expect(moved.name).toBe('wasm');
    expect(moved.attempts[0]).toMatchObject({ name: 'webgl', ok: false });
    expect(moved.attempts[0].reason).toMatch(/not registered/);
  });
});
