/** A JSON object found inside free text, with where it sits. */
export interface FoundJson {
  value: Record<string, unknown>;
  start: number;
  /** Index just past the closing brace. */
  end: number;
}

/** Index just past the brace that closes the object opening at `start`, or -1. String-aware. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Parses JSON, forgiving trailing commas (a common model slip). */
function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return undefined;
    }
  }
}

/**
 * Every top-level JSON object in a model's answer (inside code fences, after prose, several in a
 * row), in order. Text that is not valid JSON is skipped.
 */
export function findJsonObjects(text: string): FoundJson[] {
  const found: FoundJson[] = [];
  let i = text.indexOf('{');
  while (i >= 0) {
    const end = closingBrace(text, i);
    if (end < 0) break;
    const value = parseLenient(text.slice(i, end));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      found.push({ value: value as Record<string, unknown>, start: i, end });
      i = text.indexOf('{', end);
    } else {
      i = text.indexOf('{', i + 1);
    }
  }
  return found;
}

/** The value of the first key (case-insensitive, ignoring spaces/underscores) among `keys`. */
export function pick(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  const norm = (k: string) => k.toLowerCase().replace(/[\s_-]/g, '');
  const wanted = new Set(keys.map(norm));
  for (const [k, v] of Object.entries(obj)) if (wanted.has(norm(k))) return v;
  return undefined;
}
