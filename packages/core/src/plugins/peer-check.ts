import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { SptError } from '../errors';

interface PackageJson {
  name?: string;
  version?: string;
  peerDependencies?: Record<string, string>;
}

/** The nearest package.json at or above `from` (a file or folder), with its path. */
function nearestPackageJson(from: string, name?: string): { file: string; json: PackageJson } | undefined {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (name === undefined || json.name === name) return { file, json };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

let cached: string | undefined;
/** The version of the @spt/core that is running (its own package.json). */
export function coreVersion(): string {
  cached ??= nearestPackageJson(fileURLToPath(import.meta.url), '@spt/core')?.json.version ?? '0.0.0';
  return cached;
}

/**
 * A plugin package built against another @spt/core than the one running is refused with the fix:
 * its `peerDependencies["@spt/core"]` range must include the running version. Packages that
 * declare no range (local folders) pass.
 */
export function checkCorePeer(specifier: string, entry: string, running: string = coreVersion()): void {
  const pkg = nearestPackageJson(entry);
  const range = pkg?.json.peerDependencies?.['@spt/core'];
  if (!range || range.startsWith('workspace:')) return;
  if (semver.validRange(range) === null) {
    throw new SptError({
      code: 'plugin.peer-range',
      what: `plugin package "${specifier}" declares an unreadable @spt/core range "${range}" (${pkg!.file})`,
      expected: 'a semver range such as ^0.1.0',
      got: range,
      fix: `ask the package's author to fix peerDependencies["@spt/core"] in ${pkg!.json.name ?? specifier}`,
    });
  }
  if (!semver.satisfies(running, range, { includePrerelease: true })) {
    throw new SptError({
      code: 'plugin.peer-mismatch',
      what: `plugin package "${specifier}"${pkg!.json.version ? ` ${pkg!.json.version}` : ''} needs @spt/core ${range}, but @spt/core ${running} is running`,
      expected: `@spt/core ${range}`,
      got: running,
      fix: `install a version of ${pkg!.json.name ?? specifier} built for @spt/core ${running} (npm install ${pkg!.json.name ?? specifier}@latest), or install @spt/core matching ${range}`,
    });
  }
}
