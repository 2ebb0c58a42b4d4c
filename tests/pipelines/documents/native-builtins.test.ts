import { describe, expect, it } from 'vitest';

describe('the PDF reader once loaded', () => {
  it("leaves Node's own JSON.parse, JSON.stringify and Array push in place for the rest of the process", async () => {
    const before = { parse: JSON.parse, stringify: JSON.stringify, push: Array.prototype.push };
    const { readPdf } = await import('../../../pipelines/documents/read-pdf.js');
    expect(typeof readPdf).toBe('function');
    expect(JSON.parse).toBe(before.parse);
    expect(JSON.stringify).toBe(before.stringify);
    expect(Array.prototype.push).toBe(before.push);
  });
});
