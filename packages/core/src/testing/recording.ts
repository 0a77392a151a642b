import type { CompletionModel, CompletionRequest, CompletionResult } from '../spec/completion-model';
import type { CheckpointInfo, CheckpointStore, RunState } from '../spec/checkpoint-store';
import type { MetricsRecord, MetricsSink } from '../spec/metrics-sink';
import type { RunEvent, RunObserver } from '../spec/run-observer';

/** One recorded method call. */
export interface RecordedCall {
  method: string;
  args: unknown[];
}

/**
 * Wraps any contract object so that every method call is recorded (in order) in `calls` and then
 * forwarded. Works for every spt contract (DocumentSource, Curriculum, Objective, JudgmentCache...).
 */
export function recordCalls<T extends object>(target: T): T & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (prop === 'calls') return calls;
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(prop), args });
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  }) as T & { calls: RecordedCall[] };
}

/** A CompletionModel answering from a list (cycled) or a function; requests are recorded. */
export function createRecordingCompletionModel(
  answers: readonly string[] | ((request: CompletionRequest, index: number) => string | Promise<string>),
  id = 'recording:model',
): CompletionModel & { requests: CompletionRequest[] } {
  const requests: CompletionRequest[] = [];
  return {
    name: 'recording',
    id,
    requests,
    async complete(request): Promise<CompletionResult> {
      const index = requests.push(request) - 1;
      const text = typeof answers === 'function' ? await answers(request, index) : answers[index % answers.length];
      return { text, model: id, usage: { promptTokens: 0, completionTokens: text.length }, finishReason: 'stop' };
    },
  };
}

/** A MetricsSink keeping every record. */
export function createRecordingMetricsSink(): MetricsSink & { records: MetricsRecord[] } {
  const records: MetricsRecord[] = [];
  return { name: 'recording', records, write: (r) => void records.push(r) };
}

/** A RunObserver keeping every event. */
export function createRecordingObserver(): RunObserver & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  return { events, onEvent: (e) => void events.push(e) };
}

/** A CheckpointStore in memory (states only; `write` gets a folder name it never creates). */
export function createMemoryCheckpointStore(): CheckpointStore & { saved: Array<{ info: CheckpointInfo; state: RunState }> } {
  const saved: Array<{ info: CheckpointInfo; state: RunState }> = [];
  return {
    saved,
    async save(name, state, write) {
      const info = { name, dir: `memory://${name}`, step: state.step, time: saved.length };
      await write(info.dir);
      saved.push({ info, state: structuredClone(state) });
      return info;
    },
    async latest() {
      return saved.length ? saved[saved.length - 1] : undefined;
    },
    async list() {
      return saved.map((s) => s.info).reverse();
    },
  };
}
