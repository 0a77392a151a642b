import { definePluginPackage } from '@spt/core';
import { blocklistJudge } from './blocklist';
import { repetitionJudge } from './repetition';

export { blocklistJudge, blocklistPattern, createBlocklistJudge, type BlocklistOptions } from './blocklist';
export { createRepetitionJudge, novelNgramShare, repetitionJudge, type RepetitionOptions } from './repetition';

/**
 * The package spt loads for `use "spt-judge-lexical"`: its default export lists the plugins.
 * Recipes then name them, e.g. `judge repetition lexical.repetition { n: 3 }`.
 */
const lexical = definePluginPackage({
  name: 'spt-judge-lexical',
  version: '0.1.0',
  plugins: [repetitionJudge, blocklistJudge],
});
export default lexical;
