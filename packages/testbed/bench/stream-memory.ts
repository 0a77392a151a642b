/**
 * Streams documents from the testbed source and prints heap use as it goes: the stream keeps only
 * its position, so memory stays flat however many documents pass. Also times the judges.
 *
 *   npx tsx --tsconfig tsconfig.json packages/testbed/bench/stream-memory.ts --docs 1000000
 */
import { parseArgs } from 'node:util';
import { analyze, buildWorld, createQualityJudge, createTestbedSource, oracleRewrite } from '@spt/testbed';

const { values: arg } = parseArgs({ options: { docs: { type: 'string', default: '1000000' }, size: { type: 'string', default: 'large' } } });
const total = Number(arg.docs);
const world = buildWorld({ size: arg.size as 'large', seed: 1 });
const stream = createTestbedSource(world, { epochs: 0, order: 'shuffled' }).open();
const mb = () => (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1);
console.log(`world: ${world.people.length} people, ${world.totalDocs} documents per pass; heap after build ${mb()} MiB`);
const t0 = Date.now();
let bytes = 0;
const windows: Array<{ prefix: string; suffix: string; person: number }> = [];
for (let i = 1; i <= total; i++) {
  const doc = (await stream.next())!;
  bytes += doc.text.length;
  if (i % 500 === 0 && windows.length < 2000 && doc.text.length > 100) windows.push({ prefix: doc.text.slice(0, 60), suffix: doc.text.slice(60, 124), person: doc.meta!.person as number });
  if (i % (total / 10) === 0) console.log(`${i} documents, ${(bytes / 2 ** 20).toFixed(0)} MiB of text, heap ${mb()} MiB, ${Math.round(i / ((Date.now() - t0) / 1000))} docs/s`);
}
console.log(`cursor: ${JSON.stringify(stream.cursor())}`);

const t1 = Date.now();
for (const w of windows) analyze(world, { prefix: w.prefix, candidate: w.suffix, person: w.person });
const analyses = windows.length / ((Date.now() - t1) / 1000);
const quality = createQualityJudge(world, 'full');
const t2 = Date.now();
for (let i = 1; i < windows.length; i++) await quality.compare({ prefix: windows[i].prefix, first: windows[i].suffix, second: windows[i - 1].suffix, meta: { person: windows[i].person } }, { seed: 1, sample: 0 });
const compares = (windows.length - 1) / ((Date.now() - t2) / 1000);
const t3 = Date.now();
for (const w of windows) oracleRewrite(world, { prefix: w.prefix, suffix: w.suffix, person: w.person }, 1);
const rewrites = windows.length / ((Date.now() - t3) / 1000);
console.log(`judging (K=64 windows): ${Math.round(analyses)} analyses/s (safety or factuality call), ${Math.round(compares)} quality comparisons/s, ${Math.round(rewrites)} oracle rewrites/s`);
