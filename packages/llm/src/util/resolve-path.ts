import path from 'node:path';
import type { PluginContext } from '@spt/core';

/** Resolves a file named in a recipe against the recipe's folder (or the working directory). */
export function resolveRecipePath(file: string, ctx?: Pick<PluginContext, 'config'>): string {
  if (path.isAbsolute(file)) return file;
  const recipe = ctx?.config?.source?.file;
  return path.resolve(recipe ? path.dirname(recipe) : process.cwd(), file);
}
