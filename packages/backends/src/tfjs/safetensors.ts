/**
 * The safetensors file format (8-byte little-endian header length, a JSON header of
 * {name: {dtype, shape, data_offsets}}, then raw little-endian data), for float32 tensors.
 */
import { SptError } from '@spt/core';

export interface NamedArray {
  shape: number[];
  data: Float32Array;
}

/** Serializes tensors (in the given order) with optional string metadata. */
export function encodeSafetensors(tensors: Map<string, NamedArray>, metadata?: Record<string, string>): Buffer {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    const bytes = t.data.length * 4;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // align the data to 8 bytes
  const head = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + head.length + offset);
  out.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(out, 8);
  let at = 8 + head.length;
  for (const t of tensors.values()) {
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, at);
    at += t.data.byteLength;
  }
  return out;
}

/** Parses a safetensors buffer of F32 tensors; `file` names it in errors. */
export function decodeSafetensors(buf: Buffer, file: string): { tensors: Map<string, NamedArray>; metadata: Record<string, string> } {
  const corrupt = (got: string) =>
    new SptError({ code: 'checkpoint.corrupt', what: `${file} is not a valid safetensors file`, expected: 'an 8-byte header length, a JSON header and F32 data', got, fix: 'save the checkpoint again or pick another one' });
  if (buf.length < 8) throw corrupt(`${buf.length} bytes`);
  const headLen = Number(buf.readBigUInt64LE(0));
  if (8 + headLen > buf.length) throw corrupt(`a header of ${headLen} bytes in a file of ${buf.length}`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headLen).toString('utf8'));
  } catch {
    throw corrupt('an unreadable JSON header');
  }
  const base = 8 + headLen;
  const tensors = new Map<string, NamedArray>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (e.dtype !== 'F32') throw corrupt(`dtype ${e.dtype} for ${name}`);
    const [a, b] = e.data_offsets;
    if (base + b > buf.length || b - a !== 4 * e.shape.reduce((x, y) => x * y, 1)) throw corrupt(`bad offsets for ${name}`);
    const copy = new Float32Array(new Uint8Array(buf.subarray(base + a, base + b)).buffer);
    tensors.set(name, { shape: e.shape, data: copy });
  }
  return { tensors, metadata: (header.__metadata__ as Record<string, string>) ?? {} };
}
