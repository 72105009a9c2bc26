import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('has defaults for a fresh machine', () => {
    expect(parseEnv({})).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      POSTSTELLE_DATA_DIR: './data',
      POSTSTELLE_SANDBOX_MAX_MB: 1024,
      POSTSTELLE_LOG_FORMAT: 'auto',
    });
  });

  it('names every bad key and its value', () => {
    expect(() => parseEnv({ REDIS_URL: 'not a url', POSTSTELLE_SANDBOXES: 'many' })).toThrow(
      /REDIS_URL="not a url"[\s\S]*POSTSTELLE_SANDBOXES="many"/,
    );
  });
});
