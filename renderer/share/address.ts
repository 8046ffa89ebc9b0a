/**
 * The graph in the page address: `#g=<base64url of deflate-raw JSON>` (and `&f=<file name>`), so a
 * link reproduces a lesson exactly, edits and trained weights included. Uses the browser's
 * CompressionStream: no dependency, and the same code runs in Node 20 for the tests.
 */
import type { GraphDoc } from '../../src/graph/types';

/** Above this many characters of encoded graph the address is not used (browsers, chat apps and
 * servers cut long URLs somewhere past 64–100 k characters). */
export const ADDRESS_LIMIT = 100_000;

/** Bytes → base64url without padding (the URL-safe alphabet: no escaping in a fragment). */
function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  // Chunks keep String.fromCharCode's argument list short for big graphs.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padded or not) → bytes; throws on characters outside the alphabet. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Runs bytes through a (de)compression stream. */
async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The graph as the address fragment's `g` value: compact JSON, deflate-raw, base64url. */
export async function encodeGraph(doc: GraphDoc): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  return toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')));
}

/** The JSON text of an encoded graph; throws when it is not one `encodeGraph` could have made. */
export async function decodeGraph(encoded: string): Promise<string> {
  const bytes = await pipe(fromBase64Url(encoded), new DecompressionStream('deflate-raw'));
  return new TextDecoder().decode(bytes);
}

/** What an address fragment carries: the encoded graph and its file name, when present. */
export function readFragment(hash: string): { graph: string; fileName: string | null } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const graph = params.get('g');
  return graph ? { graph, fileName: params.get('f') } : null;
}

/** The fragment for an encoded graph and its file name (`#g=…&f=…`). */
export function writeFragment(graph: string, fileName: string | null): string {
  // The graph is base64url already; only the file name needs escaping.
  return `#g=${graph}${fileName ? `&f=${encodeURIComponent(fileName)}` : ''}`;
}
