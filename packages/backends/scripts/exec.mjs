// Small process helpers for the TF.js setup scripts (plain Node, no dependencies: they also run as
// the workspace's postinstall, before anything is built).
import { spawn, spawnSync } from 'node:child_process';

/** A setup failure: what went wrong and the one thing to do about it. */
export class SetupError extends Error {
  constructor(what, fix) {
    super(what);
    this.name = 'SetupError';
    this.fix = fix;
  }
}

/**
 * Runs a command and hands each line it prints (stdout and stderr) to `log`, so a caller decides
 * where build output goes. Resolves with the exit code (-1 when the command cannot start).
 */
export function exec(cmd, args, { cwd, env, log }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split(/\r?\n/);
        rest = lines.pop();
        for (const line of lines) if (line.trim()) log(`  ${line}`);
      });
      stream.on('end', () => rest.trim() && log(`  ${rest}`));
    }
    child.once('error', () => resolve(-1));
    child.once('close', (code) => resolve(code ?? 1));
  });
}

/** True when `cmd args` exits 0 (output discarded). */
export function succeeds(cmd, args, env = process.env) {
  return spawnSync(cmd, args, { stdio: 'ignore', env }).status === 0;
}
