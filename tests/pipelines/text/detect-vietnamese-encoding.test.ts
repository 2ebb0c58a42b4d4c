import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decide,
  detectLegacyBytes,
  detectLegacyFont,
  type LegacyFont,
} from '../../../pipelines/text/detect-vietnamese-encoding.js';
import { convertLegacyText, encodeLegacy, type LegacyEncoding } from '../../../pipelines/text/legacy-vietnamese.js';
import { scoreVietnamese } from '../../../pipelines/text/vietnamese-syllables.js';
import { paragraphsOf, readSeedReports } from '../../support/seed-reports.js';

const seeds = readSeedReports();
const BYTE_ENCODINGS: readonly LegacyEncoding[] = ['windows-1258', 'tcvn3', 'vni'];
/** Text typed in a legacy font as a .docx holds it: the bytes' Windows-1252 characters. */
const asFontText = (text: string, encoding: 'tcvn3' | 'vni'): string =>
  iconv.decode(Buffer.from(encodeLegacy(text, encoding)), 'windows-1252');

const WESTERN = [
  'Le rapport trimestriel a été envoyé à la préfecture après la réunion; ' +
    'les données déjà vérifiées sont là où le comité les attend.',
  'Die Grenzschutzbehörde hat im dritten Quartal über 2.000 Überprüfungen durchgeführt; ' +
    'die Ergebnisse für März sind später gekommen.',
  'El informe del año pasado está aquí: la policía fronteriza detuvo más de cien personas en la región, ' +
    'según la información oficial.',
  'Garçon, un café crème et une crêpe, s’il vous plaît. Où est la gare? Ça coûte très cher, déjà trop pour moi.',
];

describe('detectLegacyBytes', () => {
  it('tells every seed report in Windows-1258, TCVN3 and VNI apart', () => {
    for (const { name, text } of seeds) {
      for (const encoding of BYTE_ENCODINGS)
        expect(detectLegacyBytes(encodeLegacy(text, encoding)), `${name} in ${encoding}`).toMatchObject({
          ok: true,
          encoding,
        });
    }
  });
  it('reads every paragraph of 50 characters or more in the right encoding', () => {
    const paragraphs = seeds.flatMap(({ text }) => paragraphsOf(text, 50));
    expect(paragraphs.length).toBeGreaterThan(90);
    for (const paragraph of paragraphs) {
      for (const encoding of BYTE_ENCODINGS)
        expect(detectLegacyBytes(encodeLegacy(paragraph, encoding)), paragraph).toMatchObject({ ok: true, encoding });
    }
  });
  it('never picks a wrong encoding for a shorter paragraph: it decides right or not at all', () => {
    for (const paragraph of seeds.flatMap(({ text }) => paragraphsOf(text, 1))) {
      for (const encoding of BYTE_ENCODINGS) {
        const decision = detectLegacyBytes(encodeLegacy(paragraph, encoding));
        if (decision.ok) expect(decision.encoding, paragraph).toBe(encoding);
      }
    }
  });
  it('decides nothing for French, German or Spanish in Windows-1252', () => {
    for (const text of WESTERN)
      expect(detectLegacyBytes(iconv.encode(text, 'windows-1252')), text).toMatchObject({ ok: false });
  });
  it('decides nothing on three accented words or fewer', () => {
    expect(detectLegacyBytes(encodeLegacy('Tỉnh: 2.102 người', 'windows-1258'))).toMatchObject({ ok: false });
  });
});

describe('detectLegacyFont', () => {
  it('finds TCVN3 and VNI fonts in every seed report and every paragraph of 50 characters or more', () => {
    const texts = [...seeds.map(({ text }) => text), ...seeds.flatMap(({ text }) => paragraphsOf(text, 50))];
    for (const text of texts) {
      expect(detectLegacyFont(asFontText(text, 'tcvn3')), text).toBe('tcvn3');
      expect(detectLegacyFont(asFontText(text, 'vni')), text).toBe('vni');
    }
  });
  it('leaves Unicode Vietnamese alone, whole reports and every paragraph', () => {
    for (const text of [...seeds.map(({ text }) => text), ...seeds.flatMap(({ text }) => paragraphsOf(text, 1))]) {
      expect(detectLegacyFont(text), text).toBeUndefined();
    }
  });
  it('leaves English and other Western text alone', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(detectLegacyFont(readme)).toBeUndefined();
    for (const text of [...WESTERN, ...paragraphsOf(readme, 1)]) expect(detectLegacyFont(text), text).toBeUndefined();
  });
  it('decides as scoring all three readings would, for text partly Unicode and partly in a legacy font', () => {
    const paragraphs = seeds.flatMap(({ text }) => paragraphsOf(text, 50)).slice(0, 40);
    let legacyFound = 0;
    for (const font of ['tcvn3', 'vni'] as const) {
      for (let inFont = 0; inFont <= paragraphs.length; inFont += 2) {
        const text = paragraphs
          .map((paragraph, index) => (index < inFont ? asFontText(paragraph, font) : paragraph))
          .join('\n');
        const sample = text.replace(/(?<!\p{L})[\u00a1-\u00ff](?!\p{L})/gu, ' ');
        const everyReading = decide<LegacyFont | 'unicode'>([
          { encoding: 'unicode', score: scoreVietnamese(sample) },
          { encoding: 'tcvn3', score: scoreVietnamese(convertLegacyText(sample, 'tcvn3')) },
          { encoding: 'vni', score: scoreVietnamese(convertLegacyText(sample, 'vni')) },
        ]);
        const expected = everyReading.ok && everyReading.encoding !== 'unicode' ? everyReading.encoding : undefined;
        expect(detectLegacyFont(text), `${inFont} of ${paragraphs.length} paragraphs in ${font}`).toBe(expected);
        if (expected) legacyFound++;
      }
    }
    // Both answers occur, so the comparison covers the shortcut and the full decision.
    expect(legacyFound).toBeGreaterThan(0);
    expect(legacyFound).toBeLessThan(2 * (paragraphs.length / 2 + 1));
  });
});
