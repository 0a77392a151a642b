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

/** Option names that hold secrets. */
const SECRET_KEY = /(?:^|_)(?:api_?key|apikey|token|secret|password|passwd|auth)(?:$|_)/i;

/** True if a string looks like an API key or token pasted into a recipe. */
export function looksLikeSecret(value: string): boolean {
  return KEY_PATTERNS.some((p) => p.test(value.trim()));
}

/** True if an option name suggests its value is a secret (`api_key`, `token`, ...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
