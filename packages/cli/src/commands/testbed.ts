import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Option } from 'commander';
import { SptError } from '@spt/core';
import { buildWorld, createTestbedSource, dataOptionsSchema, poolProfile } from '@spt/testbed';
import type { CliCommand } from '../command';
import { formatTable } from '../format-table';
import { filterPools, readPoolLog } from '../inspect/read-pools';
import { compileRecipeFile, defaultRecipePath } from '../recipe';
import { configForRunDir } from '../run/run-seed';

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
    testbed
      .command('pools')
      .description("what the logged pools' candidates say (claims, false claims, claim-free share, defects) for the chosen, the rejected and all, per source")
      .argument('[recipe]', 'the recipe the run was made from, with `data testbed` (default: the quick start)')
      .option('--run-dir <dir>', 'the run folder (default: runs/<recipe name>)')
      .option('--arm <name>', 'only this arm (`shared` for the shared phases)')
      .option('--from-step <n>', 'only pools logged at or after this global step', wholeNumber('--from-step', 0))
      .action(async (recipeArg: string | undefined, opts: { runDir?: string; arm?: string; fromStep?: number }) => {
        const recipe = await compileRecipeFile(ctx, recipeArg ? path.resolve(ctx.cwd, recipeArg) : defaultRecipePath());
        const runDir = path.resolve(ctx.cwd, opts.runDir ?? path.join('runs', recipe.config.name));
        const { config } = configForRunDir(recipe.config, runDir);
        if (config.data.plugin !== 'testbed') {
          throw new SptError({ code: 'cli.testbed-pools', what: `recipe ${recipe.file} reads data ${config.data.plugin}, not testbed`, expected: 'a recipe with `data testbed { ... }`', got: config.data.plugin, fix: 'use `spt inspect` for pools of other data' });
        }
        const { epochs: _e, order: _o, ...worldOptions } = dataOptionsSchema.parse(config.data.options ?? {});
        const records = filterPools(await readPoolLog(runDir), { arm: opts.arm }).filter((r) => r.step >= (opts.fromStep ?? 0));
        const rows = poolProfile(buildWorld(worldOptions), records);
        if (ctx.json) return ctx.out(JSON.stringify({ type: 'testbed-pools', runDir, pools: records.length, rows }));
        const f = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(3));
        const table = [['group', 'candidates', 'new true claims', 'false claims', 'claim-free', 'defects', 'unsafe', 'tokens', 'reward']];
        for (const r of rows) table.push([r.group, String(r.candidates), f(r.newTrueClaims), f(r.falseClaims), f(r.claimFree), f(r.defects), f(r.unsafe), r.tokens.toFixed(1), f(r.reward)]);
        ctx.out(`${records.length} logged pools of ${runDir}${opts.arm ? ` (arm ${opts.arm})` : ''}\n${formatTable(table).join('\n')}`);
      });
  },
};
