/**
 * A secret read from the environment when the run starts: `env("OPENAI_API_KEY")` in a recipe
 * compiles to `{ $env: "OPENAI_API_KEY" }`. The runtime replaces markers with the variable's value
 * (see resolveEnvRefs) right before creating the plugin, so keys never sit in recipes or configs.
 */
export interface EnvRef {
  $env: string;
}

/** True for an env marker. */
export function isEnvRef(value: unknown): value is EnvRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as EnvRef).$env === 'string'
  );
}

/** The marker for an environment variable. */
export function envRef(name: string): EnvRef {
  return { $env: name };
}

/**
 * Replaces every env marker inside plugin options with `lookup(name)`. Returns the names that
 * were not set (their markers become undefined) so the caller can fail with a clear message.
 */
export function resolveEnvRefs(
  value: unknown,
  lookup: (name: string) => string | undefined,
): { value: unknown; missing: string[] } {
  const missing: string[] = [];
  const walk = (v: unknown): unknown => {
    if (isEnvRef(v)) {
      const found = lookup(v.$env);
      if (found === undefined) missing.push(v.$env);
      return found;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value), missing };
}

/** For validation without the secret: markers become a placeholder string. */
export function placeholderEnvRefs(value: unknown): unknown {
  return resolveEnvRefs(value, (name) => `<env ${name}>`).value;
}
