import { definePlugin, type DocumentSource } from '@spt/core';
import { createTestbedSource } from '../generate/testbed-source';
import { createFactTaskSource } from '../generate/fact-task-source';
import { dataOptionsSchema, type DataOptions } from '../world/options';
import { worldFor } from './shared-world';

/** `data testbed { ... }`: the synthetic biography corpus, streamed and resumable. */
export const testbedDataPlugin = definePlugin<DocumentSource, DataOptions>({
  manifest: {
    name: 'testbed',
    kind: 'data',
    version: '0.1.0',
    description: 'synthetic biographies of invented people with annotated myths, unsafe passages and low-quality text',
    options: dataOptionsSchema,
  },
  create(options, ctx) {
    const { epochs, order, task, ...world } = options;
    const built = worldFor(ctx, world, 'data testbed');
    return task === 'facts' ? createFactTaskSource(built, { epochs }) : createTestbedSource(built, { epochs, order });
  },
});
