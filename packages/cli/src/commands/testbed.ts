import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Option } from 'commander';
import { SptError } from '@spt/core';
import { buildWorld, createTestbedSource, dataOptionsSchema } from '@spt/testbed';
import type { CliCommand } from '../command';

interface ExportOptions {
  docs: number;
  out: string;
  seed?: number;
  size?: string;
  set: string[];
  order: 'shuffled' | 'sequential';
  meta: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function wholeNumber(flag: string, min: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new SptError({ code: 'cli.option', what: `invalid ${flag}`, expected: `a whole number >= ${min}`, got: value, fix: `e.g. ${flag} 1000` });
    }
    return n;
  };
}

/** `--set key=value` pairs as testbed options; values are JSON when they parse, else strings. */
export function parseSets(sets: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new SptError({ code: 'cli.option', what: 'invalid --set', expected: 'key=value, e.g. --set people=120', got: s, fix: 'write the option name, "=", then its value' });
    const raw = s.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare word such as `medium` stays a string
    }
    out[s.slice(0, eq)] = value;
  }
  return out;
}

/** Validated data options of the testbed from the command line. */
export function exportDataOptions(opts: Pick<ExportOptions, 'seed' | 'size' | 'set' | 'order'>) {
  const raw = { ...parseSets(opts.set), ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.size === undefined ? {} : { size: opts.size }), order: opts.order };
  const parsed = dataOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    throw new SptError({
      code: 'cli.option',
      what: `invalid testbed option "${key}": ${issue.message}`,
      expected: 'an option of `data testbed` (see `spt plugins testbed`)',
      got: JSON.stringify(raw),
      fix: 'correct the --set value',
    });
  }
  return parsed.data;
}

/** `spt testbed export --docs N --out corpus.jsonl`: the testbed corpus as JSON lines. */
export const testbedCommand: CliCommand = {
  name: 'testbed',
  register(program, ctx) {
    const testbed = program.command('testbed').description('the synthetic testbed world (see docs/testbed.md)');
    testbed
      .command('export')
      .description('write testbed documents as JSON lines {id, text, meta}, in the order a run with `data testbed` streams them')
      .requiredOption('--docs <n>', 'number of documents', wholeNumber('--docs', 1))
      .requiredOption('-o, --out <file>', 'output file (.jsonl)')
      .option('--seed <seed>', 'world seed', wholeNumber('--seed', 0))
      .addOption(new Option('--size <size>', 'world size preset').choices(['tiny', 'small', 'medium', 'large']))
      .option('--set <key=value>', 'any other `data testbed` option (repeat), e.g. --set unsafe=0.3', collect, [])
      .addOption(new Option('--order <order>', 'document order').choices(['shuffled', 'sequential']).default('shuffled'))
      .option('--no-meta', 'leave out the defect annotations')
      .action(async (opts: ExportOptions) => {
        const options = exportDataOptions(opts);
        const { epochs, order, ...worldOptions } = options;
        const world = buildWorld(worldOptions);
        const stream = createTestbedSource(world, { epochs, order }).open();
        const file = path.resolve(ctx.cwd, opts.out);
        await mkdir(path.dirname(file), { recursive: true });
        const out = createWriteStream(file);
        let bytes = 0;
        let written = 0;
        for (; written < opts.docs; written++) {
          const doc = await stream.next();
          if (!doc) break;
          const line = `${JSON.stringify(opts.meta ? doc : { id: doc.id, text: doc.text })}\n`;
          bytes += Buffer.byteLength(line);
          if (!out.write(line)) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
        const summary = { type: 'testbed-export', file, documents: written, bytes, people: world.people.length, corpus_documents: world.totalDocs };
        if (ctx.json) ctx.out(JSON.stringify(summary));
        else ctx.out(`wrote ${written} documents (${bytes} bytes) to ${file}: a world of ${world.people.length} people, ${world.totalDocs} documents per pass`);
      });
  },
};
