/**
 * The page in a real browser (Debian's chromium, driven by playwright-core): the built site from a
 * local static server, the sample table chosen, a meeting filled in, the reports downloaded and
 * compared with what the command makes for the same settings. Also a keyboard-only run, axe-core
 * in the empty, loaded and error states, and no request leaving the page's origin.
 */
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Download, Page } from 'playwright-core';
import { FORMATS } from '../src/report/index.js';
import { openPage, serveStatic, WEB_DIR, type PageSession, type StaticServer } from './helpers/browser.js';
import { mammothText } from './helpers/docx-tools.js';
import { PREVIOUS, report, ROOT, SAMPLE, squash, tempDir } from './helpers/e2e.js';
import { rasterizeSvg } from '../src/node/rasterize.js';
import { pageCount, pdftotext } from './helpers/pdf-tools.js';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
// Screenshots for a person to look at: KR_SCREENSHOTS names the folder, else a temporary one.
const NOTES = process.env.KR_SCREENSHOTS ?? join(tmpdir(), 'kuntaraportti-web-screenshots');
const BROKEN = join(ROOT, 'test/fixtures/web-broken.csv');

let server: StaticServer;

beforeAll(async () => {
  // The page as `npm run build:web` makes it.
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
  server = await serveStatic(WEB_DIR);
}, 180_000);

afterAll(async () => {
  await server?.close();
});

const sessions: PageSession[] = [];
async function open(): Promise<PageSession> {
  const s = await openPage(server.origin);
  sessions.push(s);
  await s.page.goto(`${server.origin}/`);
  await s.page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  return s;
}
afterAll(async () => {
  for (const s of sessions) await s.close();
});

/** axe-core's WCAG 2.1 A/AA rules and best practices; violations as `rule: targets` lines. */
async function axe(page: Page): Promise<string[]> {
  // Through the DevTools protocol, which the page's CSP (rightly) does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function shot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(NOTES, { recursive: true });
  return page.screenshot({ path: join(NOTES, `web-${name}.png`), fullPage: true });
}

const MEETING = { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: '87', attachment: '3', reportDate: '2023-09-30', org: 'Tuusulan kunta', unit: 'Konsernipalvelut' };

async function fillMeeting(page: Page): Promise<void> {
  await page.getByLabel('Toimielin').fill(MEETING.organ);
  await page.getByLabel('Kokouspäivä').fill(MEETING.date);
  await page.getByLabel('Pykälä (§)').fill(MEETING.section);
  await page.getByLabel('Liitteen numero').fill(MEETING.attachment);
  await page.getByLabel('Raportin päivä').fill(MEETING.reportDate);
  await page.getByLabel('Organisaation nimi').fill(MEETING.org);
  await page.getByLabel('Yksikkö').fill(MEETING.unit);
}

async function save(download: Download, dir: string): Promise<string> {
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/**
 * Presses the button and saves the file. A render that outlasts the click's user activation (a
 * busy machine) puts the file behind the page's own save button, which has focus: then that is
 * pressed too (Enter, so the keyboard run stays keyboard-only).
 */
async function downloadBy(page: Page, name: string, dir: string, press?: () => Promise<void>): Promise<string> {
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await (press ? press() : page.getByRole('button', { name, exact: true }).click());
  const first = await Promise.race([download.then(() => 'download' as const), page.waitForSelector('#save-file', { timeout: 120_000 }).then(() => 'button' as const)]);
  if (first === 'button') {
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('save-file');
    await page.keyboard.press('Enter');
  }
  return save(await download, dir);
}

const ACTION_CODE = /\b\d{2}\.\d{2}\.\d{2}\b/g;
const codes = (text: string) => [...new Set(text.match(ACTION_CODE) ?? [])].sort();

function qdf(pdf: string): Buffer {
  // Uncompressed, with a fixed /ID: what remains after deflate's own bytes are taken out.
  const out = `${pdf}.qdf`;
  const r = spawnSync('qpdf', ['--qdf', '--static-id', '--object-streams=disable', '--stream-data=uncompress', pdf, out]);
  if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf ${pdf}: ${String(r.stderr)}`);
  return readFileSync(out);
}

/** The command's reports for the settings file the page saved, into `dir`. */
async function commandReports(settingsFile: string, formats: string[]) {
  return report([SAMPLE, '--config', settingsFile, '--format', formats.join(',')], tempDir('web-cli'));
}

describe('the page in chromium', () => {
  it('empty state: labelled, no axe violations, CSP of its own origin only', async () => {
    const { page, foreign, errors } = await open();
    await shot(page, 'empty');
    expect(await axe(page)).toEqual([]);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect(await page.getByLabel('Seurantataulukko').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Lataa PDF', exact: true }).count()).toBe(1);
    // Unlabelled form controls would be axe violations too; this names the count for the note.
    expect(await page.locator('input:not([type=hidden]), select').evaluateAll((els) => els.filter((e) => !(e as HTMLInputElement).labels?.length).map((e) => e.id))).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('mouse run: sample, meeting, PDF/DOCX/HTML downloads match the command', async () => {
    const { page, foreign, errors, browser } = await open();
    const dir = tempDir('web-dl');
    const t0 = Date.now();
    await page.getByLabel('Seurantataulukko').setInputFiles(SAMPLE);
    await page.waitForSelector('#diag-warnings li');
    const tDiagnostics = Date.now() - t0;
    // The command's wording, line for line (the file name is the one chosen, not a path).
    const lines = await page.locator('#diag-warnings li').allTextContents();
    expect(lines[0]).toBe('tuusula-strategia-seuranta-2023.tsv:1:0: varoitus: tyhjiä rivejä ohitettiin (8)');
    expect(lines).toHaveLength(6);
    expect(await page.locator('#diag-errors-box').isHidden()).toBe(true);
    await fillMeeting(page);
    const tPreview = Date.now() - t0;
    const htmlRendered = FORMATS.includes('html' as never);
    if (htmlRendered) await page.waitForSelector('#preview[data-ready]', { timeout: 60_000 });
    const tPreviewReady = Date.now() - t0;
    await shot(page, 'loaded');
    // A full-page capture leaves the sandboxed preview (a frame of another origin) blank: the
    // preview gets a picture of its own.
    if (htmlRendered) await page.locator('#preview').screenshot({ path: join(NOTES, 'web-loaded-preview.png') });
    expect(await axe(page)).toEqual([]);
    const settings = await downloadBy(page, 'Tallenna asetustiedosto', dir);
    const t1 = Date.now();
    const pdf = await downloadBy(page, 'Lataa PDF', dir);
    const tPdf = Date.now() - t1;
    const docx = await downloadBy(page, 'Lataa DOCX', dir);
    console.log(`web timing: sample chosen → diagnostics ${tDiagnostics} ms, → preview ${htmlRendered ? tPreviewReady : `(no HTML renderer; form filled at ${tPreview})`} ms; PDF click → download ${tPdf} ms; total to PDF ${Date.now() - t0 - (Date.now() - t1) + tPdf} ms`);

    expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({
      organisation: { name: MEETING.org, unit: MEETING.unit },
      meeting: { organ: MEETING.organ, date: MEETING.date, section: 87, attachment: 3 },
      reportDate: MEETING.reportDate,
      lang: 'fi',
    });
    const cli = await commandReports(settings, htmlRendered ? ['pdf', 'docx', 'html'] : ['pdf', 'docx']);
    expect(pdf.split('/').pop()).toBe(cli.pdf!.split('/').pop());
    // PDF: the same pages and words; deflate's bytes differ (fflate vs Node's zlib), nothing else.
    expect(pageCount(pdf)).toBe(pageCount(cli.pdf!));
    expect(pdftotext(pdf)).toBe(pdftotext(cli.pdf!));
    expect(codes(pdftotext(pdf))).toEqual(codes(pdftotext(cli.pdf!)));
    expect(codes(pdftotext(pdf)).length).toBeGreaterThan(40);
    expect(qdf(pdf).equals(qdf(cli.pdf!))).toBe(true);
    // DOCX: byte-identical (the same zip writer, resvg as wasm at the same version for the chart).
    const pageDocx = new Uint8Array(readFileSync(docx));
    const cliDocx = new Uint8Array(readFileSync(cli.docx!));
    expect(squash(await mammothText(pageDocx))).toBe(squash(await mammothText(cliDocx)));
    expect(Buffer.from(pageDocx).equals(Buffer.from(cliDocx))).toBe(true);
    if (htmlRendered) {
      const html = await downloadBy(page, 'Lataa HTML', dir);
      const cliHtml = join(cli.dir, html.split('/').pop()!);
      expect(readFileSync(html).equals(readFileSync(cliHtml))).toBe(true);
      // The preview is that same file.
      expect(await page.locator('#preview').getAttribute('srcdoc')).toBe(readFileSync(html, 'utf8'));
      // The report as published: on a page of its own (the preview's sandbox runs no script, axe's either).
      const report = await browser.newPage();
      await report.setContent(readFileSync(html, 'utf8'));
      expect(await axe(report)).toEqual([]);
      await report.close();
    } else {
      // Until the HTML renderer is in the registry the page offers no HTML.
      expect(await page.getByRole('button', { name: 'Lataa HTML', exact: true }).count()).toBe(0);
    }
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);

  it('error state: errors apart from warnings, announced, no report, no axe violations', async () => {
    const { page, foreign, errors } = await open();
    await page.getByLabel('Seurantataulukko').setInputFiles(BROKEN);
    await page.waitForSelector('#diag-errors li');
    const errorLines = await page.locator('#diag-errors li').allTextContents();
    expect(errorLines.length).toBeGreaterThan(0);
    for (const l of errorLines) expect(l).toMatch(/^web-broken\.csv:\d+:\d+: virhe: /);
    for (const l of await page.locator('#diag-warnings li').allTextContents()) expect(l).toMatch(/: varoitus: /);
    expect(await page.locator('#announce').getAttribute('aria-live')).toBe('assertive');
    await expect.poll(() => page.locator('#announce').textContent()).toContain('virhe');
    await fillMeeting(page);
    await page.getByRole('button', { name: 'Lataa PDF', exact: true }).click();
    await expect.poll(() => page.locator('#download-error').textContent()).toContain('virheitä');
    await shot(page, 'error');
    expect(await axe(page)).toEqual([]);
    // The same lines the command prints for the same file.
    const cli = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'validate', 'web-broken.csv'], { cwd: join(ROOT, 'test/fixtures'), encoding: 'utf8' });
    const cliLines = `${cli.stdout}${cli.stderr}`.split('\n').filter((l) => /: (virhe|varoitus): /.test(l));
    const pageLines = [...errorLines, ...(await page.locator('#diag-warnings li').allTextContents())];
    expect([...pageLines].sort()).toEqual([...cliLines].sort());
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keyboard only: the same PDF and DOCX without the mouse', async () => {
    const { page, foreign, errors } = await open();
    const dir = tempDir('web-kb');
    /** Tab (forwards) until the element with this id has focus; fails if it is never reached. */
    const tabTo = async (id: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
      }
      throw new Error(`#${id} is not reachable by Tab`);
    };
    await tabTo('table');
    // Space on the focused file field opens the chooser. Under the full suite's load chromium once
    // let a press pass without opening it (CI, 2.12.2026; never when run alone), so a press is
    // repeated, at most three times, with the field still focused: still keyboard only.
    const openChooser = async () => {
      for (let attempt = 1; ; attempt++) {
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('table');
        try {
          const [c] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), page.keyboard.press('Space')]);
          return c;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    };
    const chooser = await openChooser();
    await chooser.setFiles(SAMPLE);
    await page.waitForSelector('#diag-warnings li');
    const type = async (id: string, text: string) => {
      await tabTo(id);
      await page.keyboard.type(text);
    };
    await type('s-organ', MEETING.organ);
    // Date fields take digits in the order the browser's language shows them (Debian's chromium
    // without chromium-l10n: en-US, m/d/y); each order is tried from the field's first part.
    const typeDate = async (id: string, iso: string) => {
      const [y, m, d] = iso.split('-') as [string, string, string];
      await tabTo(id);
      for (const order of [[m, d, y], [d, m, y], [y, m, d]]) {
        await page.keyboard.type(order.join(''));
        if ((await page.evaluate((el) => (document.getElementById(el) as HTMLInputElement).value, id)) === iso) return;
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Shift+Tab');
      }
    };
    await typeDate('s-meeting-date', MEETING.date);
    await type('s-section', MEETING.section);
    await type('s-attachment', MEETING.attachment);
    await typeDate('s-report-date', MEETING.reportDate);
    await type('s-org-name', MEETING.org);
    await type('s-org-unit', MEETING.unit);
    expect(await page.getByLabel('Kokouspäivä').inputValue()).toBe(MEETING.date);
    expect(await page.getByLabel('Raportin päivä').inputValue()).toBe(MEETING.reportDate);
    await tabTo('dl-pdf');
    const pdf = await downloadBy(page, '', dir, () => page.keyboard.press('Enter'));
    await tabTo('dl-docx');
    const docx = await downloadBy(page, '', dir, () => page.keyboard.press('Enter'));
    await tabTo('s-save');
    const settings = await downloadBy(page, '', dir, () => page.keyboard.press('Enter'));
    const cli = await commandReports(settings, ['pdf', 'docx']);
    expect(pdftotext(pdf)).toBe(pdftotext(cli.pdf!));
    expect(pageCount(pdf)).toBe(pageCount(cli.pdf!));
    expect(readFileSync(docx).equals(readFileSync(cli.docx!))).toBe(true);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('remembers the organisation, never the table; Swedish and English switch the words and the diagnostics', async () => {
    const s = await open();
    const { page } = s;
    await page.getByLabel('Seurantataulukko').setInputFiles(SAMPLE);
    await page.waitForSelector('#diag-warnings li');
    await page.getByLabel('Organisaation nimi').fill('Tuusulan kunta');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).toContain('Tuusulan kunta');
    expect(stored).not.toContain('06.08.01');
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.getByLabel('Organisaation nimi').inputValue()).toBe('Tuusulan kunta');
    await page.getByLabel('Seurantataulukko').setInputFiles(SAMPLE);
    await page.waitForSelector('#diag-warnings li');
    await page.getByLabel('Käyttöliittymän kieli').selectOption('sv');
    await expect.poll(() => page.locator('#diag-warnings li').first().textContent()).toContain(': varning: ');
    expect(await page.getByRole('button', { name: 'Ladda ner PDF' }).count()).toBe(1);
    await page.getByLabel('Gränssnittets språk').selectOption('en');
    await expect.poll(() => page.locator('#diag-warnings li').first().textContent()).toContain(': warning: ');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await axe(page)).toEqual([]);
    expect(s.foreign).toEqual([]);
  });
});

describe('the page in chromium: the other ways in', () => {
  it('a dropped table, a settings file, a previous table and a PNG logo give the command\'s report; progress shows while it renders', async () => {
    const { page, foreign, errors } = await open();
    const dir = tempDir('web-more');
    // Dropped on the table's card, as from a file manager.
    const dt = await page.evaluateHandle(
      ({ name, b64 }) => {
        const bin = atob(b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const t = new DataTransfer();
        t.items.add(new File([bytes], name, { type: 'text/tab-separated-values' }));
        return t;
      },
      { name: 'tuusula-strategia-seuranta-2023.tsv', b64: readFileSync(SAMPLE).toString('base64') },
    );
    await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer: dt });
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: dt });
    await page.waitForSelector('#diag-warnings li');
    expect(await page.locator('#table-status').textContent()).toBe('tuusula-strategia-seuranta-2023.tsv: 52 riviä, 51 toimenpidettä');
    // The sample's own settings file, in the command's format.
    const settingsFile = join(ROOT, 'samples/tuusula-strategia-seuranta-2023.kuntaraportti.json');
    await page.getByLabel('Asetustiedosto (.kuntaraportti.json)').setInputFiles(settingsFile);
    await expect.poll(() => page.getByLabel('Toimielin').inputValue()).toBe('Kunnanvaltuusto');
    expect(await page.getByLabel('Pykälä (§)').inputValue()).toBe('87');
    expect(await page.getByLabel('Organisaation nimi').inputValue()).toBe('Tuusulan kunta');
    await page.getByLabel('Edellinen taulukko (vertailuun, valinnainen)').setInputFiles(PREVIOUS);
    await page.waitForFunction(() => document.getElementById('previous-status')?.textContent?.startsWith('Edellinen:'));
    const logoPath = join(dir, 'logo.png');
    writeFileSync(logoPath, rasterizeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="40" height="40" fill="#08519c" fill-opacity="0.6"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>', 240));
    await page.getByLabel('Logo (SVG tai PNG)').setInputFiles(logoPath);
    await expect.poll(() => page.locator('#s-logo-status').textContent()).toBe('Logo valittu (PNG).');
    // Whether the progress indicator was shown while the PDF was being made (no timing involved).
    await page.evaluate(() => {
      const box = document.getElementById('progress-box')!;
      new MutationObserver(() => {
        if (!box.hidden) document.body.dataset.progressSeen = 'true';
      }).observe(box, { attributes: true });
    });
    const pdf = await downloadBy(page, 'Lataa PDF', dir);
    expect(await page.evaluate(() => document.body.dataset.progressSeen)).toBe('true');
    expect(await page.locator('#progress-box').isHidden()).toBe(true);
    const cli = await report([SAMPLE, '--config', settingsFile, '--previous', PREVIOUS, '--logo', logoPath, '--format', 'pdf'], tempDir('web-more-cli'));
    const text = pdftotext(pdf);
    expect(text).toBe(pdftotext(cli.pdf!));
    // The comparison section is there, naming the previous table.
    expect(text).toContain('edellinen-2023-06.csv');
    expect(qdf(pdf).equals(qdf(cli.pdf!))).toBe(true);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});

// Written for the note: which request URLs the page made (all its own).
afterAll(() => {
  const all = sessions.flatMap((s) => s.requests);
  writeFileSync(join(tempDir('web-requests'), 'requests.txt'), all.join('\n'));
});
