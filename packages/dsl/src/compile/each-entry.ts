import type { BlockNode, EntryNode } from '../ast/ast';
import type { Lowering } from './lowering';

/**
 * Walks the entries of a built-in block: reports keys given twice and keys not in `allowed`
 * (with a did-you-mean), records each value's span under `path.<key>` (or `paths[key]`), and
 * hands the rest to `each`.
 */
export function eachEntry(
  lo: Lowering,
  block: BlockNode | undefined,
  what: string,
  allowed: readonly string[],
  paths: Readonly<Record<string, string>>,
  each: (entry: EntryNode, key: string) => void,
): void {
  const seen = new Map<string, EntryNode>();
  for (const entry of block?.entries ?? []) {
    const key = entry.key.text;
    if (!allowed.includes(key)) {
      lo.unknownKey(`${what} option`, entry.key, allowed);
      continue;
    }
    const first = seen.get(key);
    if (first) {
      lo.error('option.duplicate', `option "${key}" is given twice`, entry.key.range, {
        expected: 'each option once',
        fix: `remove one of them (the first is on line ${first.key.range.start.line})`,
        path: paths[key],
      });
      continue;
    }
    seen.set(key, entry);
    if (paths[key]) {
      lo.spans.set(paths[key], entry.value.range);
      lo.spans.setKey(paths[key], entry.key.range);
    }
    each(entry, key);
  }
}

/** `{ k: 'p.k', ... }` for keys whose config path is `<prefix>.<camelCase key>`. */
export function pathsUnder(prefix: string, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, `${prefix}.${k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`]));
}
