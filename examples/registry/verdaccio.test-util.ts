import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { repo } from '../pack-install.test-util';

/** A running local npm registry (verdaccio) with one user whose token may publish. */
export interface LocalRegistry {
  url: string;
  /** An .npmrc with the user's token for this registry only. */
  npmrc: string;
  /** Stops the registry; safe to call more than once. */
  stop(): Promise<void>;
  /** The registry's log so far (for failure messages). */
  log(): string;
  /** A package's registry document (what `npm view` reads), or undefined when it is not there. */
  packument(name: string): Promise<Packument | undefined>;
}

export interface Packument {
  versions: Record<string, { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> }>;
}

/** GET a JSON document on a fresh connection (verdaccio closes idle keep-alive sockets under a client). */
function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    }).on('error', reject);
  });
}

/** Package names served only from this registry (publishable there); every other name is proxied. */
const LOCAL = ['@spt/*', 'spt-judge-lexical', 'spt-shaper-informative', 'spt-plugin-tutorial'];

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The registry npm itself uses here (the user's setting), as verdaccio's uplink. */
function upstreamRegistry(): string {
  const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  const url = r.stdout.trim();
  if (r.status !== 0 || !/^https?:\/\//.test(url)) throw new Error(`npm config get registry failed: ${r.stderr || url}`);
  return url;
}

function config(dir: string): string {
  const local = LOCAL.map((name) => `  '${name}':\n    access: $all\n    publish: $authenticated\n`).join('');
  return [
    `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
    'uplinks:',
    '  upstream:',
    `    url: ${JSON.stringify(upstreamRegistry())}`,
    '    timeout: 120s',
    'packages:',
    local.trimEnd(),
    "  '**':",
    '    access: $all',
    '    proxy: upstream',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 60_000; ) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with code ${child.exitCode}:\n${log()}`);
    const ok = await fetch(`${url}-/ping`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`verdaccio did not answer on ${url} within 60 s:\n${log()}`);
}

/** Registers a user through the registry's adduser endpoint and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'spt-publisher';
  const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'local-registry-only', type: 'user', roles: [] }),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || !body.token) throw new Error(`adduser on ${url} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Starts verdaccio (the workspace's devDependency) on 127.0.0.1 with config, storage and log in `dir`. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const bin = path.join(repo, 'node_modules/verdaccio/bin/verdaccio');
  if (!existsSync(bin)) throw new Error('verdaccio is missing: run `pnpm install` at the workspace root (it is a devDependency)');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  writeFileSync(path.join(dir, 'config.yaml'), config(dir));
  const logFile = path.join(dir, 'verdaccio.log');
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [bin, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    out.end();
  };
  try {
    await waitUntilUp(url, child, log);
    const token = await addUser(url);
    const npmrc = path.join(dir, 'publish.npmrc');
    writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`);
    const packument = async (name: string) => {
      const { status, body } = await getJson(`${url}${name.replace('/', '%2f')}`);
      return status === 200 ? (body as Packument) : undefined;
    };
    return { url, npmrc, stop, log, packument };
  } catch (error) {
    await stop();
    throw error;
  }
}
