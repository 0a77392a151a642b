/** Echoed fields shorter than this are left alone (too likely to be the model's own words). */
const MIN_ECHO = 16;

/**
 * Removes from a model's answer the text it merely copied from the prompt's fields: delimited
 * blocks carrying the prompt's nonce, and verbatim copies of a whole field. A document that
 * contains a verdict line therefore cannot supply the verdict by being echoed back.
 */
export function scrubEchoes(answer: string, fields: readonly string[]): string {
  let out = answer.replace(/<([a-z_0-9]+) id="([0-9a-f]{8})">[\s\S]*?<\/\1 id="\2">/g, ' ');
  for (const field of fields) {
    const text = field.trim();
    if (text.length >= MIN_ECHO) out = out.split(text).join(' ');
  }
  return out;
}
