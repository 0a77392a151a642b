import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

/** A Transform that decompresses Zstandard frames (pure JS: Node 20's zlib has no zstd). */
export function createZstdDecompressStream(): Transform {
  let push: (chunk: Uint8Array) => void = () => {};
  const decoder = new Decompress((chunk) => push(chunk));
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      push = (c) => this.push(Buffer.from(c));
      try {
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done) {
      push = (c) => this.push(Buffer.from(c));
      try {
        decoder.push(new Uint8Array(0), true);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/** Whether a file is compressed, by extension: `.gz` (gzip) and `.zst` / `.zstd` (Zstandard). */
export function compressionOf(file: string): 'gzip' | 'zstd' | undefined {
  if (/\.gz$/i.test(file)) return 'gzip';
  if (/\.zstd?$/i.test(file)) return 'zstd';
  return undefined;
}

/** A readable stream of a file's (decompressed) bytes. */
export function openDecompressed(file: string): Readable {
  const raw = createReadStream(file);
  const kind = compressionOf(file);
  if (!kind) return raw;
  const inflate = kind === 'gzip' ? createGunzip() : createZstdDecompressStream();
  raw.on('error', (e) => inflate.destroy(e));
  return raw.pipe(inflate);
}

/** The lines of a (possibly compressed) UTF-8 file, without line endings. */
export async function* readLines(file: string): AsyncGenerator<string> {
  const input = openDecompressed(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    input.destroy();
  }
}

/** A whole (possibly compressed) file as UTF-8 text. */
export async function readAllText(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of openDecompressed(file)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
