/**
 * The page: choose the table, see its diagnostics, fill in the meeting, preview, download. All
 * work on the table happens in the worker (web/worker.ts); this module keeps the form and only
 * ever stores the organisation's name, unit and logo (never the table) in localStorage.
 */
import { z } from 'zod';
import type { Lang } from '../src/diagnostics.js';
import { parseSettings, SettingsSchema, type ResolvedSettings } from '../src/document/settings.js';
import type { Logo } from '../src/document/types.js';
import { bytesToBase64 } from '../src/bytes.js';
import { WORDS, type Words } from './i18n.js';
import type { DiagnosticLine, FromWorker, ToWorker } from './protocol.js';
/** html joins pdf and docx once the HTML renderer is in the registry. */
type Format = 'pdf' | 'docx' | 'html';

// No eval in the page (its CSP forbids it): zod must not try its compiled fast path.
z.config({ jitless: true });

const LANGS: Lang[] = ['fi', 'sv', 'en'];
const ORG_KEY = 'kuntaraportti.organisation';
const UI_LANG_KEY = 'kuntaraportti.uiLang';
/** Settings keys this version of the core accepts (caseNumber arrives with the report kinds). */
const HAS_CASE_NUMBER = 'caseNumber' in SettingsSchema.shape;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id}`);
  return el as T;
};

// ---- worker ---------------------------------------------------------------------------------------

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map<number, { resolve: (m: FromWorker) => void; progress?: (stage: string) => void }>();
let workerReady: (m: Extract<FromWorker, { type: 'ready' }>) => void;
const ready = new Promise<Extract<FromWorker, { type: 'ready' }>>((r) => (workerReady = r));

// A worker that cannot start (a browser without module workers, a blocked script) is said, not hidden.
worker.addEventListener('error', (e) => {
  e.preventDefault();
  const text = `kuntaraportti: ${e.message || 'worker'}`;
  $('download-error').textContent = text;
  $('download-error').hidden = false;
  announce(text);
});

worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'ready') return workerReady(m);
  const p = pending.get(m.id);
  if (!p) return;
  if (m.type === 'progress') return p.progress?.(m.stage);
  pending.delete(m.id);
  p.resolve(m);
});

type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
function ask(req: Request, progress?: (stage: string) => void): Promise<FromWorker> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve, ...(progress ? { progress } : {}) });
    const msg = { ...req, id } as ToWorker;
    worker.postMessage(msg, msg.type === 'load' ? [msg.bytes.buffer] : []);
  });
}

// ---- state ----------------------------------------------------------------------------------------

let uiLang: Lang = (LANGS as string[]).includes(localStorage.getItem(UI_LANG_KEY) ?? '') ? (localStorage.getItem(UI_LANG_KEY) as Lang) : 'fi';
let w: Words = WORDS[uiLang];
let tableName: string | undefined;
let tableOk = false;
let htmlAvailable = false;
let logo: Logo | undefined;
let lastDiagnostics: { which: 'current' | 'previous'; diagnostics: DiagnosticLine[] }[] = [];

interface StoredOrg {
  name?: string;
  unit?: string;
  logo?: Logo;
}

function readOrg(): StoredOrg {
  try {
    const v = JSON.parse(localStorage.getItem(ORG_KEY) ?? '{}') as StoredOrg;
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

function saveOrg(): void {
  const org: StoredOrg = { name: input('s-org-name').value, unit: input('s-org-unit').value, ...(logo ? { logo } : {}) };
  try {
    localStorage.setItem(ORG_KEY, JSON.stringify(org));
  } catch {
    // A full or disabled storage only means the organisation is not remembered.
  }
}

const input = (id: string) => $<HTMLInputElement>(id);
const select = (id: string) => $<HTMLSelectElement>(id);

// ---- language -------------------------------------------------------------------------------------

function applyLanguage(): void {
  w = WORDS[uiLang];
  document.documentElement.lang = uiLang;
  document.title = w.pageTitle;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-t]'))) {
    const v = w[el.dataset.t as keyof Words];
    if (typeof v === 'string') el.textContent = v;
  }
  $('preview').title = w.previewTitle;
  for (const o of Array.from(select('s-lang').options)) o.textContent = w.langs[o.value as Lang];
  for (const o of Array.from(select('s-template').options)) o.textContent = w.templates[o.value] ?? o.value;
  select('ui-lang').value = uiLang;
  showLogoStatus();
  if (!tableName) setPreviewMessage(w.previewEmpty);
}

// ---- diagnostics ----------------------------------------------------------------------------------

function showDiagnostics(sets: { which: 'current' | 'previous'; diagnostics: DiagnosticLine[] }[]): void {
  lastDiagnostics = sets;
  const all = sets.flatMap((s) => s.diagnostics);
  const errors = all.filter((d) => d.severity === 'error');
  const warnings = all.filter((d) => d.severity !== 'error');
  const fill = (id: string, list: DiagnosticLine[]) => {
    const ul = $(id);
    ul.replaceChildren(
      ...list.map((d) => {
        const li = document.createElement('li');
        li.textContent = d.text;
        return li;
      }),
    );
  };
  $('diagnostics').hidden = false;
  $('diag-errors-box').hidden = errors.length === 0;
  $('diag-warnings-box').hidden = warnings.length === 0;
  $('diag-none').hidden = all.length > 0;
  $('diag-errors-h').textContent = w.errors(errors.length);
  $('diag-warnings-h').textContent = w.warnings(warnings.length);
  fill('diag-errors', errors);
  fill('diag-warnings', warnings);
  if (errors.length > 0) announce([w.hasErrors, ...errors.map((e) => e.text)].join('\n'));
}

function announce(text: string): void {
  // Cleared first, so the same error said twice is announced twice.
  const el = $('announce');
  el.textContent = '';
  requestAnimationFrame(() => (el.textContent = text));
}

// ---- tables ---------------------------------------------------------------------------------------

async function loadTable(file: File, which: 'current' | 'previous'): Promise<void> {
  const status = $(which === 'current' ? 'table-status' : 'previous-status');
  status.textContent = w.reading;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const m = await ask({ type: 'load', which, name: file.name, bytes, lang: uiLang });
  if (m.type !== 'loaded') {
    status.textContent = m.type === 'failed' ? m.lines.join(' ') : '';
    return;
  }
  if (which === 'current') {
    tableName = m.name;
    tableOk = m.ok;
    status.textContent = w.loaded(m.name, m.rows, m.actions);
  } else {
    status.textContent = w.loadedPrevious(m.name, m.rows);
    $('previous-clear').hidden = false;
  }
  const others = lastDiagnostics.filter((s) => s.which !== which);
  showDiagnostics(which === 'current' ? [{ which, diagnostics: m.diagnostics }, ...others] : [...others, { which, diagnostics: m.diagnostics }]);
  // A new table is shown at once, not after the typing pause.
  void updatePreview();
}

// ---- settings -------------------------------------------------------------------------------------

/** The form as a settings file in the command's format (every key optional; empty fields left out). */
function settingsJson(): Record<string, unknown> {
  const text = (id: string) => input(id).value.trim();
  const int = (id: string) => (text(id) === '' ? undefined : Number(text(id)));
  const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
  const organisation = compact({ name: text('s-org-name'), unit: text('s-org-unit') });
  const meeting = compact({ organ: text('s-organ'), date: text('s-meeting-date'), section: int('s-section'), attachment: int('s-attachment') });
  return compact({
    ...(Object.keys(organisation).length > 0 ? { organisation } : {}),
    ...(Object.keys(meeting).length > 0 ? { meeting } : {}),
    ...(HAS_CASE_NUMBER ? { caseNumber: text('s-case') } : {}),
    title: text('s-title'),
    reportDate: text('s-report-date'),
    lang: select('s-lang').value,
  });
}

function currentSettings(): { settings: ResolvedSettings } | { errors: string[] } {
  const parsed = parseSettings(settingsJson(), uiLang);
  if ('errors' in parsed) return parsed;
  if (logo) parsed.settings.organisation.logo = logo;
  return parsed;
}

function fillForm(json: Record<string, unknown>): void {
  const get = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined);
  const set = (id: string, v: unknown) => (input(id).value = v === undefined || v === null ? '' : String(v));
  const meeting = get(json, 'meeting');
  const org = get(json, 'organisation');
  set('s-organ', get(meeting, 'organ'));
  set('s-meeting-date', get(meeting, 'date'));
  set('s-section', get(meeting, 'section'));
  set('s-attachment', get(meeting, 'attachment'));
  set('s-case', get(json, 'caseNumber'));
  set('s-title', get(json, 'title'));
  set('s-report-date', get(json, 'reportDate'));
  if (get(json, 'lang') !== undefined) select('s-lang').value = String(get(json, 'lang'));
  if (get(org, 'name') !== undefined) set('s-org-name', get(org, 'name'));
  if (get(org, 'unit') !== undefined) set('s-org-unit', get(org, 'unit'));
  saveOrg();
}

async function loadSettingsFile(file: File): Promise<void> {
  const status = $('settings-status');
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (error) {
    status.textContent = w.settingsBadJson(file.name, (error as Error).message);
    announce(status.textContent);
    return;
  }
  const parsed = parseSettings(json, uiLang);
  if ('errors' in parsed) {
    status.textContent = `${w.settingsInvalid} ${parsed.errors.map((e) => `${file.name}: ${e}`).join('; ')}`;
    announce(status.textContent);
    return;
  }
  fillForm(json as Record<string, unknown>);
  const logoPath = parsed.settings.organisation.logoPath;
  status.textContent = [w.settingsLoaded(file.name), ...(logoPath ? [w.settingsLogoPath(logoPath)] : [])].join(' ');
  schedulePreview();
}

function saveSettingsFile(): void {
  const text = `${JSON.stringify(settingsJson(), null, 2)}\n`;
  const stem = tableName ? tableName.replace(/\.[^.]*$/, '') : 'raportti';
  download(new TextEncoder().encode(text), `${stem}.kuntaraportti.json`, 'application/json');
}

// ---- logo -----------------------------------------------------------------------------------------

async function readLogo(file: File): Promise<Logo | string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((b, i) => bytes[i] === b)) return { format: 'png', data: bytesToBase64(bytes) };
  const text = new TextDecoder().decode(bytes);
  if (/<svg[\s>]/.test(text.slice(0, 4096))) return { format: 'svg', data: text };
  return `${file.name}: ${w.logoBad}`;
}

function showLogoStatus(): void {
  $('s-logo-status').textContent = logo ? w.logoSet(logo.format) : w.logoNone;
  $('s-logo-clear').hidden = !logo;
}

// ---- preview and downloads ------------------------------------------------------------------------

function setPreviewMessage(text: string): void {
  const doc = `<!doctype html><html lang="${uiLang}"><head><meta charset="utf-8"><title>${escapeHtml(w.previewTitle)}</title><style>body{font:16px/1.5 sans-serif;color:#1a1a1a;margin:2rem}</style></head><body><main><p>${escapeHtml(text)}</p></main></body></html>`;
  $<HTMLIFrameElement>('preview').srcdoc = doc;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

let previewTimer: number | undefined;
let previewSeq = 0;
function schedulePreview(): void {
  window.clearTimeout(previewTimer);
  previewTimer = window.setTimeout(() => void updatePreview(), 250);
}

async function updatePreview(): Promise<void> {
  if (!tableName) return setPreviewMessage(w.previewEmpty);
  if (!tableOk) return setPreviewMessage(w.hasErrors);
  if (!htmlAvailable) return setPreviewMessage(w.previewNoHtml);
  const s = currentSettings();
  if ('errors' in s) return setPreviewMessage(`${w.settingsInvalid} ${s.errors.join('; ')}`);
  if (!s.settings.reportDate) return setPreviewMessage(w.reportDateMissing);
  const seq = ++previewSeq;
  const m = await ask({ type: 'render', format: 'html', templateName: select('s-template').value, settings: s.settings, uiLang });
  // A later change has already asked for a newer preview.
  if (seq !== previewSeq) return;
  if (m.type === 'rendered') {
    const frame = $<HTMLIFrameElement>('preview');
    // Ready once the frame has loaded the report, not when it is handed over: what reads the mark
    // (a test, a screenshot) sees the report drawn. A newer preview's load marks the newer one.
    frame.addEventListener('load', () => (frame.dataset.ready = String(previewSeq)), { once: true });
    frame.srcdoc = new TextDecoder().decode(m.bytes);
  } else if (m.type === 'failed') setPreviewMessage(`${w.failed} ${m.lines.join(' ')}`);
}

const MIME: Record<Format, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html;charset=utf-8',
};

function download(bytes: Uint8Array, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function offerSave(bytes: Uint8Array, fileName: string, mime: string): void {
  const button = Object.assign(document.createElement('button'), { type: 'button', id: 'save-file', className: 'primary', textContent: w.saveFile(fileName) });
  button.addEventListener('click', () => {
    download(bytes, fileName, mime);
    button.remove();
  });
  $('save-file')?.remove();
  $('download-status').after(button);
  button.focus();
}

let busy = false;
async function downloadReport(format: Format): Promise<void> {
  const status = $('download-status');
  const errorBox = $('download-error');
  errorBox.hidden = true;
  document.getElementById('save-file')?.remove();
  const fail = (lines: string[]) => {
    errorBox.replaceChildren(...lines.map((l) => Object.assign(document.createElement('p'), { textContent: l })));
    errorBox.hidden = false;
    status.textContent = '';
    announce(lines.join('\n'));
  };
  if (!tableName) return fail([w.noTable]);
  if (!tableOk) return fail([w.hasErrors]);
  const s = currentSettings();
  if ('errors' in s) return fail([w.settingsInvalid, ...s.errors]);
  if (!s.settings.reportDate) return fail([w.reportDateMissing]);
  if (busy) return;
  busy = true;
  const buttons = ['dl-pdf', 'dl-docx', 'dl-html'].map((id) => $<HTMLButtonElement>(id));
  for (const b of buttons) b.setAttribute('aria-disabled', 'true');
  $('progress-box').hidden = false;
  $('progress-text').textContent = w.working(format.toUpperCase());
  try {
    const m = await ask({ type: 'render', format, templateName: select('s-template').value, settings: s.settings, uiLang });
    if (m.type === 'rendered') {
      status.textContent = w.done(m.fileName, m.ms);
      // A browser lets a page start a download only shortly after the click: past that (a long
      // render), the file waits behind a button of its own, which the user's next press saves.
      if (navigator.userActivation?.isActive ?? true) download(m.bytes, m.fileName, MIME[format]);
      else offerSave(m.bytes, m.fileName, MIME[format]);
    } else if (m.type === 'failed') fail([w.failed, ...m.lines]);
  } finally {
    busy = false;
    for (const b of buttons) b.removeAttribute('aria-disabled');
    $('progress-box').hidden = true;
  }
}

// ---- wiring ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const org = readOrg();
  input('s-org-name').value = org.name ?? '';
  input('s-org-unit').value = org.unit ?? '';
  logo = org.logo;
  const r = await ready;
  htmlAvailable = r.html;
  const templateSelect = select('s-template');
  templateSelect.replaceChildren(...r.templates.map((t) => Object.assign(document.createElement('option'), { value: t })));
  templateSelect.value = r.templates.includes('valtuusto-liite') ? 'valtuusto-liite' : (r.templates[0] ?? '');
  if (!HAS_CASE_NUMBER) input('s-case').closest('.field')?.setAttribute('hidden', '');
  // Offered once the HTML renderer is in the core's registry.
  $('dl-html').hidden = !htmlAvailable;
  applyLanguage();
  document.body.dataset.ready = 'true';

  select('ui-lang').addEventListener('change', async () => {
    uiLang = select('ui-lang').value as Lang;
    localStorage.setItem(UI_LANG_KEY, uiLang);
    applyLanguage();
    if (tableName) {
      const m = await ask({ type: 'diagnostics', lang: uiLang });
      if (m.type === 'diagnostics') showDiagnostics(m.sets);
    }
  });
  input('table').addEventListener('change', () => {
    const f = input('table').files?.[0];
    if (f) void loadTable(f, 'current');
  });
  input('previous').addEventListener('change', () => {
    const f = input('previous').files?.[0];
    if (f) void loadTable(f, 'previous');
  });
  $('previous-clear').addEventListener('click', async () => {
    await ask({ type: 'clear' });
    input('previous').value = '';
    $('previous-status').textContent = '';
    $('previous-clear').hidden = true;
    showDiagnostics(lastDiagnostics.filter((s) => s.which !== 'previous'));
    input('previous').focus();
    schedulePreview();
  });
  // Drag and drop anywhere on the table's card.
  const zone = $('drop-zone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    $('drop-overlay').hidden = false;
  });
  zone.addEventListener('dragleave', () => ($('drop-overlay').hidden = true));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    $('drop-overlay').hidden = true;
    const f = e.dataTransfer?.files[0];
    if (f) void loadTable(f, 'current');
  });
  // Dropping a file elsewhere must not make the browser navigate to it.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  const form = $<HTMLFormElement>('settings');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('input', (e) => {
    const id = (e.target as HTMLElement).id;
    if (id === 's-org-name' || id === 's-org-unit') saveOrg();
    if (id !== 's-file' && id !== 's-logo') schedulePreview();
  });
  form.addEventListener('change', () => schedulePreview());
  input('s-logo').addEventListener('change', async () => {
    const f = input('s-logo').files?.[0];
    if (!f) return;
    const l = await readLogo(f);
    if (typeof l === 'string') {
      $('s-logo-status').textContent = l;
      announce(l);
      return;
    }
    logo = l;
    saveOrg();
    showLogoStatus();
    schedulePreview();
  });
  $('s-logo-clear').addEventListener('click', () => {
    logo = undefined;
    input('s-logo').value = '';
    saveOrg();
    showLogoStatus();
    input('s-logo').focus();
    schedulePreview();
  });
  input('s-file').addEventListener('change', () => {
    const f = input('s-file').files?.[0];
    if (f) void loadSettingsFile(f);
  });
  $('s-save').addEventListener('click', saveSettingsFile);
  $('dl-pdf').addEventListener('click', () => void downloadReport('pdf'));
  $('dl-docx').addEventListener('click', () => void downloadReport('docx'));
  $('dl-html').addEventListener('click', () => void downloadReport('html'));
}

void main();
