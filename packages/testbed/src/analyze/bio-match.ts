import { hasPrefix } from '../world/build-world';
import { BIOGRAPHY_TEMPLATES } from '../world/templates';
import type { Template } from '../world/template';
import type { World } from '../world/types';
import { matchSentence, type SentenceMatch } from './matcher';

/**
 * Matches a sentence body against the biography grammar of a world. `partial`: the body may
 * stop anywhere, and then names in it must be real (or, cut at the end, start a real one).
 */
export function bioMatch(world: World, body: string, partial: boolean, templates: readonly Template[] = BIOGRAPHY_TEMPLATES): SentenceMatch | undefined {
  return matchSentence(body, templates, partial, (visible, cut) => (cut ? hasPrefix(world.sortedNames, visible) : world.byName.has(visible)));
}
