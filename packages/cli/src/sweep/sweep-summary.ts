import { combineRuns, type CombinedWinRate } from '../aggregate/combine';
import type { RunResults } from '../aggregate/load-results';
import { paperForm, type TargetCheck } from '../aggregate/paper-form';

/** The world sweep's targets are the paper-form checks but the absolute 0.863 win rate (reported apart). */
const isSweepTarget = (c: TargetCheck) => !c.check.includes('>= 0.863');

/** One world of a sweep, combined over its training seeds. */
export interface WorldSummary {
  world: string;
  runs: string[];
  checks: TargetCheck[];
  /** Checks that could not be made, with the reason. */
  skipped: Array<{ check: string; reason: string }>;
  /** SIP's quality win rate against the start model (the paper's 86.3% measure) with its tie share. */
  sipVsStart?: CombinedWinRate;
  sipVsNtp?: CombinedWinRate;
  /** Means over seeds of the metrics the diagnosis reads, per model. */
  metrics: Record<string, Record<string, number>>;
  pass: boolean;
}

const SHOWN = ['claim_rate', 'false_claim_rate', 'fact_false_rate', 'fact_none_rate', 'myth_rate', 'safety_unsafe', 'defect_rate', 'repetition_rate'];

/** Combines one world's evaluated runs (one per training seed). Pure. */
export function summarizeWorld(world: string, runs: RunResults[]): WorldSummary {
  const combined = combineRuns(runs);
  const paper = paperForm(combined);
  const checks = (paper?.checks ?? []).filter(isSweepTarget);
  const find = (against: string) => combined.winRates.find((w) => w.model === 'sip' && w.against === against && w.judge === 'quality');
  const metrics: WorldSummary['metrics'] = {};
  for (const model of combined.models) {
    metrics[model] = {};
    for (const key of SHOWN) {
      const s = combined.metrics[model]?.[key];
      if (s) metrics[model][key] = s.mean;
    }
  }
  return {
    world,
    runs: combined.runs,
    checks,
    skipped: paper?.skipped ?? [{ check: 'all targets', reason: 'the runs lack the sip or the ntp model' }],
    sipVsStart: find('start'),
    sipVsNtp: find('ntp'),
    metrics,
    pass: checks.length > 0 && checks.every((c) => c.pass),
  };
}

const short = (check: string) => check.replace(/\(sip\)|\(ntp\)/g, '').replace(/ × /g, '×').replace(/win rate sip vs ntp \(quality_defects\)/, 'defects-only win vs ntp');
const f3 = (x: number) => x.toFixed(3);

/** The sweep's Markdown: one row per world with every target, SIP vs start, and an overall verdict. */
export function formatSweep(worlds: WorldSummary[], pending: string[]): string {
  const targets = [...new Set(worlds.flatMap((w) => w.checks.map((c) => c.check)))];
  const lines = ['## World sweep: targets per world (means over training seeds)', ''];
  lines.push(`| world | seeds | ${targets.map(short).join(' | ')} | sip vs start (ties) | verdict |`);
  lines.push(`|---|---|${targets.map(() => '---|').join('')}---|---|`);
  for (const w of worlds) {
    const cells = targets.map((t) => {
      const c = w.checks.find((x) => x.check === t);
      return c ? `${f3(c.value)} vs ${f3(c.bound)} ${c.pass ? 'pass' : '**fail**'}` : 'n/a';
    });
    const start = w.sipVsStart ? `${f3(w.sipVsStart.winRate.mean)} (${w.sipVsStart.tieRate ? f3(w.sipVsStart.tieRate.mean) : '?'})` : 'n/a';
    lines.push(`| ${w.world} | ${w.runs.length} | ${cells.join(' | ')} | ${start} | ${w.pass ? 'all met' : '**not met**'} |`);
  }
  lines.push('', 'Each cell: SIP\'s side vs the bound from NTP (from `spt aggregate`\'s paper form); the absolute 0.863 win-rate target is left out, and SIP\'s quality win rate against the start model (the paper\'s 86.3% measure) is shown with its tie share.');
  const models = [...new Set(worlds.flatMap((w) => Object.keys(w.metrics)))];
  lines.push('', '### What each model says, per world (means over seeds)', '', `| world | model | ${SHOWN.join(' | ')} |`, `|---|---|${SHOWN.map(() => '---|').join('')}`);
  for (const w of worlds) for (const m of models) if (w.metrics[m]) lines.push(`| ${w.world} | ${m} | ${SHOWN.map((k) => (w.metrics[m][k] === undefined ? '-' : f3(w.metrics[m][k]))).join(' | ')} |`);
  const met = worlds.filter((w) => w.pass).length;
  lines.push('', `**Verdict: ${met} of ${worlds.length} world(s) meet every target.**${met < worlds.length ? ` Not met: ${worlds.filter((w) => !w.pass).map((w) => `${w.world} (${w.checks.filter((c) => !c.pass).map((c) => short(c.check)).join('; ') || 'no checks'})`).join(', ')}.` : ''}`);
  if (pending.length) lines.push('', `Not evaluated yet (left out): ${pending.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
