import { SptError, type PluginContext } from '@spt/core';
import { buildWorld } from '../world/build-world';
import { resolveWorldConfig, type WorldConfig } from '../world/options';
import type { World } from '../world/types';

/** The ctx.shared key of a world: one world per distinct configuration in a run. */
export function worldKey(config: WorldConfig): string {
  return `@spt/testbed:world:${JSON.stringify(config)}`;
}

function given(options: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
}

/**
 * The world a testbed plugin works on. When the run's data is `testbed`, its options define the
 * world (the judges must know the facts the corpus was written from); a judge or rewriter given
 * world options of its own that disagree is an error. Otherwise the plugin's own options define it.
 * Built once per run through ctx.shared.
 */
export function worldFor(ctx: PluginContext | undefined, own: Record<string, unknown> | undefined, plugin: string): World {
  const data = ctx?.config?.data;
  const mine = given(own);
  let config: WorldConfig;
  if (data?.plugin === 'testbed') {
    config = resolveWorldConfig(data.options ?? {});
    if (Object.keys(mine).length > 0 && JSON.stringify(resolveWorldConfig(mine)) !== JSON.stringify(config)) {
      throw new SptError({
        code: 'testbed.world_mismatch',
        what: `${plugin} was given world options that differ from the run's \`data testbed\` options`,
        expected: `the world of data testbed ${JSON.stringify(data.options ?? {})}`,
        got: JSON.stringify(mine),
        fix: `remove the options of ${plugin} (it uses the data plugin's world), or make them equal`,
      });
    }
  } else {
    config = resolveWorldConfig(mine);
  }
  return ctx ? ctx.shared(worldKey(config), () => buildWorld(config)) : buildWorld(config);
}
