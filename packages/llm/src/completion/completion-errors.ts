import { SptError } from '@spt/core';

/**
 * A non-retryable HTTP answer (4xx other than 408/425/429): the request or setup is wrong. Codes:
 * `completion.auth` (401/403), `completion.not-found` (404), `completion.http` (others).
 */
export function httpStatusError(status: number, endpoint: string, model: string, body: string): SptError {
  const fixes: Record<number, string> = {
    401: 'set the environment variable named by api_key_env to a valid key for this server',
    403: 'check that the key named by api_key_env may use this model',
    404: `check base_url (it usually ends in /v1) and that the server serves model "${model}"`,
  };
  const code = status === 401 || status === 403 ? 'completion.auth' : status === 404 ? 'completion.not-found' : 'completion.http';
  return new SptError({
    code,
    what: `completion server ${endpoint} refused the request for model "${model}" with HTTP ${status}`,
    expected: 'a 2xx answer',
    got: `HTTP ${status}${body ? `: ${snippet(body)}` : ''}`,
    fix: fixes[status] ?? 'check the model options (structured, extra_body, max_tokens) against what the server accepts',
  });
}

/** Retries gave up: the server kept failing, timing out or answering garbage. */
export function unavailableError(model: string, attempts: number, last: string): SptError {
  return new SptError({
    code: 'completion.unavailable',
    what: `completion model ${model} failed ${attempts} attempt(s)`,
    expected: 'a well-formed answer within the timeout',
    got: last,
    fix: 'check that the server is up and not overloaded; raise timeout or retries, or lower concurrency',
  });
}

/** The caller (the run) cancelled the request. */
export function abortedError(model: string, cause?: unknown): SptError {
  return new SptError({ code: 'completion.aborted', what: `request to ${model} was cancelled`, cause });
}

/** A short, single-line excerpt of a body for a message (never headers). */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}
