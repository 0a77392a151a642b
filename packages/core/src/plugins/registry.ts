import { injectable, multiInject, optional } from 'inversify';
import { SptError } from '../errors';
import type { PluginContext, PluginDefinition, PluginKind, PluginManifest, PluginTypes } from '../spec/plugin';
import { PluginDefinitions } from '../spec/plugin';
import { resolveEnvRefs } from '../spec/env-ref';
import type { PluginRef } from '../spec/run-config';
import { createPluginContext } from '../run/plugin-context';
import { closest } from '../util/closest';
import { validateOptions } from './validate-options';

/**
 * Every plugin definition loaded into the container, by kind and name. Plugin packages register
 * definitions through their ContainerModule; the registry finds, validates and creates them.
 */
@injectable()
export class PluginRegistry {
  private readonly byKey = new Map<string, PluginDefinition>();

  constructor(@multiInject(PluginDefinitions) @optional() definitions: PluginDefinition[] = []) {
    for (const d of definitions) this.byKey.set(key(d.manifest.kind, d.manifest.name), d);
  }

  /** Manifests of one kind (or all), sorted by name. */
  manifests(kind?: PluginKind): PluginManifest[] {
    return [...this.byKey.values()]
      .map((d) => d.manifest)
      .filter((m) => kind === undefined || m.kind === kind)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  has(kind: PluginKind, name: string): boolean {
    return this.byKey.has(key(kind, name));
  }

  /** The definition, or an SptError listing what exists and the closest name. */
  get(kind: PluginKind, name: string): PluginDefinition {
    const found = this.byKey.get(key(kind, name));
    if (found) return found;
    throw unknownPluginError(kind, name, this.manifests(kind).map((m) => m.name));
  }

  /**
   * Validates options and calls the factory; the result is typed by kind (PluginTypes). Without a
   * context (a plugin made outside a run, e.g. in a unit test) it gets a standalone one: seed 0,
   * process.env, nested plugins from this registry, logger, clock and rng bound, log lines dropped.
   */
  create<K extends PluginKind>(kind: K, ref: PluginRef, ctx?: PluginContext): Promise<PluginTypes[K]>;
  /** The same with an explicit type: a narrowing cast the caller answers for (e.g. to PointwiseJudge). */
  create<T>(kind: PluginKind, ref: PluginRef, ctx?: PluginContext): Promise<T>;
  async create(kind: PluginKind, ref: PluginRef, given?: PluginContext): Promise<unknown> {
    const ctx = given ?? createPluginContext({ registry: this, seed: 0, log: () => {}, warn: () => {} });
    const definition = this.get(kind, ref.plugin);
    // Secrets are written env("NAME") in recipes and resolved only here, at creation time.
    const env = resolveEnvRefs(ref.options, (name) => ctx.env?.(name));
    if (env.missing.length > 0) {
      throw new SptError({
        code: 'plugin.env-missing',
        what: `${kind} plugin "${ref.plugin}" needs the environment variable${env.missing.length > 1 ? 's' : ''} ${env.missing.join(', ')}, which ${env.missing.length > 1 ? 'are' : 'is'} not set`,
        expected: 'the variable set in the environment of the run',
        got: 'unset',
        fix: `export ${env.missing[0]}=... before running (secrets are never written in recipe files)`,
      });
    }
    const unbound = (definition.manifest.services ?? []).filter((t) => !ctx.hasService?.(t));
    if (unbound.length) {
      throw new SptError({
        code: 'plugin.service-unbound',
        what: `${kind} plugin "${ref.plugin}" needs the service${unbound.length > 1 ? 's' : ''} ${unbound.map((t) => `"${t.name}"`).join(', ')}, which ${unbound.length > 1 ? 'are' : 'is'} not bound in this run`,
        expected: 'every service the plugin lists in its manifest, bound in the run\'s container',
        got: unbound.map((t) => t.name).join(', '),
        fix: `bind it when embedding (createRun(config, { services: [provide(token, value)] })), or use the plugin where the run binds it (the core binds logger, clock, rng, tokenizer and, with judging.cache, judgment-cache)`,
      });
    }
    const result = validateOptions(definition.manifest, env.value);
    if (!result.ok) {
      const first = result.issues[0];
      throw new SptError({
        code: 'plugin.options',
        what: `invalid options for ${kind} plugin "${ref.plugin}"${first.path ? ` at "${first.path}"` : ''}: ${first.message}`,
        expected: first.expected,
        got: first.got,
        fix: `correct the option (see \`spt plugins ${ref.plugin}\` for its options)`,
      });
    }
    return definition.create(result.value, ctx);
  }
}

function key(kind: PluginKind, name: string): string {
  return `${kind}:${name}`;
}

/** The error for a plugin name nobody registered. */
export function unknownPluginError(kind: PluginKind, name: string, available: string[]): SptError {
  const suggestion = closest(name, available);
  return new SptError({
    code: 'plugin.unknown',
    what: `unknown ${kind} plugin "${name}"`,
    expected: available.length ? `one of: ${available.join(', ')}` : `a ${kind} plugin (none is loaded)`,
    got: name,
    fix: suggestion
      ? `did you mean "${suggestion}"?`
      : `load the package that provides it with \`use "<package>"\` in the recipe`,
  });
}
