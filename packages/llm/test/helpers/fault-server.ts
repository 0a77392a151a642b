import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type Fault =
  | { kind: 'ok'; text?: string; delayMs?: number; usage?: { prompt: number; completion: number } | null }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Never answers; the client must time out. */
  | { kind: 'hang' }
  /** Announces a longer body than it sends, then closes the connection. */
  | { kind: 'truncated' }
  /** A 200 whose body is not JSON. */
  | { kind: 'non-json' }
  /** A valid answer trickled out a few bytes at a time. */
  | { kind: 'slow'; text?: string; chunkBytes: number; everyMs: number }
  /** Drops the connection without an answer. */
  | { kind: 'reset' };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface FaultServer {
  /** Base URL ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** Faults for the next requests, in order; afterwards `fallback` applies. */
  script(...faults: Fault[]): void;
  fallback: Fault | ((req: RecordedRequest) => Fault);
  /** Most requests seen in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

function completionBody(req: RecordedRequest, text: string, usage: { prompt: number; completion: number } | null | undefined): string {
  const chat = req.path.endsWith('/chat/completions');
  const choice = chat ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' } : { index: 0, text, finish_reason: 'stop' };
  const u = usage === undefined ? { prompt: 10, completion: 5 } : usage;
  return JSON.stringify({
    id: 'x',
    object: chat ? 'chat.completion' : 'text_completion',
    model: String(req.body.model ?? ''),
    choices: [choice],
    ...(u ? { usage: { prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.prompt + u.completion } } : {}),
  });
}

/**
 * A local OpenAI-compatible server for fault-injection tests: it answers each request with the
 * next scripted fault (or the fallback), records requests and counts concurrency.
 */
export async function startFaultServer(fallback: FaultServer['fallback'] = { kind: 'ok', text: 'ok' }): Promise<FaultServer> {
  const queue: Fault[] = [];
  let inFlight = 0;
  const sockets = new Set<import('node:net').Socket>();
  const state: FaultServer = {
    url: '',
    requests: [],
    script: (...faults) => queue.push(...faults),
    fallback,
    maxInFlight: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const rec: RecordedRequest = { path: request.url ?? '', headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString() || '{}'), at: Date.now() };
      state.requests.push(rec);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      response.on('close', () => inFlight--);
      const fault = queue.shift() ?? (typeof state.fallback === 'function' ? state.fallback(rec) : state.fallback);
      serve(fault, rec, response);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

function serve(fault: Fault, req: RecordedRequest, res: http.ServerResponse): void {
  switch (fault.kind) {
    case 'ok': {
      const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(completionBody(req, fault.text ?? 'ok', fault.usage));
      if (fault.delayMs) setTimeout(send, fault.delayMs);
      else send();
      return;
    }
    case 'status':
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
      res.end(fault.body ?? JSON.stringify({ error: { message: `status ${fault.status}` } }));
      return;
    case 'hang':
      return;
    case 'truncated': {
      const body = completionBody(req, 'never complete', undefined);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, 20));
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    case 'non-json':
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      return;
    case 'slow': {
      const body = completionBody(req, fault.text ?? 'slow', undefined);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(body.slice(at, at + fault.chunkBytes));
        at += fault.chunkBytes;
        if (at >= body.length) {
          clearInterval(timer);
          res.end();
        }
      }, fault.everyMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'reset':
      res.socket?.destroy();
      return;
  }
}
