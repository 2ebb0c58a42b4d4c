import { describe, expect, it } from 'vitest';
import { openOnce } from '../../functions/open-once.js';

describe('openOnce', () => {
  it('opens on the first call and reuses what it opened', async () => {
    let opened = 0;
    const get = openOnce(async () => ({ id: ++opened }));
    expect(await get()).toEqual({ id: 1 });
    expect(await get()).toBe(await get());
    expect(opened).toBe(1);
  });

  it('forgets a failed opening, so the next call tries again', async () => {
    let attempts = 0;
    const get = openOnce(async () => {
      attempts++;
      if (attempts === 1) throw new Error('the environment variable RAW_BUCKET is not set');
      return 'ready';
    });
    await expect(get()).rejects.toThrow(/RAW_BUCKET/);
    expect(await get()).toBe('ready');
    expect(attempts).toBe(2);
  });
});
