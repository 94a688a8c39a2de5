import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE_LABELS, parseSettings, resolveSettings, stageLabelsFor } from '../src/document/settings.js';

describe('parseSettings', () => {
  it('needs no config at all', () => {
    const r = parseSettings({});
    expect(r).toEqual({
      settings: { lang: 'fi', dataLang: 'fi', organisation: { name: '', unit: '' }, meeting: {}, stageLabels: {} },
    });
    if ('settings' in r) expect(stageLabelsFor(r.settings)).toEqual(DEFAULT_STAGE_LABELS.fi);
  });

  it('accepts the full config and takes the report date from the meeting when absent', () => {
    const r = parseSettings({
      organisation: { name: 'Tuusulan kunta', unit: 'Konsernipalvelut', logo: 'logo.svg' },
      meeting: { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: 87, attachment: 3 },
      title: 'Strategian toteutuminen',
      lang: 'sv',
      stageLabels: { 5: 'Slutförd' },
    });
    expect('settings' in r).toBe(true);
    if (!('settings' in r)) return;
    expect(r.settings.reportDate).toBe('2023-10-23');
    expect(r.settings.organisation).toEqual({ name: 'Tuusulan kunta', unit: 'Konsernipalvelut', logoPath: 'logo.svg' });
    expect(stageLabelsFor(r.settings)).toEqual({ ...DEFAULT_STAGE_LABELS.sv, 5: 'Slutförd' });
    // A language chosen after resolving (a --lang flag) brings its own default labels.
    expect(stageLabelsFor({ ...r.settings, lang: 'en' })).toEqual({ ...DEFAULT_STAGE_LABELS.en, 5: 'Slutförd' });
  });

  it('names the field path of every error, in Finnish by default', () => {
    const r = parseSettings({
      meeting: { date: '31.2.2023', section: 0, attachmnet: 3 },
      lang: 'de',
      stageLabels: { 6: 'x', 2: '' },
      reportDate: 20230930,
    });
    expect('errors' in r).toBe(true);
    if (!('errors' in r)) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        'meeting.date: päivämäärän pitää olla muotoa P.K.VVVV tai VVVV-KK-PP ja olemassa oleva päivä (annettu: "31.2.2023")',
        'meeting.section: pitää olla suurempi kuin 0 (annettu: 0)',
        'meeting.attachmnet: tuntematon kenttä "attachmnet"; tarkoititko "attachment"?',
        'lang: pitää olla jokin näistä: "fi", "sv", "en" (annettu: "de")',
        'stageLabels.6: tuntematon kenttä "6"',
        'stageLabels.2: ei saa olla tyhjä (annettu: "")',
        'reportDate: pitää olla teksti (annettu: 20230930)',
      ]),
    );
    expect(r.errors).toHaveLength(7);
  });

  it('words errors in English on request and rejects a non-object', () => {
    expect(parseSettings([], 'en')).toEqual({ errors: ['(root): must be an object {…} (given: [])'] });
    expect(parseSettings({ meeting: { date: '2023-02-30' } }, 'en')).toEqual({
      errors: ['meeting.date: the date must be of the form D.M.YYYY or YYYY-MM-DD and exist (given: "2023-02-30")'],
    });
  });
});

describe('resolveSettings', () => {
  it('carries a logo the caller has read', () => {
    const s = resolveSettings({ organisation: { logo: 'a.png' } }, { logo: { format: 'png', data: 'AAAA' } });
    expect(s.organisation.logo).toEqual({ format: 'png', data: 'AAAA' });
    expect(s.organisation.logoPath).toBe('a.png');
  });
  it('keeps an explicit report date over the meeting date', () => {
    expect(resolveSettings({ reportDate: '2023-09-30', meeting: { date: '2023-10-23' } }).reportDate).toBe('2023-09-30');
  });
});
