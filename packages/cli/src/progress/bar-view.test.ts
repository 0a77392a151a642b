import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@spt/core';
import { barView } from './views';

/** A terminal stand-in: records what cli-progress writes (ANSI codes included). */
function fakeTerminal() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = 160;
  return { stream, text: () => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') };
}

const step = (n: number): RunEvent => ({
  type: 'step',
  step: n,
  totalSteps: 3,
  phase: 'main',
  arm: 'sip',
  metrics: { step: n, phase: 'main', arm: 'sip', time: n * 2000, values: { 'tokens/update': 1000, 'judge/calls': 10 } },
});

describe('barView', () => {
  it('draws a bar with step, phase/arm, ETA and rates, and logs other events above it', () => {
    const term = fakeTerminal();
    const view = barView(term.stream);
    view.onEvent({ type: 'run-start', name: 'r', totalSteps: 3 });
    view.onEvent({ type: 'phase-start', phase: 'main', arm: 'sip', steps: 3 });
    for (const n of [1, 2, 3]) view.onEvent(step(n));
    view.onEvent({ type: 'checkpoint', step: 3, dir: '/r/ckpt-3' });
    view.close();
    const text = term.text();
    expect(text).toContain('phase sip/main: 3 steps');
    expect(text).toContain('checkpoint at step 3: /r/ckpt-3');
    expect(text).toMatch(/3\/3 100% \| sip\/main \| ETA 0s \| 500 tok\/s \| 5\.0 judge\/s/);
  });
});
