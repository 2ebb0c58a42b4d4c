import { describe, expect, it } from 'vitest';
import { stageTotals, timeStage, timeStageAsync, type IngestStage } from '../../../pipelines/ingest/stages.js';

describe('ingest stage timing', () => {
  it('tells the observer each stage with a duration, also when the work throws', async () => {
    const seen: [IngestStage, number][] = [];
    const observe = (stage: IngestStage, milliseconds: number): void => {
      seen.push([stage, milliseconds]);
    };
    expect(timeStage(observe, 'check', () => 7)).toBe(7);
    await expect(timeStageAsync(observe, 'write', async () => Promise.reject(new Error('disk full')))).rejects.toThrow(
      'disk full',
    );
    expect(seen.map(([stage]) => stage)).toEqual(['check', 'write']);
    for (const [, milliseconds] of seen) expect(milliseconds).toBeGreaterThanOrEqual(0);
  });

  it('runs the work unchanged without an observer', async () => {
    expect(timeStage(undefined, 'read', () => 'bytes')).toBe('bytes');
    expect(await timeStageAsync(undefined, 'commit', async () => 'manifest')).toBe('manifest');
  });

  it('adds up each stage over the sources', () => {
    const { observe, totals } = stageTotals();
    observe('read', 2);
    observe('read', 3);
    observe('commit', 1);
    expect(totals).toEqual({ read: 5, check: 0, write: 0, commit: 1, report: 0 });
  });
});
