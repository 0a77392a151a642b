import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SptError } from '@spt/core';
import type { LaunchCommand } from './launch';
import { TORCH_PROTOCOL_VERSION, type WorkerHello, type WorkerReply } from './protocol';
import { crashError, errorFromPayload, protocolMismatch, type TorchWorkerError } from './worker-errors';

export interface WorkerClientOptions {
  /** The command for a given socket path. */
  launch(socketPath: string): LaunchCommand;
  startupTimeoutMs: number;
  /** Where the worker's stdout/stderr lines go (besides the tail kept for crash reports). */
  log?(line: string): void;
  /** Shown in protocol-mismatch messages. */
  workerDir: string;
}

/** Timing of one call: the worker's own time for the op and the full round trip seen here. */
export interface CallTiming {
  workerMs: number;
  roundTripMs: number;
}

interface Pending {
  op: string;
  resolve(value: { result: unknown; timing: CallTiming }): void;
  reject(err: unknown): void;
  started: number;
}

/**
 * One running worker (a single process, or torchrun and its ranks) and the socket to its rank 0.
 * Requests carry ids and may overlap; the worker runs them in order. Crash, exit or a broken
 * socket rejects every pending call with a TorchWorkerError holding the Python traceback.
 */
export class TorchWorkerClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exit?: { code: number | null; signal: string | null };
  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: net.Socket,
    private readonly dir: string,
    /** The worker's last output lines (shared with the stream readers set up in start). */
    private readonly tail: string[],
    readonly hello: WorkerHello,
  ) {}

  /** Spawns the worker, waits for it to connect and greet, and checks the protocol version. */
  static async start(o: WorkerClientOptions): Promise<TorchWorkerClient> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-torch-'));
    const socketPath = path.join(dir, 'worker.sock');
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
    const cmd = o.launch(socketPath);
    const child = spawn(cmd.command, cmd.args, { env: { ...process.env, ...cmd.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 400) tail.shift();
      o.log?.(line);
    };
    forwardLines(child.stdout, onLine);
    forwardLines(child.stderr, onLine);
    try {
      const socket = await connection(server, child, o.startupTimeoutMs, () => tail.join('\n'));
      const lines = lineReader(socket);
      const hello = (await firstLine(lines, child, o.startupTimeoutMs, () => tail.join('\n'))) as WorkerHello;
      if (hello?.type !== 'hello') throw new SptError({ code: 'backend.protocol', what: 'the torch worker did not greet with a hello', got: JSON.stringify(hello).slice(0, 200), fix: 'check SPT_TORCH_WORKER_DIR / the python option point at spt_torch_worker' });
      if (hello.protocol !== TORCH_PROTOCOL_VERSION) throw protocolMismatch(hello, o.workerDir);
      const client = new TorchWorkerClient(child, socket, dir, tail, hello);
      client.attach(lines);
      return client;
    } catch (err) {
      child.kill('SIGKILL');
      server.close();
      await rm(dir, { recursive: true, force: true });
      throw err;
    } finally {
      server.close();
    }
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** Sends one request; resolves with its result, or rejects with a TorchWorkerError. */
  call<T>(op: string, fields: Record<string, unknown> = {}, signal?: AbortSignal): Promise<{ result: T; timing: CallTiming }> {
    if (this.exit) return Promise.reject(crashError(this.exit, op, this.tailText()));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = <V>(f: (v: V) => void) => (v: V) => {
        signal?.removeEventListener('abort', onAbort);
        f(v);
      };
      this.pending.set(id, { op, resolve: done(resolve as Pending['resolve']), reject: done(reject), started: performance.now() });
      this.socket.write(`${JSON.stringify({ id, op, ...fields })}\n`);
    });
  }

  /** Asks the worker to shut down, waits for it (then SIGTERM, then SIGKILL) and removes the socket folder. */
  async close(timeoutMs = 15_000): Promise<void> {
    if (!this.exit) {
      const exited = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
      await Promise.race([this.call('shutdown').catch(() => undefined), delay(timeoutMs)]);
      this.socket.end();
      if (!(await Promise.race([exited.then(() => true), delay(timeoutMs).then(() => false)]))) {
        this.child.kill('SIGTERM');
        if (!(await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]))) this.child.kill('SIGKILL');
        await exited;
      }
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private attach(lines: AsyncIterable<string>): void {
    this.child.once('close', (code, signal) => this.onExit({ code, signal }));
    this.socket.once('close', () => {
      // The worker's end closed: it is exiting (or stuck); make sure the exit event comes.
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      this.child.once('close', () => clearTimeout(timer));
    });
    void (async () => {
      for await (const line of lines) this.onReply(JSON.parse(line) as WorkerReply);
    })().catch(() => undefined);
  }

  private onReply(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    const timing = { workerMs: reply.ms, roundTripMs: performance.now() - p.started };
    if (reply.ok) p.resolve({ result: reply.result, timing });
    else p.reject(errorFromPayload(reply.error, p.op));
  }

  private onExit(exit: { code: number | null; signal: string | null }): void {
    this.exit = exit;
    const text = this.tailText();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (p.op === 'shutdown' && exit.code === 0) p.resolve({ result: {}, timing: { workerMs: 0, roundTripMs: 0 } });
      else p.reject(crashError(exit, p.op, text));
    }
  }

  private tailText(): string {
    return this.tail.slice(-60).join('\n');
  }
}

export type { TorchWorkerError };

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let buf = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    buf += chunk;
    let at: number;
    while ((at = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, at).replace(/\r$/, ''));
      buf = buf.slice(at + 1);
    }
  });
}

/** Lines of a socket as an async iterable (one JSON message per line). */
async function* lineReader(socket: net.Socket): AsyncGenerator<string> {
  let buf = '';
  socket.setEncoding('utf8');
  for await (const chunk of socket) {
    buf += chunk as string;
    let at: number;
    while ((at = buf.indexOf('\n')) >= 0) {
      yield buf.slice(0, at);
      buf = buf.slice(at + 1);
    }
  }
}

/** Resolves with the worker's connection; rejects if it exits, fails to spawn or times out. */
function connection(server: net.Server, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(startupTimeout(timeoutMs, tail())), timeoutMs);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    };
    server.once('connection', (socket) => {
      clearTimeout(timer);
      resolve(socket);
    });
    child.once('error', (err) => fail(new SptError({ code: 'backend.torch_python', what: `cannot start the torch worker: ${err.message}`, fix: 'check the python option (or run `spt setup torch`)', cause: err })));
    child.once('close', (code, signal) => fail(crashError({ code, signal }, 'startup', tail())));
  });
}

async function firstLine(lines: AsyncGenerator<string>, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(startupTimeout(timeoutMs, tail())), timeoutMs);
  });
  const exited = new Promise<never>((_, reject) => child.once('close', (code, signal) => reject(crashError({ code, signal }, 'startup', tail()))));
  exited.catch(() => undefined); // it may settle after the race is over
  try {
    const first = await Promise.race([lines.next(), timeout, exited]);
    return first.done ? undefined : JSON.parse(first.value);
  } finally {
    clearTimeout(timer);
  }
}

function startupTimeout(ms: number, tail: string): SptError {
  return new SptError({
    code: 'backend.worker_timeout',
    what: `the torch worker did not connect within ${Math.round(ms / 1000)} s`,
    got: tail ? `worker output (last lines):\n${tail}` : 'no output',
    fix: 'raise startup_timeout_s (big models load slowly; torchrun waits for every node), or check the output above',
  });
}
