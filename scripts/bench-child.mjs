// One measurement in a fresh process, so start-up counts as a user would feel it.
//   node scripts/bench-child.mjs stats|pdf|docx|html|baseline FILE OUTDIR
// Prints one JSON line: wall ms since process start, peak RSS, output bytes and pages.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [task, file, outDir] = process.argv.slice(2);

if (task === 'archive') {
  // `archive run` in this process (the built command's main, worker threads included): FILE is
  // the archive config, OUTDIR the --jobs value. Peak RSS counts the workers: they share the process.
  const { main } = await import('../dist/cli.js');
  const lines = [];
  const code = await main(['archive', 'run', '--config', file, '--jobs', outDir, '--month', '2026-01'], { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) });
  const wallMs = performance.now();
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ task, code, wallMs: Math.round(wallMs), peakRssMB, summary: lines.at(-1) }));
  process.exit(0);
}
const bytes = new Uint8Array(readFileSync(file));
let output = null;

if (task === 'baseline') {
  // pdfmake rendering a plain table of the same texts, with none of our logic: the floor for PDF.
  const { parse } = await import('csv-parse/sync');
  const { default: pdfmake } = await import('pdfmake');
  const fontDir = new URL('../fonts/', import.meta.url);
  for (const face of ['Regular', 'Bold', 'Italic', 'BoldItalic']) pdfmake.virtualfs.writeFileSync(`${face}.ttf`, readFileSync(new URL(`KuntaraporttiSans-${face}.ttf`, fontDir)));
  pdfmake.setFonts({ Sans: { normal: 'Regular.ttf', bold: 'Bold.ttf', italics: 'Italic.ttf', bolditalics: 'BoldItalic.ttf' } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  const rows = parse(Buffer.from(bytes).toString('utf8'), { delimiter: '\t', relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  const body = rows.map((r) => [r[2] ?? '', r[5] ?? '', r[6] ?? '']);
  const doc = pdfmake.createPdf({ pageSize: 'A4', defaultStyle: { font: 'Sans', fontSize: 10 }, content: [{ table: { headerRows: 1, widths: [150, 80, '*'], body } }] });
  output = await doc.getBuffer();
} else {
  const { analyse } = await import('../dist/pipeline.js');
  // `load-rows`: only the row limit applies (file-size and unpacked-size limits raised), so the sheet streams.
  const analysis = await analyse(bytes, { file: basename(file), ...(task === 'load-rows' ? { limits: { maxUnzippedSize: 2 ** 40, maxFileSize: 2 ** 40 } } : {}) });
  if (task === 'load-rows') output = Buffer.from(analysis.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'), 'utf8');
  if (task !== 'stats' && task !== 'load-rows') {
    const { buildDocument } = await import('../dist/document/build.js');
    const { loadTemplate } = await import('../dist/node/templates.js');
    const { resolveSettings } = await import('../dist/document/settings.js');
    // Like the CLI: the template's texts are compiled for the report's language only.
    const settings = resolveSettings({ organisation: { name: 'Tuusulan kunta', unit: 'Konsernipalvelut' }, meeting: { organ: 'Kunnanvaltuusto', date: '2023-10-23', section: 87, attachment: 3 }, reportDate: '2023-09-30' });
    const tree = buildDocument({ model: analysis.model, stats: analysis.stats, diagnostics: analysis.diagnostics, source: { name: basename(file), sha256: '', rows: analysis.rows } }, await loadTemplate('valtuusto-liite', undefined, { only: settings.lang }), settings);
    if (task === 'pdf') {
      const { renderPdf } = await import('../dist/render/pdf/index.js');
      const { loadFonts } = await import('../dist/node/fonts.js');
      output = await renderPdf(tree, { fonts: await loadFonts() });
    } else if (task === 'html') {
      const { renderHtml } = await import('../dist/render/html/index.js');
      output = await renderHtml(tree);
    } else {
      const { renderDocx } = await import('../dist/render/docx/index.js');
      const { rasterizeSvg } = await import('../dist/node/rasterize.js');
      output = await renderDocx(tree, { rasterize: rasterizeSvg });
    }
  }
}

const wallMs = performance.now();
// Taken before the bench's own bookkeeping below (a text copy of the whole PDF to count pages).
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
let pages = null;
if (output && task !== 'docx' && task !== 'html' && task !== 'load-rows') pages = (Buffer.from(output).toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
if (task === 'load-rows') console.error(Buffer.from(output).toString());
else if (output && outDir) writeFileSync(join(outDir, `${basename(file)}.${task === 'docx' || task === 'html' ? task : 'pdf'}`), output);
console.log(JSON.stringify({ task, wallMs: Math.round(wallMs), peakRssMB, bytes: output ? output.length : null, pages }));
