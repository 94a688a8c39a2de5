// A report from the library alone, through the package's public entry points:
//   node examples/report.mjs TABLE SETTINGS.json OUT_DIR [TEMPLATE]
// It writes what `kuntaraportti report TABLE --config SETTINGS.json --format pdf,docx` writes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { analyse, createReport, formatDiagnostic, formatReportError, parseSettings, ReportError } from 'kuntaraportti';
import { loadFonts, loadTemplate, rasterizeSvg } from 'kuntaraportti/node';

const [table, settingsFile, outDir = 'out', templateName = 'valtuusto-liite'] = process.argv.slice(2);
const bytes = new Uint8Array(await readFile(table));
const analysis = await analyse(bytes, { file: table });
const parsed = parseSettings(JSON.parse(await readFile(settingsFile, 'utf8')));
if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
const template = await loadTemplate(templateName, undefined, { only: parsed.settings.lang });
try {
  const { files, diagnostics } = await createReport(
    { analysis, source: { name: basename(table), bytes } },
    { template, templateName, settings: parsed.settings, outputs: [{ format: 'pdf' }, { format: 'docx' }], fonts: await loadFonts(), rasterize: rasterizeSvg },
  );
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  await mkdir(outDir, { recursive: true });
  for (const f of files) {
    await writeFile(join(outDir, f.fileName), f.bytes);
    console.log(join(outDir, f.fileName));
  }
} catch (error) {
  if (!(error instanceof ReportError)) throw error;
  for (const d of error.diagnostics) console.error(formatDiagnostic(d));
  console.error(formatReportError(error));
  process.exitCode = 1;
}
