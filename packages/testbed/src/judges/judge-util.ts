/** The document's person from window meta (`meta.person`), if it is a number. */
export function personHint(meta: Record<string, unknown> | undefined): number | undefined {
  const p = meta?.person;
  return typeof p === 'number' && Number.isInteger(p) ? p : undefined;
}

/** Version tag of the testbed's judging rules; changes whenever a rule changes. */
export const TESTBED_RULES_VERSION = 'testbed-rules-1';

/** Runs a judgment; an unexpected error becomes an abstention (data), never a throw. */
export async function guarded<T>(run: () => T, fail: (reason: string) => T): Promise<T> {
  try {
    return run();
  } catch (error) {
    return fail(`testbed judge failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
