import { SptError, type SptErrorDetails } from '@spt/core';
import { TORCH_PROTOCOL_VERSION, type WorkerErrorPayload, type WorkerHello } from './protocol';

/** An SptError raised in (or about) the Python worker, with the Python traceback when there is one. */
export class TorchWorkerError extends SptError {
  /** Python traceback (or the tail of the worker's stderr for a crash). */
  readonly traceback?: string;
  /** Rank that failed, under torchrun. */
  readonly rank?: number;
  /** Python exception class, e.g. 'OutOfMemoryError'. */
  readonly pythonType?: string;

  constructor(details: SptErrorDetails & { traceback?: string; rank?: number; pythonType?: string }) {
    super(details);
    this.name = 'TorchWorkerError';
    this.traceback = details.traceback;
    this.rank = details.rank;
    this.pythonType = details.pythonType;
  }
}

/** The worker's error reply as a typed error; the traceback travels on `.traceback` and in the message. */
export function errorFromPayload(p: WorkerErrorPayload, op: string): TorchWorkerError {
  const where = p.rank > 0 ? ` (rank ${p.rank})` : '';
  const fallbackFix = p.code === 'backend.worker_error' ? 'see the Python traceback below; it names the failing line' : undefined;
  const err = new TorchWorkerError({
    code: p.code,
    what: `torch worker, ${op}${where}: ${p.what}`,
    expected: p.expected ?? undefined,
    got: p.got ?? undefined,
    fix: p.fix ?? fallbackFix,
    traceback: p.traceback,
    rank: p.rank,
    pythonType: p.type,
  });
  if (p.code === 'backend.worker_error' || p.code === 'backend.oom') err.message += `\n  python traceback:\n${indent(p.traceback)}`;
  return err;
}

/** The worker process ended while requests were pending (or before it said hello). */
export function crashError(exit: { code: number | null; signal: string | null }, op: string | undefined, stderrTail: string): TorchWorkerError {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const tb = lastTraceback(stderrTail);
  return new TorchWorkerError({
    code: 'backend.worker_crashed',
    what: `the torch worker ${how}${op ? ` during ${op}` : ''}`,
    got: tb ? `python traceback:\n${indent(tb)}` : stderrTail ? `worker stderr (last lines):\n${indent(stderrTail)}` : 'no output on stderr',
    fix: "the run's last checkpoint is intact: fix the cause above (out of memory? see docs/backends.md), then continue with `spt run <recipe> --resume`",
    traceback: tb ?? stderrTail,
  });
}

/** Hello with another protocol version: say which side to upgrade. */
export function protocolMismatch(hello: WorkerHello, workerDir: string): TorchWorkerError {
  const workerOlder = hello.protocol < TORCH_PROTOCOL_VERSION;
  return new TorchWorkerError({
    code: 'backend.protocol_mismatch',
    what: `the torch worker speaks protocol ${hello.protocol}, this @spt/backends speaks ${TORCH_PROTOCOL_VERSION}`,
    expected: `protocol ${TORCH_PROTOCOL_VERSION}`,
    got: `protocol ${hello.protocol} (spt_torch_worker ${hello.worker})`,
    fix: workerOlder
      ? `upgrade the Python worker (spt_torch_worker ${hello.worker}): use the copy shipped with this client in ${workerDir} (unset SPT_TORCH_WORKER_DIR, or pip install it from there into the worker's Python)`
      : 'upgrade @spt/backends (the TS client) to the release that ships this worker, or install the worker that matches this client',
  });
}

/** The last "Traceback (most recent call last):" block of a text, if any. */
export function lastTraceback(text: string): string | undefined {
  const at = text.lastIndexOf('Traceback (most recent call last):');
  return at < 0 ? undefined : text.slice(at).trimEnd();
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
