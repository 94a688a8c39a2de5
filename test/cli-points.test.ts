/**
 * The small things on the command line, as a user types them; each reads back what was written.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_JS, cli, mammothText, PREVIOUS, SAMPLE, squash, tempDir } from './helpers/e2e.js';
import { parseJsonText } from '../src/document/settings.js';

const run = (...argv: string[]) => cli(...argv);

describe('dates, names and small things', () => {
  it('takes 30.9.2023 in a date flag; a wrong date names the flag typed', async () => {
    const dir = tempDir('dates');
    const good = await run('report', SAMPLE, '--format', 'docx', '--report-date', '30.9.2023', '--out', dir);
    expect(good.code, good.stderr.join('\n')).toBe(0);
    expect(squash(await mammothText(good.stdout[0]!))).toContain(squash('Tilanne 30.9.2023'));
    const bad = await run('report', SAMPLE, '--format', 'docx', '--meeting-date', '31.2.2023', '--out', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr.join('\n')).toContain('--meeting-date: "31.2.2023": päivämäärä muodossa 30.9.2023 tai 2023-09-30');
  });

  it('dates the report by the meeting when only --meeting-date is given, and says so', async () => {
    const dir = tempDir('meeting-date');
    writeFileSync(join(dir, 's.json'), JSON.stringify({ organisation: { name: 'Tuusulan kunta' } }));
    const r = await run('report', SAMPLE, '--format', 'docx', '--config', join(dir, 's.json'), '--meeting-date', '2023-10-23', '--attachment', '3', '--out', dir);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stderr.join('\n')).toContain('huomautus: raportin päiväksi on otettu kokouksen päivä 23.10.2023');
  });

  it('warns when no organisation name is given', async () => {
    const dir = tempDir('no-org');
    writeFileSync(join(dir, 's.json'), JSON.stringify({ reportDate: '2023-09-30' }));
    const r = await run('report', SAMPLE, '--format', 'docx', '--config', join(dir, 's.json'), '--out', dir);
    expect(r.code).toBe(0);
    expect(r.stderr.join('\n')).toContain('varoitus: organisaation nimeä ei ole annettu');
  });

  it('puts the language in the output name when it is not Finnish, so fi and sv share --out', async () => {
    const dir = tempDir('names');
    const fi = await run('report', SAMPLE, '--format', 'docx', '--out', dir);
    const sv = await run('report', SAMPLE, '--format', 'docx', '--lang', 'sv', '--out', dir);
    expect([fi.code, sv.code]).toEqual([0, 0]);
    expect(readdirSync(dir).sort()).toEqual(['tuusula-strategia-seuranta-2023-valtuusto-liite-sv.docx', 'tuusula-strategia-seuranta-2023-valtuusto-liite.docx']);
  });

  it('answers --version, and takes common flags before the command', async () => {
    const v = await run('--version');
    expect(v.code).toBe(0);
    expect(v.stdout[0]).toMatch(/^kuntaraportti \d+\.\d+\.\d+$/);
    // The built, bundled command too (dist/bundle/ sits one folder deeper).
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('node', [CLI_JS, '--version'], { encoding: 'utf8' }).trim()).toBe(v.stdout[0]);
    const help = await run('--lang', 'en', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/^Usage: kuntaraportti/);
    const stats = await run('--lang', 'en', 'stats', SAMPLE);
    expect(stats.code).toBe(0);
  });

  it('accepts numeric strings, suggests the key meant, and gives JSON errors a line and column', async () => {
    const dir = tempDir('settings');
    writeFileSync(join(dir, 'num.json'), JSON.stringify({ meeting: { organ: 'Kunnanvaltuusto', date: '23.10.2023', section: '87', attachment: '3' }, reportDate: '30.9.2023' }));
    const num = await run('report', SAMPLE, '--format', 'docx', '--config', join(dir, 'num.json'), '--out', join(dir, 'o1'));
    expect(num.code, num.stderr.join('\n')).toBe(0);
    expect(squash(await mammothText(num.stdout[0]!))).toContain(squash('Kunnanvaltuusto 23.10.2023 § 87'));

    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ reportDate: '2023-09-30', meeting: { sectoin: 87 } }));
    const typo = await run('report', SAMPLE, '--format', 'docx', '--config', join(dir, 'typo.json'), '--out', join(dir, 'o2'));
    expect(typo.code).toBe(1);
    expect(typo.stderr.join('\n')).toContain('meeting.sectoin: tuntematon kenttä "sectoin"; tarkoititko "section"?');

    writeFileSync(join(dir, 'broken.json'), '{\n  "reportDate": "2023-09-30",\n  meeting: {}\n}\n');
    const broken = await run('report', SAMPLE, '--format', 'docx', '--config', join(dir, 'broken.json'), '--out', join(dir, 'o3'));
    expect(broken.code).toBe(1);
    expect(broken.stderr.join('\n')).toContain(`${join(dir, 'broken.json')}:3:3: ei ole kelvollista JSONia`);
    expect(parseJsonText('[1,\n 2,,]')).toMatchObject({ ok: false, line: 2, column: 4 });
    expect(parseJsonText('{"a": "b"')).toMatchObject({ ok: false, line: 1, column: 10 });
    expect(parseJsonText('{"a": tru}')).toMatchObject({ ok: false, line: 1, column: 7 });
  });

  it('gives a note when --docx-template comes with --format pdf alone', async () => {
    const dir = tempDir('docx-template-note');
    const r = await run('report', SAMPLE, '--format', 'pdf', '--docx-template', join(dir, 'x.docx'), '--out', dir);
    expect(r.stderr.join('\n')).toContain('huomautus: --docx-template koskee vain DOCX-tiedostoa');
    expect(r.code).toBe(0);
  });

  it('shows --case-number in the header block and names the previous period by --previous-date', async () => {
    const dir = tempDir('case');
    const r = await run('report', SAMPLE, '--format', 'docx', '--case-number', 'TUUDno-2023-123', '--previous', PREVIOUS, '--previous-date', '30.6.2023', '--out', dir);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const { parts } = await import('./helpers/docx-tools.js');
    const { readFileSync } = await import('node:fs');
    const files = parts(new Uint8Array(readFileSync(r.stdout[0]!)));
    expect(new TextDecoder().decode(files['word/header1.xml'])).toContain('TUUDno-2023-123');
    expect(squash(await mammothText(r.stdout[0]!))).toContain(squash('Edelliseen raporttiin (tilanne 30.6.2023) verrattuna'));
  });

  it('says in the archive copy what its row counts count', async () => {
    const dir = tempDir('rows');
    const r = await run('report', SAMPLE, '--format', 'docx', '--template', 'arkisto', '--out', dir);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const text = squash(await mammothText(r.stdout[0]!));
    expect(text).toContain(squash('Tietorivejä (otsikkorivi ja tyhjät rivit pois lukien): 52'));
    // 60 newlines, and a last line without one.
    expect(text).toContain(squash('Rivejä tiedostossa: 61'));
  });
});
