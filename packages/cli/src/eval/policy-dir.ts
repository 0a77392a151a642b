import { existsSync } from 'node:fs';
import path from 'node:path';

/** A checkpoint keeps the backend's files in `policy/`; a bare backend save is accepted too. */
export function policyDir(checkpoint: string): string {
  const inside = path.join(checkpoint, 'policy');
  return existsSync(inside) ? inside : checkpoint;
}
