import type { CorePluginContext } from '../run/plugin-context';
import type { DocumentSource } from '../spec/document-source';
import type { RunConfig } from '../spec/run-config';

const SOURCE_KEY = 'spt.data.source';

/**
 * The run's one data source (`data { ... }`), made once per run: training reads its train side and
 * the judged evaluation its held-out side, so a task source's corrupter and label models load once.
 * Whoever makes it first owns it (closes it); `ownsRunSource` tells the others, before they ask.
 */
export function runSource(config: RunConfig, ctx: CorePluginContext): Promise<DocumentSource> {
  return ctx.shared(SOURCE_KEY, () => ctx.registry.create<DocumentSource>('data', config.data, ctx));
}

/** Whether asking runSource now would make the source (no one in this context made it yet). */
export function ownsRunSource(ctx: CorePluginContext): boolean {
  return ctx.peekShared(SOURCE_KEY) === undefined;
}
