#!/usr/bin/env node
import { runCli } from './program';

// The `spt` binary. Exit explicitly: a finished run may leave native thread pools (TF.js) alive.
const code = await runCli(process.argv.slice(2));
process.exit(code);
