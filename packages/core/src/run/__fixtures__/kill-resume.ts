import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunConfig } from '../../spec/run-config';
import type { RunEvent } from '../../spec/run-observer';

const child = fileURLToPath(new URL('./run-child.ts', import.meta.url));
// tsx is a dev dependency of @spt/core: start the child from the package folder so --import finds it.
const coreDir = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs `config` in a child node process (tsx) and sends it `signal` (SIGKILL by default) as soon as
 * it reports a checkpoint at or after `killAfterCheckpoint` steps; the child handles SIGINT/SIGTERM. Resolves with the events it printed and how it
 * ended. Used by the kill/resume integration tests.
 */
export async function runChildAndKill(
  config: RunConfig,
  runDir: string,
  packages: string[],
  killAfterCheckpoint: number,
  signal: NodeJS.Signals = 'SIGKILL',
  options: { twice?: boolean } = {},
): Promise<{ events: RunEvent[]; signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  const configFile = path.join(path.dirname(runDir), `${path.basename(runDir)}.config.json`);
  await writeFile(configFile, JSON.stringify(config));
  const proc = spawn(process.execPath, ['--import', 'tsx', child, configFile, runDir, ...packages], {
    cwd: coreDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  const events: RunEvent[] = [];
  let stderr = '';
  let sent = false;
  proc.stderr.on('data', (d) => (stderr += String(d)));
  const lines = createInterface({ input: proc.stdout });
  lines.on('line', (line) => {
    const e = JSON.parse(line) as RunEvent;
    events.push(e);
    // Once: a second SIGINT/SIGTERM would make the child stop at once instead of finishing the step.
    if (e.type === 'checkpoint' && e.step >= killAfterCheckpoint && !sent) {
      sent = proc.kill(signal);
      if (options.twice) setTimeout(() => proc.exitCode === null && proc.kill(signal), 100);
    }
  });
  const [code, exitSignal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => proc.on('exit', (c, s) => resolve([c, s])));
  return { events, signal: exitSignal, code, stderr };
}
