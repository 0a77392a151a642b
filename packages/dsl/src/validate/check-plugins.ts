import type { PluginKind, PluginManifest, PluginRef, PluginRegistry } from '@spt/core';
import { didYouMean, placeholderEnvRefs, unknownPluginError, validateOptions } from '@spt/core';
import type { IssueSink } from './issues';

/** The option names of a manifest whose schema is a zod object (for did-you-mean). */
export function optionNames(manifest: PluginManifest): string[] {
  const shape = (manifest.options as unknown as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

/**
 * Checks one plugin reference against the registry: the plugin exists under this kind (else a
 * did-you-mean, or a note that it is a plugin of another kind) and its options pass the
 * manifest's schema. Returns the manifest and the parsed options (defaults filled) when valid.
 */
export function checkPlugin(
  sink: IssueSink,
  registry: PluginRegistry,
  kind: PluginKind,
  ref: PluginRef,
  path: string,
  /** Where the plugin's options sit: `<path>.options` for a recipe line, `<path>` for a nested `{ plugin, ... }`. */
  optionsAt = `${path}.options`,
): { manifest: PluginManifest; options?: Record<string, unknown> } | undefined {
  if (!ref.plugin) return undefined;
  if (!registry.has(kind, ref.plugin)) {
    const elsewhere = registry.manifests().find((m) => m.name === ref.plugin);
    const err = unknownPluginError(kind, ref.plugin, registry.manifests(kind).map((m) => m.name));
    const mine = registry.manifests(kind).map((m) => m.name);
    sink.error('plugin.unknown', `${path}.plugin`, elsewhere ? `"${ref.plugin}" is a ${elsewhere.kind} plugin, not a ${kind} plugin` : err.what, {
      expected: err.expected,
      fix: elsewhere ? (mine.length ? `use a ${kind} plugin: ${mine.join(', ')}` : `load a package with a ${kind} plugin (use "<package>")`) : err.fix,
    });
    return undefined;
  }
  const manifest = registry.get(kind, ref.plugin).manifest;
  const result = validateOptions(manifest, placeholderEnvRefs(ref.options));
  if (result.ok) {
    checkNestedRefs(sink, registry, manifest, ref.options ?? {}, optionsAt);
    return { manifest, options: result.value as Record<string, unknown> };
  }
  const names = optionNames(manifest);
  for (const issue of result.issues) {
    const at = issue.path ? `${optionsAt}.${issue.path}` : optionsAt;
    if (issue.message.startsWith('unknown option')) {
      const key = issue.path.split('.').pop() ?? issue.path;
      sink.error('option.unknown', at, issue.message, {
        expected: names.length ? `one of: ${names.join(', ')}` : issue.expected,
        fix: didYouMean(key, names) || `remove it (see \`spt plugins ${manifest.name}\` for the options)`,
        atKey: true,
      });
      continue;
    }
    const label = issue.path || 'options';
    const reason = issue.message.replace(/^Invalid input: /, '');
    sink.error('plugin.option', at, `invalid option "${label}" for ${manifest.name}: ${reason}${issue.got ? ` (got ${issue.got})` : ''}`, {
      expected: issue.expected,
      fix: `correct ${label} (see \`spt plugins ${manifest.name}\` for the options)`,
    });
  }
  return { manifest };
}

/** The plugins an option names (the manifest's `refs`), each checked like a recipe line. */
function checkNestedRefs(sink: IssueSink, registry: PluginRegistry, manifest: PluginManifest, options: Record<string, unknown>, optionsAt: string): void {
  for (const [option, kind] of Object.entries(manifest.refs ?? {})) {
    const value = options[option];
    const entries = Array.isArray(value) ? value.map((v, i) => [v, `${optionsAt}.${option}.${i}`] as const) : value === undefined ? [] : [[value, `${optionsAt}.${option}`] as const];
    for (const [entry, at] of entries) {
      if (!entry || typeof entry !== 'object' || typeof (entry as { plugin?: unknown }).plugin !== 'string') continue; // the schema reported it
      const { plugin, ...rest } = entry as { plugin: string } & Record<string, unknown>;
      checkPlugin(sink, registry, kind, { plugin, options: rest }, at, at);
    }
  }
}
