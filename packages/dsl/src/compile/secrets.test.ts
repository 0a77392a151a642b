import { describe, expect, it } from 'vitest';
import { isSecretValue, looksLikeSecret } from './secrets';

describe('secret detection', () => {
  it('recognises vendor key shapes', () => {
    for (const key of ['sk-proj-abcdefghijklmnopqrstuv12', 'sk-ant-api03-abcdefghijklmnop', 'ghp_abcdefghijklmnopqrstuvwxyz0123', 'hf_abcdefghijklmnopqrstuvwxyz', 'AKIAABCDEFGHIJKLMNOP', 'Bearer abcdefghijklmnopqrstu']) {
      expect(looksLikeSecret(key)).toBe(true);
    }
    for (const plain of ['gpt-4o-mini', 'sk-1', 'http://127.0.0.1:8000/v1', 'models/start', 'hf_small']) expect(looksLikeSecret(plain)).toBe(false);
  });

  it('flags a literal under a secret-sounding option, but not a pointer to one', () => {
    expect(isSecretValue('api_key', 'hunter2')).toBe(true);
    expect(isSecretValue('token', 'abc')).toBe(true);
    expect(isSecretValue('api_key_env', 'OPENAI_API_KEY')).toBe(false);
    expect(isSecretValue('token_file', '/run/secrets/token')).toBe(false);
    expect(isSecretValue('api_key', 'OPENAI_API_KEY')).toBe(false);
    expect(isSecretValue('model', 'hunter2')).toBe(false);
    expect(isSecretValue('api_key', '')).toBe(false);
  });
});
