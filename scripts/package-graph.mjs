#!/usr/bin/env node
// Prints the dependency graph of the workspace's @spt packages (from each package.json: dependencies,
// peerDependencies, optional ones; devDependencies are left out, they do not ship), in layers: a
// package depends only on packages of lower layers. Exits 1 naming the packages of a cycle.
//   node scripts/package-graph.mjs [--json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dirs = fs.readdirSync(path.join(root, 'packages')).filter((d) => fs.existsSync(path.join(root, 'packages', d, 'package.json')));
const pkgs = dirs.map((d) => JSON.parse(fs.readFileSync(path.join(root, 'packages', d, 'package.json'), 'utf8')));
const names = new Set(pkgs.map((p) => p.name));
const deps = new Map(
  pkgs.map((p) => [p.name, [...new Set(Object.keys({ ...p.dependencies, ...p.peerDependencies, ...p.optionalDependencies }).filter((n) => names.has(n)))].sort()]),
);

// Layers: each package one above the highest layer it depends on.
const layer = new Map();
const visiting = new Set();
function depth(name, trail) {
  if (layer.has(name)) return layer.get(name);
  if (visiting.has(name)) {
    console.error(`dependency cycle: ${[...trail.slice(trail.indexOf(name)), name].join(' -> ')}`);
    process.exit(1);
  }
  visiting.add(name);
  const d = Math.max(-1, ...deps.get(name).map((n) => depth(n, [...trail, name]))) + 1;
  visiting.delete(name);
  layer.set(name, d);
  return d;
}
for (const name of [...names].sort()) depth(name, []);

const layers = [];
for (const [name, d] of layer) (layers[d] ??= []).push(name);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ layers: layers.map((l) => l.sort()), dependencies: Object.fromEntries([...deps].sort()) }, null, 2));
} else {
  layers.forEach((l, i) => {
    console.log(`layer ${i}`);
    for (const name of l.sort()) console.log(`  ${name}${deps.get(name).length ? ` -> ${deps.get(name).join(', ')}` : ''}`);
  });
  console.log('no cycle; every package depends only on packages of lower layers');
}
