import type { PointwiseJudge } from '../spec/judge';

/**
 * The unanimous verdict of label judges on one ending: 'yes' when every judge scores it at least
 * 0.5, 'no' when every judge scores it below, undefined when they disagree or one abstains (the
 * paper kept only suffixes with unanimous safety labels).
 */
export async function unanimous(judges: readonly PointwiseJudge[], input: { prefix: string; candidate: string; reference?: string; meta?: Record<string, unknown> }, seed: number): Promise<'yes' | 'no' | undefined> {
  let yes = 0;
  for (const j of judges) {
    const v = await j.judge(input, { seed, sample: 0, aspect: 'label' });
    if (!v.ok) return undefined;
    if (v.score >= 0.5) yes++;
  }
  return yes === judges.length ? 'yes' : yes === 0 ? 'no' : undefined;
}
