/**
 * Child process of the kill/resume tests: runs a RunConfig (JSON file, argv[2]) into a run folder
 * (argv[3]) with the plugin packages named in argv[4..] ('testing', 'testbed', 'backends'), and
 * prints every run event as one JSON line on stdout.
 * Run with: node --import tsx packages/core/src/run/__fixtures__/run-child.ts config.json runDir testing
 */
import { readFile } from 'node:fs/promises';
import type { PluginPackage } from '../../spec/plugin';
import type { RunConfig } from '../../spec/run-config';
import { testingPlugins } from '../../testing/plugins';
import { createRun } from '../create-run';

const [configFile, runDir, ...names] = process.argv.slice(2);
const config = JSON.parse(await readFile(configFile, 'utf8')) as RunConfig;
const plugins: PluginPackage[] = [];
for (const name of names) {
  if (name === 'testing') plugins.push(testingPlugins);
  // Other packages load by specifier (resolved through the workspace's tsconfig paths under tsx).
  else plugins.push(((await import(name)) as { default: PluginPackage }).default);
}
const handle = createRun(config, {
  plugins,
  runDir,
  handleSignals: true,
  observers: [{ onEvent: (e) => process.stdout.write(`${JSON.stringify(e)}\n`) }],
});
const result = await handle.result();
if (result.error) process.stderr.write(`${result.error.stack}\n`);
process.exitCode = result.status === 'completed' ? 0 : 1;
