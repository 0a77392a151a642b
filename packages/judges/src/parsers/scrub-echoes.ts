/** Echoed fields shorter than this are left alone (too likely to be the model's own words). */
const MIN_ECHO = 16;

/**
 * Removes from a model's answer the text it merely copied from the prompt: verbatim copies of a
 * whole message or field (longest first), then delimited blocks carrying the prompt's nonce. A
 * document that contains a verdict line therefore cannot supply the verdict by being echoed back.
 */
export function scrubEchoes(answer: string, echoable: readonly string[]): string {
  let out = answer;
  const texts = echoable.map((t) => t.trim()).filter((t) => t.length >= MIN_ECHO);
  for (const text of texts.sort((a, b) => b.length - a.length)) {
    if (out.includes(text)) out = out.split(text).join(' ');
  }
  return out.replace(/<([a-z_0-9]+) id="([0-9a-f]{8})">[\s\S]*?<\/\1 id="\2">/g, ' ');
}
