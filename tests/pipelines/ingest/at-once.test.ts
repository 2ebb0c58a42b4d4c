import { describe, expect, it } from 'vitest';
import { forEachAtOnce } from '../../../pipelines/ingest/at-once.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachAtOnce', () => {
  it('runs every item, never more than the limit at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachAtOnce([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      done.push(item);
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure and throws the first one once the others settle', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = forEachAtOnce([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await tick();
      settled++;
      if (item === 1) throw new Error('first');
      if (item === 2) throw new Error('second');
    });
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });
});
