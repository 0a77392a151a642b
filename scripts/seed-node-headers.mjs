#!/usr/bin/env node
// Native addons (better-sqlite3, tfjs-node) compile with node-gyp, which downloads Node's headers
// unless they are in its cache. Where this Node installation ships its headers (Debian's
// /usr/include/node, or <prefix>/include/node of an official tarball), seed node-gyp's cache from
// them so an offline install works. Harmless where the cache is already filled.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const version = process.version.slice(1);
const candidates = [
  process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
  join(dirname(dirname(process.execPath)), 'include', 'node'),
  '/usr/include/node',
].filter(Boolean);
const headers = candidates.find((dir) => existsSync(join(dir, 'node_version.h')));
const cacheRoot = process.env.npm_config_devdir ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'node-gyp');
const target = join(cacheRoot, version);
if (!headers) {
  console.log('[spt] no local Node headers found; node-gyp will download them if it needs them');
} else if (!existsSync(join(target, 'installVersion'))) {
  mkdirSync(join(target, 'include'), { recursive: true });
  if (!existsSync(join(target, 'include', 'node'))) symlinkSync(headers, join(target, 'include', 'node'));
  writeFileSync(join(target, 'installVersion'), '11\n');
  console.log(`[spt] seeded node-gyp headers for Node ${version} from ${headers}`);
}
