/**
 * Backend selection in Node: unregistered backends are reported and skipped, a registered backend
 * that cannot initialise is reported and skipped, the first one that works becomes active, and
 * selection fails with every reason when none works.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NODE_BACKENDS, startNodeBackend } from '../../src/backend/node';
import { BACKEND_PREFERENCE } from '../../src/backend/names';
import { describeChoice, selectBackend } from '../../src/backend/select';
import { tf } from '../helpers/tf';

/** Backends registered by a test, removed after it. */
const registered: string[] = [];

function registerBroken(name: string, factory: () => tf.KernelBackend | Promise<tf.KernelBackend>): void {
  expect(tf.registerBackend(name, factory)).toBe(true);
  registered.push(name);
}

/** Adds two numbers on the active backend. */
async function addOnBackend(): Promise<number[]> {
  const sum = tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4.5]));
  const values = Array.from(await sum.data());
  sum.dispose();
  return values;
}

afterEach(async () => {
  for (const name of registered.splice(0)) tf.removeBackend(name);
  await tf.setBackend('wasm');
  await tf.ready();
});

afterAll(() => {
  expect(tf.getBackend()).toBe('wasm');
});

describe('selectBackend', () => {
  it('skips webgpu and webgl, which Node does not register, and picks wasm', async () => {
    await tf.setBackend('cpu');
    const choice = await selectBackend(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(choice.attempts[0].reason).toMatch(/not registered/);
    expect(choice.attempts[1].reason).toMatch(/not registered/);
    expect(choice.attempts[2].reason).toBe('active');
    expect(await addOnBackend()).toEqual([4, 6.5]);
  });

  it('uses the product preference order by default', async () => {
    expect([...BACKEND_PREFERENCE]).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    const choice = await selectBackend();
    expect(choice.name).toBe('wasm');
    expect(choice.attempts.map((a) => a.name)).toEqual(['webgpu', 'webgl', 'wasm']);
  });

  it('throws with every reason when no backend starts', async () => {
    await expect(selectBackend(['nope'])).rejects.toThrow(
      /no TensorFlow\.js backend could start: nope: .*not registered/,
    );
    await expect(selectBackend(['nope', 'webgl'])).rejects.toThrow(
      /nope: .*not registered.*; webgl: .*not registered/,
    );
    await expect(selectBackend([])).rejects.toThrow(/no TensorFlow\.js backend could start/);
  });

  it('reports and skips a registered backend whose factory throws', async () => {
    registerBroken('broken-sync', () => {
      throw new Error('boom');
    });
    const choice = await selectBackend(['broken-sync', 'cpu']);
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.attempts[0]).toMatchObject({ name: 'broken-sync', ok: false });
    expect(choice.attempts[0].reason).toMatch(/initialisation failed/);
    expect(choice.attempts[1]).toEqual({ name: 'cpu', ok: true, reason: 'active' });
    expect(await addOnBackend()).toEqual([4, 6.5]);
  });

  it('reports and skips a registered backend whose asynchronous initialisation fails', async () => {
    registerBroken('broken-async', () => Promise.reject(new Error('no device')));
    expect(await tf.setBackend('broken-async')).toBe(false);
    const choice = await selectBackend(['broken-async', 'wasm']);
    expect(choice.name).toBe('wasm');
    expect(choice.attempts[0]).toMatchObject({ name: 'broken-async', ok: false });
    expect(choice.attempts[0].reason).toMatch(/initialisation failed/);
    expect(await addOnBackend()).toEqual([4, 6.5]);
  });

  it('names every failed backend when only broken ones are offered', async () => {
    registerBroken('broken-only', () => {
      throw new Error('boom');
    });
    await expect(selectBackend(['broken-only', 'nope'])).rejects.toThrow(
      /broken-only: initialisation failed.*; nope: .*not registered/,
    );
  });

  it('describes the choice one line per attempt', async () => {
    const choice = await selectBackend(['webgpu', 'wasm']);
    const lines = describeChoice(choice).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^webgpu ✗ .*not registered/);
    expect(lines[1]).toBe('wasm ✓ active');
  });
});

describe('startNodeBackend', () => {
  it('activates cpu when asked, and tf.getBackend() agrees', async () => {
    const choice = await startNodeBackend('cpu');
    expect(choice.name).toBe('cpu');
    expect(choice.attempts).toEqual([{ name: 'cpu', ok: true, reason: 'active' }]);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.env().getBool('PROD')).toBe(true);
    expect(await addOnBackend()).toEqual([4, 6.5]);
  });

  it('prefers wasm, then cpu, by default', async () => {
    expect([...NODE_BACKENDS]).toEqual(['wasm', 'cpu']);
    await tf.setBackend('cpu');
    const choice = await startNodeBackend();
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls back to the Node backends when the preferred one is not available', async () => {
    const choice = await startNodeBackend('webgpu');
    expect(choice.name).toBe('wasm');
    expect(choice.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['webgpu', false],
      ['wasm', true],
    ]);
    expect(choice.attempts[0].reason).toMatch(/not registered/);
  });
});
