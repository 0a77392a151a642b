import { createHash } from 'node:crypto';
import fs from 'node:fs';

const CHUNK = 1 << 20;

/**
 * A cheap content fingerprint of a (possibly multi-GB) weights file: SHA-256 over its size, its
 * first MiB and its last MiB. Moving the file keeps it; retraining or requantizing changes it.
 */
export function fileFingerprint(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const hash = createHash('sha256').update(String(size));
    const buf = Buffer.alloc(Math.min(CHUNK, size));
    fs.readSync(fd, buf, 0, buf.length, 0);
    hash.update(buf);
    if (size > CHUNK) {
      fs.readSync(fd, buf, 0, buf.length, Math.max(CHUNK, size - CHUNK));
      hash.update(buf);
    }
    return hash.digest('hex').slice(0, 16);
  } finally {
    fs.closeSync(fd);
  }
}
