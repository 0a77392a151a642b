import path from 'node:path';
import { closest, SptError, type PluginManifest, type PluginPackage } from '@spt/core';
import { pluginOrigins } from '../builtins';
import type { CliCommand, CliContext } from '../command';
import { formatTable } from '../format-table';
import { optionRows, optionsJsonSchema } from '../plugin-options';

interface PluginsOptions {
  use?: string[];
  kind?: string;
}

/** One plugin with the package it came from and its options as JSON Schema (for --json). */
function pluginJson(m: PluginManifest, pkg: PluginPackage | undefined) {
  return {
    type: 'plugin',
    name: m.name,
    kind: m.kind,
    version: m.version,
    description: m.description,
    modes: m.judge?.modes,
    package: pkg ? { name: pkg.name, version: pkg.version } : undefined,
    options: optionsJsonSchema(m),
  };
}

function modes(m: PluginManifest): string {
  return m.judge ? m.judge.modes.join('+') : '';
}

function listText(ctx: CliContext, manifests: PluginManifest[], origins: Map<string, PluginPackage>, kind?: string): void {
  const kinds = [...new Set(manifests.map((m) => m.kind))].sort();
  if (kinds.length === 0) ctx.out(kind ? `no plugins of kind ${kind} loaded (add a package with --use <package>)` : 'no plugins loaded');
  for (const kind of kinds) {
    ctx.out(`${kind}:`);
    const rows = manifests
      .filter((m) => m.kind === kind)
      .map((m) => [m.name, modes(m), origins.get(`${m.kind}:${m.name}`)?.name ?? '', m.description]);
    for (const line of formatTable(rows, '  ')) ctx.out(line);
  }
}

function detailText(ctx: CliContext, m: PluginManifest, pkg: PluginPackage | undefined): void {
  const from = pkg ? ` from ${pkg.name}@${pkg.version}` : '';
  ctx.out(`${m.name} (${m.kind}${m.judge ? `, ${m.judge.modes.join(' and ')}` : ''}) v${m.version}${from}`);
  ctx.out(`  ${m.description}`);
  const schema = optionsJsonSchema(m);
  const rows = schema ? optionRows(schema) : [];
  if (!schema) ctx.out('options: (not describable: the plugin\'s zod has no toJSONSchema)');
  else if (rows.length === 0) ctx.out('options: none');
  else {
    ctx.out('options:');
    const cells = rows.map((r) => [
      r.name,
      r.type,
      r.required ? 'required' : r.default !== undefined ? `default ${JSON.stringify(r.default)}` : 'optional',
      r.description ?? '',
    ]);
    for (const line of formatTable(cells, '  ')) ctx.out(line);
  }
}

/** `spt plugins [name]`: the loaded plugins by kind, or one plugin's options. */
export const pluginsCommand: CliCommand = {
  name: 'plugins',
  register(program, ctx) {
    program
      .command('plugins')
      .description('list the loaded plugins by kind, or show one plugin\'s options')
      .argument('[name]', 'a plugin name, e.g. testbed.quality')
      .option('--use <package...>', 'also load these plugin packages (npm names or paths, resolved from the current folder)')
      .option('--kind <kind>', 'only plugins of this kind (judge, policy, data, rewriter, ...)')
      .action(async (name: string | undefined, opts: PluginsOptions) => {
        const packages = await ctx.loadPlugins(opts.use ?? [], path.resolve(ctx.cwd));
        const origins = pluginOrigins(packages);
        const all = packages.flatMap((p) => p.plugins.map((d) => d.manifest));
        const manifests = all
          .filter((m) => !opts.kind || m.kind === opts.kind)
          .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
        if (name === undefined) {
          if (ctx.json) for (const m of manifests) ctx.out(JSON.stringify(pluginJson(m, origins.get(`${m.kind}:${m.name}`))));
          else listText(ctx, manifests, origins, opts.kind);
          return;
        }
        const found = manifests.filter((m) => m.name === name);
        if (found.length === 0) {
          const names = [...new Set(manifests.map((m) => m.name))].sort();
          const suggestion = closest(name, names);
          throw new SptError({
            code: 'plugin.unknown',
            what: `no loaded plugin is named "${name}"`,
            expected: names.length ? `one of: ${names.join(', ')}` : 'a plugin name (none is loaded)',
            got: name,
            fix: suggestion ? `did you mean "${suggestion}"?` : 'load its package with --use <package>',
          });
        }
        for (const m of found) {
          const pkg = origins.get(`${m.kind}:${m.name}`);
          if (ctx.json) ctx.out(JSON.stringify(pluginJson(m, pkg)));
          else detailText(ctx, m, pkg);
        }
      });
  },
};
