#!/usr/bin/env node
// The workspace's postinstall: builds the native addon of @tensorflow/tfjs-node with the script that
// @spt/backends ships (packages/backends/scripts/setup-tfjs.mjs, also `spt setup tfjs`), which takes
// the TensorFlow C library from PyPI's tensorflow-cpu wheel instead of tfjs-node's own download.
// Quick when the addon already loads. SPT_SKIP_TFJS_SETUP=1 skips it; see that script for the rest.
import { findTfjsNode, main } from '../packages/backends/scripts/setup-tfjs.mjs';

if (process.env.SPT_SKIP_TFJS_SETUP === '1') console.log('[spt setup-tfjs] skipped (SPT_SKIP_TFJS_SETUP=1)');
else if (!findTfjsNode()) console.log('[spt setup-tfjs] @tensorflow/tfjs-node is not installed: nothing to build');
else await main({ rerun: 'pnpm install' });
