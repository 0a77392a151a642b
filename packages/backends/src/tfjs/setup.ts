import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SptError } from '@spt/core';
import { backendsPackageDir } from '../package-dir';

/** What `spt setup tfjs` found or built. */
export interface TfjsSetupResult {
  /** tfjs-node's native addon (tfjs_binding.node), which loads now. */
  addon: string;
  /** false when the addon loaded already and nothing was done. */
  built: boolean;
  /** The cached TensorFlow C library it was built against (Linux x86-64). */
  library?: string;
}

export interface SetupOptions {
  /** Receives each line of progress and build output. */
  log?: (line: string) => void;
  /** Environment of the build (PATH, SPT_CACHE_DIR, XDG_CACHE_HOME, SPT_TF_WHEEL_VERSION); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Folder to resolve @tensorflow/tfjs-node from; default the @spt/backends package. */
  from?: string;
}

/** The exports of scripts/setup-tfjs.mjs used here (plain JS, so the workspace postinstall runs it unbuilt). */
interface SetupScript {
  setupTfjs(options: SetupOptions & { rerun: string }): Promise<TfjsSetupResult>;
  checkTfjs(options: Omit<SetupOptions, 'log'>): { addon?: string; loads: boolean };
  SetupError: new (what: string, fix: string) => Error & { fix: string };
}

/** The setup script shipped in @spt/backends (`scripts/setup-tfjs.mjs`). */
export function tfjsSetupScript(): string {
  const dir = backendsPackageDir();
  if (!dir) {
    throw new SptError({
      code: 'setup.tfjs_script',
      what: 'cannot find the folder of the @spt/backends package',
      expected: 'scripts/setup-tfjs.mjs inside @spt/backends',
      got: 'no @spt/backends package.json above its code',
      fix: 'install @spt/backends again',
    });
  }
  return path.join(dir, 'scripts', 'setup-tfjs.mjs');
}

const loadScript = async (): Promise<SetupScript> => (await import(/* @vite-ignore */ pathToFileURL(tfjsSetupScript()).href)) as SetupScript;

/** Whether tfjs-node's native addon loads, without building anything (`addon` is undefined when tfjs-node is missing). */
export async function checkTfjs(options: Omit<SetupOptions, 'log'> = {}): Promise<{ addon?: string; loads: boolean }> {
  return (await loadScript()).checkTfjs(options);
}

/**
 * Makes the TF.js backend's native engine load: builds the addon of the @tensorflow/tfjs-node
 * that @spt/backends resolves (from PyPI's tensorflow-cpu wheel on Linux x86-64, cached in
 * ~/.cache/spt), or does nothing when it loads already. Build output goes to `log`; a failure is
 * an SptError with its fix.
 */
export async function setupTfjs(options: SetupOptions = {}): Promise<TfjsSetupResult> {
  const script = await loadScript();
  try {
    return await script.setupTfjs({ ...options, rerun: 'spt setup tfjs' });
  } catch (error) {
    if (!(error instanceof script.SetupError)) throw error;
    throw new SptError({ code: 'setup.tfjs', what: error.message, fix: error.fix, cause: error });
  }
}
