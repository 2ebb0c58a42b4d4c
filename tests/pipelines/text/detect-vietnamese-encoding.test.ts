import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectLegacyBytes, detectLegacyFont } from '../../../pipelines/text/detect-vietnamese-encoding.js';
import { encodeLegacy, type LegacyEncoding } from '../../../pipelines/text/legacy-vietnamese.js';
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
});
