import fs from 'node:fs';

/**
 * Runs `load` with the process's native stderr (fd 2) pointed at /dev/null, then puts it back.
 * TensorFlow's C++ library writes start-up lines straight to fd 2 when it loads (absl's "All log
 * messages before absl::InitializeLog()" and the oneDNN notice), ignoring TF_CPP_MIN_LOG_LEVEL;
 * users of `spt` should not see them. Node has no dup2, so the original stream is reopened
 * through /proc/self/fd. Where that is impossible (no /proc, stderr is a socket), where it could
 * reorder output (stderr is a regular file, whose offset a reopened descriptor would not share
 * with stdout after `> log 2>&1`), or when SPT_DEBUG=1 asks for TensorFlow's own logging, `load`
 * runs unchanged.
 */
export async function withQuietNativeStderr<T>(load: () => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  if (env.SPT_DEBUG === '1' || process.platform !== 'linux') return load();
  let saved: number;
  try {
    if (fs.fstatSync(2).isFile()) return load();
    saved = fs.openSync('/proc/self/fd/2', 'a');
  } catch {
    return load();
  }
  let redirected = false;
  try {
    fs.closeSync(2);
    const nul = fs.openSync('/dev/null', 'a');
    redirected = nul === 2;
    if (!redirected) fs.closeSync(nul);
    return await load();
  } finally {
    if (redirected) fs.closeSync(2);
    // The lowest free descriptor is 2 again: reopen the original stream there.
    const back = fs.openSync(`/proc/self/fd/${saved}`, 'a');
    if (back !== 2) fs.closeSync(back);
    fs.closeSync(saved);
  }
}
