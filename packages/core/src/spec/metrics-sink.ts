/** One row of metrics: numbers by name, plus step and phase. */
export interface MetricsRecord {
  step: number;
  phase: string;
  arm?: string;
  /** Unix ms. */
  time: number;
  values: Record<string, number>;
}

/** Receives per-step metrics (JSONL file, TensorBoard, console...). */
export interface MetricsSink {
  readonly name: string;
  write(record: MetricsRecord): void | Promise<void>;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}
