/**
 * The page's Web Worker: reads the tables and renders the reports, so the page stays responsive.
 * Everything it needs is bundled: templates as JSON text, fonts and resvg's wasm as same-origin
 * assets. Nothing here touches the network beyond those files of the page itself.
 */
// The pdfmake patch check, made when this bundle is built (web/vite.config.ts).
import 'virtual:kuntaraportti/patches-checked';
import { formatDiagnostic, type Lang } from '../src/diagnostics.js';
import { parseTemplate, type TemplateBundle } from '../src/document/template.js';
import { analyse, type Analysis } from '../src/pipeline.js';
import type { FontSet } from '../src/render/fonts.js';
import { PAGE_FORMATS, pageReport, PageReportError, type Format } from './report.js';
import regularUrl from '../fonts/KuntaraporttiSans-Regular.ttf?url';
import boldUrl from '../fonts/KuntaraporttiSans-Bold.ttf?url';
import italicUrl from '../fonts/KuntaraporttiSans-Italic.ttf?url';
import boldItalicUrl from '../fonts/KuntaraporttiSans-BoldItalic.ttf?url';
import resvgWasmUrl from '@resvg/resvg-wasm/index_bg.wasm?url';
import type { ToWorker, FromWorker, DiagnosticLine } from './protocol.js';

const TEMPLATE_FILES = import.meta.glob<string>('../templates/**/*.json', { query: '?raw', import: 'default', eager: true });

/** templates/NAME/*.json and templates/_shared/*.json, keyed as the command's loader keys them. */
function templateFiles(name: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(TEMPLATE_FILES)) {
    const m = /\/templates\/([^/]+)\/([^/]+)$/.exec(path);
    if (!m) continue;
    if (m[1] === name) files[m[2]!] = text;
    else if (m[1] === '_shared') files[`_shared/${m[2]!}`] = text;
  }
  return files;
}

export const TEMPLATE_NAMES = [...new Set(Object.keys(TEMPLATE_FILES).map((p) => /\/templates\/([^/]+)\/report\.json$/.exec(p)?.[1]).filter((n): n is string => n !== undefined))].sort();

const templates = new Map<string, TemplateBundle>();
function template(name: string, lang: Lang): TemplateBundle {
  const key = `${name}/${lang}`;
  let t = templates.get(key);
  if (!t) {
    t = parseTemplate(templateFiles(name), name, { only: lang });
    templates.set(key, t);
  }
  return t;
}

let fonts: Promise<FontSet> | undefined;
function loadFonts(): Promise<FontSet> {
  const get = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  fonts ??= Promise.all([get(regularUrl), get(boldUrl), get(italicUrl), get(boldItalicUrl)]).then(([regular, bold, italic, boldItalic]) => ({ regular, bold, italic, boldItalic }));
  return fonts;
}

const FAMILY = 'Kuntaraportti Sans';
let rasterizer: Promise<(svg: string, widthPx: number) => Uint8Array> | undefined;
/** resvg (the same version and options as the command's src/node/rasterize.ts), as wasm, with only the bundled faces. */
function loadRasterizer(): Promise<(svg: string, widthPx: number) => Uint8Array> {
  rasterizer ??= (async () => {
    const [{ initWasm, Resvg }, f] = await Promise.all([import('@resvg/resvg-wasm'), loadFonts()]);
    await initWasm(fetch(resvgWasmUrl));
    const fontBuffers = [f.regular, f.bold, f.italic, f.boldItalic];
    return (svg: string, widthPx: number): Uint8Array => {
      const resvg = new Resvg(svg, {
        fitTo: { mode: 'width', value: Math.max(1, Math.round(widthPx)) },
        background: '#ffffff',
        font: { fontBuffers, defaultFontFamily: FAMILY, sansSerifFamily: FAMILY, serifFamily: FAMILY, monospaceFamily: FAMILY },
        shapeRendering: 2,
        textRendering: 1,
        imageRendering: 0,
      });
      const png = resvg.render().asPng();
      resvg.free();
      return png;
    };
  })();
  return rasterizer;
}

interface Loaded {
  name: string;
  bytes: Uint8Array;
  /** Per language: the diagnostics' words follow the language they are read in. */
  byLang: Map<Lang, Analysis>;
}
let current: Loaded | undefined;
let previous: Loaded | undefined;

async function analysisOf(l: Loaded, lang: Lang): Promise<Analysis> {
  let a = l.byLang.get(lang);
  if (!a) {
    a = await analyse(l.bytes, { file: l.name, lang });
    l.byLang.set(lang, a);
  }
  return a;
}

function lines(a: Analysis, lang: Lang): DiagnosticLine[] {
  return a.diagnostics.map((d) => ({ severity: d.severity, line: d.line, column: d.column, text: formatDiagnostic(d, lang) }));
}

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'load') {
    const l: Loaded = { name: m.name, bytes: m.bytes, byLang: new Map() };
    if (m.which === 'current') current = l;
    else previous = l;
    const a = await analysisOf(l, m.lang);
    post({ type: 'loaded', id: m.id, which: m.which, name: m.name, rows: a.rows, ok: a.ok, actions: a.stats.actions, diagnostics: lines(a, m.lang) });
    return;
  }
  if (m.type === 'clear') {
    previous = undefined;
    post({ type: 'cleared', id: m.id });
    return;
  }
  if (m.type === 'diagnostics') {
    const out: { which: 'current' | 'previous'; diagnostics: DiagnosticLine[] }[] = [];
    for (const [which, l] of [['current', current], ['previous', previous]] as const) if (l) out.push({ which, diagnostics: lines(await analysisOf(l, m.lang), m.lang) });
    post({ type: 'diagnostics', id: m.id, sets: out });
    return;
  }
  // render
  if (!current) throw new PageReportError(['no table']);
  const lang = m.settings.lang;
  const started = performance.now();
  post({ type: 'progress', id: m.id, stage: 'layout' });
  const result = await pageReport(
    {
      analysis: await analysisOf(current, lang),
      source: { name: current.name, bytes: current.bytes },
      ...(previous ? { previous: { analysis: await analysisOf(previous, lang), name: previous.name } } : {}),
    },
    { template: template(m.templateName, lang), templateName: m.templateName, settings: m.settings, format: m.format, uiLang: m.uiLang, fonts: loadFonts, rasterize: loadRasterizer },
  );
  post({ type: 'rendered', id: m.id, format: m.format, fileName: result.fileName, bytes: result.bytes, ms: Math.round(performance.now() - started) }, [result.bytes.buffer]);
}

self.addEventListener('message', (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  handle(m).catch((error: unknown) => {
    const lines = error instanceof PageReportError ? error.lines : [String((error as Error)?.message ?? error).split('\n')[0] ?? ''];
    post({ type: 'failed', id: m.id, lines });
  });
});

post({ type: 'ready', templates: TEMPLATE_NAMES, html: PAGE_FORMATS.includes('html') });

export type { Format };
