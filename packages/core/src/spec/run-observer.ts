import type { MetricsRecord } from './metrics-sink';

/** Typed events an embedder or the CLI receives while a run progresses. */
export type RunEvent =
  /** `resumedFrom`: the shared checkpoint's global step; `completed`: steps already done over the shared phases and every arm. */
  | { type: 'run-start'; name: string; totalSteps: number; resumedFrom?: number; completed?: number }
  | { type: 'phase-start'; phase: string; arm?: string; steps: number }
  | { type: 'step'; step: number; totalSteps: number; phase: string; arm?: string; metrics: MetricsRecord }
  | { type: 'checkpoint'; step: number; dir: string }
  | { type: 'eval'; step: number; arm?: string; results: Record<string, number> }
  | { type: 'warning'; code: string; message: string }
  | { type: 'log'; message: string }
  | { type: 'run-end'; step: number; status: 'completed' | 'aborted' | 'failed'; runDir: string };

export interface RunObserver {
  onEvent(event: RunEvent): void;
}
