/**
 * The safetensors format (https://github.com/huggingface/safetensors), written directly: an 8-byte
 * little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then
 * the raw little-endian data. PyTorch (`safetensors.torch.load_file`) and numpy
 * (`safetensors.numpy.load_file`) read it without executing anything, unlike a pickle.
 */

/** One tensor to write: float32 values, row-major. */
export interface SafeTensor {
  /** Tensor name (`hidden.weight`, `W1`). */
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * The bytes of a safetensors file holding `tensors` as F32, in the given order, plus optional
 * string metadata (`__metadata__`). The header is padded with spaces to a multiple of 8 bytes, as
 * the reference writer does, so the data that follows is aligned.
 */
export function writeSafetensors(tensors: SafeTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.values.length)
      throw new Error(
        `tensor "${t.name}": shape [${t.shape.join(', ')}] holds ${size} values, got ${t.values.length}`,
      );
    if (Object.hasOwn(header, t.name)) throw new Error(`tensor "${t.name}" is written twice`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  while (encoder.encode(json).length % 8 !== 0) json += ' ';
  const headerBytes = encoder.encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.values.length; i++) view.setFloat32(at + 4 * i, t.values[i], true);
    at += 4 * t.values.length;
  }
  return out;
}
