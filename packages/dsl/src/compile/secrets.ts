/** Shapes of well-known API keys and tokens (vendor prefixes followed by a long random tail). */
const KEY_PATTERNS: readonly RegExp[] = [
  /^sk-(?:proj-|ant-|or-)?[A-Za-z0-9_-]{16,}$/, // OpenAI, Anthropic, OpenRouter
  /^(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}$/, // GitHub
  /^hf_[A-Za-z0-9]{20,}$/, // Hugging Face
  /^AKIA[0-9A-Z]{16}$/, // AWS access key id
  /^AIza[0-9A-Za-z_-]{30,}$/, // Google
  /^xox[abposr]-[A-Za-z0-9-]{10,}$/, // Slack
  /^gsk_[A-Za-z0-9]{20,}$/, // Groq
  /^Bearer\s+\S{16,}$/i,
];

/** Option names that hold secrets... */
const SECRET_KEY = /(?:^|_)(?:api_?key|apikey|token|secret|password|passwd|auth)(?:$|_)/i;
/** ...unless they name where the secret is (`api_key_env: "OPENAI_API_KEY"`, `token_file`). */
const POINTER_KEY = /_(?:env|var|name|file|path|url|header)$/i;
/** An environment variable's name, as a value. */
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** True if a string looks like an API key or token pasted into a recipe. */
export function looksLikeSecret(value: string): boolean {
  return KEY_PATTERNS.some((p) => p.test(value.trim()));
}

/**
 * True if a string under this option name is probably a secret itself: the name says key, token,
 * secret or password, does not say where the secret is kept, and the value is not an env name.
 */
export function isSecretValue(key: string, value: string): boolean {
  return value.length > 0 && SECRET_KEY.test(key) && !POINTER_KEY.test(key) && !ENV_NAME.test(value);
}
