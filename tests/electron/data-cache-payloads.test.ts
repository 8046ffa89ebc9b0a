/** The download cache's IPC payloads: only `set/file` keys under the cache folder, only bytes. */
import { describe, expect, it } from 'vitest';
import { DataGetPayload, DataPutPayload } from '../../electron/payloads';

describe('data cache payloads', () => {
  it('accepts a set/file key and bytes', () => {
    expect(DataGetPayload.safeParse({ key: 'mnist/train-images-idx3-ubyte' }).success).toBe(true);
    expect(
      DataPutPayload.safeParse({ key: 'fashion/t10k-labels-idx1-ubyte', bytes: new Uint8Array(3) }).success,
    ).toBe(true);
  });

  it('refuses keys that leave the folder or name a folder, and bytes that are not bytes', () => {
    for (const key of ['../etc/passwd', 'mnist/../../x', '/abs/path', 'mnist', 'a/b/c', 'mnist/..'])
      expect(DataGetPayload.safeParse({ key }).success, key).toBe(false);
    expect(DataPutPayload.safeParse({ key: 'mnist/x', bytes: 'text' }).success).toBe(false);
    expect(DataPutPayload.safeParse({ key: 'mnist/x', bytes: new Uint8Array(1), extra: 1 }).success).toBe(
      false,
    );
  });
});
