import { definePluginPackage } from '@spt/core';
import { distinctWordsShaper } from './distinct-words';

export { createDistinctWordsShaper, distinctBonus, distinctWordsShaper, words, type DistinctWordsOptions } from './distinct-words';

/**
 * The package spt loads for `use "spt-shaper-informative"`. Recipes then chain the shaper after
 * their reward: `shape informative.distinct_words { weight: 0.2, cap: 24 }`.
 */
const informative = definePluginPackage({
  name: 'spt-shaper-informative',
  version: '0.1.0',
  plugins: [distinctWordsShaper],
});
export default informative;
