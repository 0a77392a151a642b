import fs from 'node:fs';
import { SptError, type ChatMessage } from '@spt/core';
import { fastHash, shortHash } from '../util/hash';

/** A judge or rewriter prompt: optional system text and a user text with `{{field}}` slots. */
export interface PromptTemplate {
  /** Changes whenever the text changes (`quality-v1`, or `file:<hash>` for a template file). */
  version: string;
  system?: string;
  user: string;
  /** `default` or the file it came from, for messages. */
  source: string;
}

const SLOT = /\{\{\s*([a-z_0-9]+)\s*\}\}/g;

/**
 * Reads a template file. Plain text is the user message; lines `[system]` and `[user]` split it
 * into sections. Every `{{slot}}` must be one the judge fills, and the required ones must appear.
 */
export function loadPromptTemplate(file: string, slots: { required: readonly string[]; allowed: readonly string[] }): PromptTemplate {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new SptError({
      code: 'prompt.unreadable',
      what: `prompt_file ${file} cannot be read`,
      expected: 'a UTF-8 text file',
      got: (cause as NodeJS.ErrnoException).code ?? 'an unreadable file',
      fix: 'correct prompt_file (relative paths start at the recipe folder)',
      cause,
    });
  }
  const template = parseTemplateText(text, file);
  checkSlots(template, file, slots);
  return template;
}

/** Splits template text into system and user sections; the version is a hash of the text. */
export function parseTemplateText(text: string, source: string): PromptTemplate {
  const sections: Record<string, string[]> = {};
  let current = 'user';
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const header = /^\[(system|user)\]\s*$/.exec(line.trim());
    if (header) current = header[1];
    else (sections[current] ??= []).push(line);
  }
  const system = sections.system?.join('\n').trim();
  return { version: `file:${shortHash(text)}`, system: system || undefined, user: (sections.user ?? []).join('\n').trim(), source };
}

function checkSlots(template: PromptTemplate, file: string, slots: { required: readonly string[]; allowed: readonly string[] }): void {
  const used = new Set([...`${template.system ?? ''}\n${template.user}`.matchAll(SLOT)].map((m) => m[1]));
  for (const name of used) {
    if (!slots.allowed.includes(name)) {
      throw new SptError({
        code: 'prompt.unknown-slot',
        what: `prompt_file ${file} uses an unknown slot {{${name}}}`,
        expected: `slots among ${slots.allowed.map((s) => `{{${s}}}`).join(', ')}`,
        got: `{{${name}}}`,
        fix: 'rename the slot or remove it',
      });
    }
  }
  const missing = slots.required.filter((s) => !used.has(s));
  if (missing.length > 0) {
    throw new SptError({
      code: 'prompt.missing-slot',
      what: `prompt_file ${file} never shows ${missing.map((s) => `{{${s}}}`).join(', ')}`,
      expected: `every one of ${slots.required.map((s) => `{{${s}}}`).join(', ')}`,
      got: used.size ? [...used].map((s) => `{{${s}}}`).join(', ') : 'no slots',
      fix: 'add the missing slots where the judge should see that text',
    });
  }
}

/** A template text split at its slots: texts[0] slot[0] texts[1] ... (compiled once per template). */
interface Compiled {
  texts: string[];
  slots: string[];
}
const compiled = new WeakMap<PromptTemplate, { system?: Compiled; user: Compiled }>();

function compile(text: string): Compiled {
  const texts: string[] = [];
  const slots: string[] = [];
  let at = 0;
  for (const m of text.matchAll(SLOT)) {
    texts.push(text.slice(at, m.index));
    slots.push(m[1]);
    at = (m.index ?? 0) + m[0].length;
  }
  texts.push(text.slice(at));
  return { texts, slots };
}

/**
 * Fills the template. Each text goes into a delimited field whose tags carry a nonce derived from
 * all field texts, so a document cannot close its field and pose as instructions. `inline` slots
 * (short values such as a length) are written as they are, without a field.
 */
export function renderPrompt(template: PromptTemplate, fields: Record<string, string>, inline: Record<string, string> = {}): ChatMessage[] {
  let c = compiled.get(template);
  if (!c) compiled.set(template, (c = { system: template.system ? compile(template.system) : undefined, user: compile(template.user) }));
  let joined = '';
  for (const k in fields) joined += `${k}\u0000${fields[k]}\u0001`;
  const nonce = fastHash(joined).slice(0, 8);
  const fill = ({ texts, slots }: Compiled) => {
    let out = texts[0];
    for (let i = 0; i < slots.length; i++) {
      const name = slots[i];
      out += name in inline ? inline[name] : `<${name} id="${nonce}">\n${fields[name] ?? ''}\n</${name} id="${nonce}">`;
      out += texts[i + 1];
    }
    return out;
  };
  const messages: ChatMessage[] = [];
  if (c.system) messages.push({ role: 'system', content: fill(c.system) });
  messages.push({ role: 'user', content: fill(c.user) });
  return messages;
}
