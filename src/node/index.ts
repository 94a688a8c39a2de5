// Node-only helpers: reading fonts and templates from disk, and rasterising SVG without a browser.
export { loadFonts, defaultFontDir } from './fonts.js';
export { loadTemplate, listTemplates, DEFAULT_TEMPLATE_DIR } from './templates.js';
export { rasterizeSvg } from './rasterize.js';
export { writeOutput, type WriteOutcome } from './write.js';
// The monthly archive (`kuntaraportti archive run|verify`), for a program that schedules it itself.
export { runArchive, type ArchiveRunOptions, type ArchiveRunResult, type JobOutcome } from './archive/run.js';
export { verifyArchive, type VerifyResult } from './archive/verify.js';
