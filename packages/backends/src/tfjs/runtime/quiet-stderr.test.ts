import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const backendsDir = path.resolve(here, '../../..');

/**
 * Runs an ESM snippet under tsx with its stderr on a shell pipe, as `spt` has under a shell or CI
 * (Node's own child pipes are sockets, which cannot be reopened; those are left alone).
 */
function child(code: string, env: Record<string, string> = {}) {
  const script = '{ "$NODE" --import tsx --input-type=module -e "$CODE" 2>&1 1>&3 | cat >&2; } 3>&1';
  const r = spawnSync('sh', ['-c', script], {
    cwd: backendsDir,
    encoding: 'utf8',
    env: { ...process.env, SPT_DEBUG: '', NODE: process.execPath, CODE: code, ...env },
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return r;
}

const snippet = `
import fs from 'node:fs';
import { withQuietNativeStderr } from ${JSON.stringify(path.join(here, 'quiet-stderr.ts'))};
fs.writeSync(2, 'before\\n');
const v = await withQuietNativeStderr(async () => { fs.writeSync(2, 'hidden\\n'); return 42; });
fs.writeSync(2, 'after ' + v + '\\n');
console.error('console after');
`;

describe('withQuietNativeStderr', () => {
  it('hides what is written to fd 2 while loading and restores stderr afterwards', () => {
    expect(child(snippet).stderr).toBe('before\nafter 42\nconsole after\n');
  });

  it('leaves a stderr that cannot be reopened (a socket) as it is', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', snippet], { cwd: backendsDir, encoding: 'utf8' });
    expect(r.stderr).toBe('before\nhidden\nafter 42\nconsole after\n');
  });

  it('shows everything when SPT_DEBUG=1', () => {
    expect(child(snippet, { SPT_DEBUG: '1' }).stderr).toBe('before\nhidden\nafter 42\nconsole after\n');
  });

  it("keeps TensorFlow's start-up lines away from users of the tfjs backend", () => {
    const code = `import { tf } from ${JSON.stringify(path.join(here, 'tf.ts'))}; console.log(tf.getBackend()); console.error('still here');`;
    const r = child(code);
    expect(r.stdout.trim()).toBe('tensorflow');
    expect(r.stderr).not.toMatch(/absl|oneDNN/);
    expect(r.stderr).toContain('still here');
  });
});
