import { hasPrefix } from '../world/build-world';
import { BIOGRAPHY_TEMPLATES } from '../world/templates';
import type { Template } from '../world/template';
import type { World } from '../world/types';
import { matchSentence, type SentenceMatch } from './matcher';

/**
 * Matches a sentence body against the biography grammar of a world: a name cut at the end must
 * be the start of a real name. `partial`: the body may stop anywhere.
 */
export function bioMatch(world: World, body: string, partial: boolean, templates: readonly Template[] = BIOGRAPHY_TEMPLATES): SentenceMatch | undefined {
  return matchSentence(body, templates, partial, (visible) => hasPrefix(world.sortedNames, visible));
}
