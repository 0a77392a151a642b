import { describe, expect, it } from 'vitest';
import { SptError } from '@spt/core';
import { cli } from './__fixtures__/cli';
import { EXIT } from './exit-codes';

describe('spt program', () => {
  it('--help lists the commands, the global --json flag and the exit codes', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(EXIT.ok);
    const help = out.join('\n');
    expect(help).toMatch(/^Usage: spt \[options\] \[command\]/);
    expect(help).toMatch(/^ {2}run \[options\] \[recipe\] /m);
    expect(help).toMatch(/^ {2}plugins \[options\] \[name\] /m);
    expect(help).toMatch(/--json +machine-readable output/);
    expect(help).toContain('Exit codes: 0 ok, 1 failed, 2 bad input (usage, recipe, plugin or option), 130 interrupted');
  });

  it('exits 2 on an unknown command, suggesting the closest one', async () => {
    const { code, err } = await cli(['plugin']);
    expect(code).toBe(EXIT.badInput);
    expect(err.join('\n')).toBe("error: unknown command 'plugin'\n(Did you mean plugins?)");
  });

  it('prints usage errors as JSON with --json', async () => {
    const { code, out } = await cli(['--json', 'run', '--resume', '--fresh']);
    expect(code).toBe(EXIT.badInput);
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { type: 'error', code: 'cli.usage', message: "option '--resume' cannot be used with option '--fresh'" },
    ]);
  });

  it('maps an SptError from a command to exit 2 and other errors to exit 1', async () => {
    const bad = await cli(['plugins'], {
      loadPlugins: async () => {
        throw new SptError({ code: 'plugin.package-not-found', what: 'plugin package "x" could not be found', fix: 'npm install x' });
      },
    });
    expect(bad.code).toBe(EXIT.badInput);
    expect(bad.err).toEqual(['error: plugin package "x" could not be found\n  fix: npm install x']);
    const crash = await cli(['plugins'], {
      loadPlugins: async () => {
        throw new TypeError('boom');
      },
    });
    expect(crash.code).toBe(EXIT.failed);
    expect(crash.err).toEqual(['error: boom']);
  });
});
