import { SptError } from '../errors';
import type { RunState } from '../spec/checkpoint-store';
import type { CostLedgerState } from '../spec/cost-ledger';
import type { PreparedStep } from './sip-step';
import type { FeedState } from './window-feed';

/** What the training loop keeps in a checkpoint's RunState.extra. */
export interface LoopExtra {
  feed: FeedState;
  /** Spend of the run's judge/rewriter models (when a completion model keeps a ledger). */
  costLedger?: CostLedgerState;
  /** staleness 1: the next step, already generated and judged. */
  pending?: PreparedStep;
  /** True in the checkpoint written when the scope (shared phases or an arm) finished. */
  done: boolean;
  /** Complete lines of the scope's pools.jsonl at the checkpoint (the pool log's resume offset). */
  poolsOffset?: number;
}

/**
 * The loop's part of a checkpoint, read back: the one place the stored JSON becomes a LoopExtra.
 * A checkpoint without it (or with a broken one) is an error naming the checkpoint's step.
 */
export function loopExtra(state: RunState): LoopExtra {
  const extra = state.extra as Partial<LoopExtra> | undefined;
  if (!extra || typeof extra.done !== 'boolean' || !extra.feed || typeof extra.feed !== 'object') {
    throw new SptError({
      code: 'checkpoint.corrupt',
      what: `the checkpoint at step ${state.step}${state.arm ? ` (arm ${state.arm})` : ''} lacks the training loop's state (its data position and whether its part of the run ended)`,
      expected: 'a checkpoint written by spt run',
      got: JSON.stringify(extra ?? null).slice(0, 120),
      fix: 'resume from another checkpoint (delete this one), or start the run in a new folder',
    });
  }
  return extra as LoopExtra;
}

/** A LoopExtra as RunState.extra stores it. */
export const storedExtra = (extra: LoopExtra): Record<string, unknown> => ({ ...extra });
