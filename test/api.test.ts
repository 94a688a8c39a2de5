import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import * as pdf from '../src/pdf.js';
import * as docx from '../src/docx.js';
import * as html from '../src/html.js';
import * as node from '../src/node/index.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('public API', () => {
  // A change to what the package exports is a change to its users: made on purpose, here.
  it('exports exactly these names at run time, per entry point', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CODES', 'DEFAULT_LIMITS', 'DEFAULT_PDFA', 'FORMATS', 'PDFA_LEVELS', 'RENDERERS', 'REPORT_ERRORS', 'ReportError', 'STAGE_KEYS', 'TemplateError',
      'analyse', 'buildDocument', 'buildModel', 'carriesSource', 'chartToSvg', 'compareModels', 'comparisonJson', 'computeStats', 'createReport',
      'defaultPdfA', 'fileStem', 'formatDate', 'formatDiagnostic', 'formatNumber', 'formatPercent', 'formatReportError', 'hasErrors', 'loadTable',
      'parseSettings', 'parseTemplate', 'resolveSettings',
    ]);
    expect(Object.keys(pdf).sort()).toEqual(['PDFA_LEVELS', 'PdfPatchError', 'pdfRenderer', 'renderPdf']);
    expect(Object.keys(docx).sort()).toEqual(['DocxTemplateError', 'docxRenderer', 'renderDocx']);
    expect(Object.keys(html).sort()).toEqual(['htmlRenderer', 'renderHtml', 'renderHtmlString']);
    expect(Object.keys(node).sort()).toEqual(['DEFAULT_TEMPLATE_DIR', 'defaultFontDir', 'listTemplates', 'loadFonts', 'loadTemplate', 'rasterizeSvg', 'writeOutput']);
  });

  it('importing the core loads neither pdfmake nor docx; the renderer entry points do', () => {
    // The static import graph of the built entry point: what `import` loads before any code runs.
    // Dynamic import()s (the renderer registry) load only when a report asks for that format.
    const packagesOf = (entry: string): Set<string> => {
      const seen = new Set<string>();
      const packages = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)) {
          const spec = (m[1] ?? m[2])!;
          if (spec.startsWith('.')) visit(join(dirname(file), spec));
          else packages.add(spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        }
      };
      visit(join(ROOT, 'dist', entry));
      return packages;
    };
    const core = packagesOf('index.js');
    expect(core.has('zod')).toBe(true);
    expect([...core].filter((p) => p === 'pdfmake' || p === 'docx' || p === 'pdfkit' || p.startsWith('node:'))).toEqual([]);
    expect(packagesOf('pdf.js').has('pdfmake')).toBe(true);
    expect(packagesOf('docx.js').has('docx')).toBe(true);
    // The HTML renderer is the core's own code and a hash for its CSP: no node: module.
    expect([...packagesOf('html.js')]).toEqual(['@noble/hashes']);
  });

  it('exports the library entry points from the package root', () => {
    for (const name of ['analyse', 'loadTable', 'buildModel', 'computeStats', 'formatDiagnostic', 'CODES', 'STAGE_KEYS', 'DEFAULT_LIMITS']) {
      expect(typeof (api as Record<string, unknown>)[name], name).not.toBe('undefined');
    }
  });

  it('the core imports no node: module (only the CLI and src/node adapters may)', () => {
    const core = files(SRC).filter((f) => !/^(cli\.ts|cli\/|node\/)/.test(relative(SRC, f)));
    expect(core.length).toBeGreaterThan(10);
    const offenders = core.filter((f) => /from\s+['"](node:|fs['"]|path['"]|os['"]|child_process['"]|crypto['"])/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
