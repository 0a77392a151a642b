import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the installed @spt/backends package (the one holding its package.json), found by
 * walking up from this module: the same from src/ in the workspace and from dist/ in an install.
 * Files it ships beside the code (python/, scripts/) are found from here.
 */
export function backendsPackageDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@spt/backends') return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
