import type { CompletionModel, PluginContext } from '@spt/core';
import { canonicalJson } from './util/hash';
import type { ModelRefOptions } from './model-ref';

interface Entry {
  /** Undefined once the last user released it: the next lease creates a fresh model. */
  model?: Promise<CompletionModel>;
  users: number;
}

/** A completion model borrowed from the run's shared store; `release` closes it after its last user. */
export interface ModelLease {
  model: CompletionModel;
  release(): Promise<void>;
}

/**
 * Creates (or reuses) the completion model a judge or rewriter names. Identical model options
 * give one shared model, so judges on the same server share its connections, concurrency limit
 * and circuit breaker instead of each opening their own.
 */
export async function leaseModel(ctx: Pick<PluginContext, 'shared' | 'create'>, ref: ModelRefOptions): Promise<ModelLease> {
  const { plugin, ...options } = ref;
  const entry = ctx.shared<Entry>(`spt.completion:${canonicalJson({ plugin, options })}`, () => ({ users: 0 }));
  entry.model ??= ctx.create('completion', { plugin, options });
  const model = await entry.model;
  entry.users++;
  let released = false;
  return {
    model,
    async release() {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      entry.model = undefined; // a later lease in this context gets a new model, not a closed one
      await model.close?.();
    },
  };
}
