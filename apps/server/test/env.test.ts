import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../src/env.ts';

describe('TRUST_PROXY', () => {
  it('is a count of proxy hops: none by default, true for one, a number for more', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe(0);
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    // `true` is one hop, not "believe every address in X-Forwarded-For".
    expect(loadEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  });

  it('refuses anything else, naming the setting', () => {
    for (const value of ['yes', '-1', '1.5', '11', 'loopback']) {
      expect(() => loadEnv({ TRUST_PROXY: value })).toThrow(EnvError);
      expect(() => loadEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: must be false, true/);
    }
  });
});
