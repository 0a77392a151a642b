/**
 * The prefix a judge reads for a window: the document's own prefix. A task document whose prompt
 * wraps a document prefix (a rewriter task: "rewrite this ending of this text") names that prefix in
 * `meta.judge_prefix`, so a judge scoring a sampled rewrite reads the text it continues, not the
 * rewrite instructions; any other window is judged on its prefix as cut.
 */
export function judgePrefix(prefix: string, meta: Record<string, unknown> | undefined): string {
  const p = meta?.judge_prefix;
  return typeof p === 'string' ? p : prefix;
}
