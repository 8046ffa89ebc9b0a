/** The graph in the page address: encoding round-trips every example exactly and stays URL-safe. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraphText } from '../../src/graph/load';
import { decodeGraph, encodeGraph, readFragment, writeFragment } from '../../renderer/share/address';

describe('graph in the address', () => {
  it('round-trips xor-slides exactly, with a URL-safe and compact encoding', async () => {
    const { doc } = parseGraphText(readFileSync('graphs/xor-slides.json', 'utf8'));
    const encoded = await encodeGraph(doc!);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded.length).toBeLessThan(JSON.stringify(doc).length);
    const back = parseGraphText(await decodeGraph(encoded)).doc;
    expect(back).toStrictEqual(doc);
  });

  it('reads back the fragment it writes, file name included', () => {
    expect(readFragment(writeFragment('abc_-', 'my graph.json'))).toEqual({
      graph: 'abc_-',
      fileName: 'my graph.json',
    });
    expect(readFragment('')).toBeNull();
  });

  it('refuses a cut link', async () => {
    const { doc } = parseGraphText(readFileSync('graphs/xor-keras.json', 'utf8'));
    const encoded = await encodeGraph(doc!);
    await expect(decodeGraph(encoded.slice(0, 40))).rejects.toThrow();
  });
});
