#!/usr/bin/env node
// Prints the SHA-256 of every pdfmake/pdfkit method the PDF renderer patches or copies, as the
// installed versions have them, beside the hash recorded in the table next to each patch.
// For bringing the patches up to date after an upgrade: read each changed method's new source,
// check the patch still holds, then copy the new hash into its table.
//   npm run build && node scripts/patch-hashes.mjs
import { readFileSync } from 'node:fs';
import printerModule from 'pdfmake/js/Printer.js';

const { sharedFace } = await import('../dist/render/pdf/lines.js');
const { embeddedFontPrototype } = await import('../dist/render/pdf/pdfkit-bare.js');
const { speedPatches } = await import('../dist/render/pdf/patches/index.js');
const { taggingPatches } = await import('../dist/render/pdf/pdfmake-tags.js');
const { svgFontPatches } = await import('../dist/render/pdf/svg-fonts.js');
const { currentHashes, sourceHash } = await import('../dist/render/pdf/patches/patch.js');

sharedFace(new Uint8Array(readFileSync(new URL('../fonts/KuntaraporttiSans-Regular.ttf', import.meta.url))));
let changed = 0;
for (const set of [speedPatches(embeddedFontPrototype()), svgFontPatches(), taggingPatches()]) {
  console.log(`${set.name} (${set.kind}, written for ${set.upstream})`);
  for (const [method, found] of Object.entries(currentHashes(set))) {
    const same = found === set.hashes[method];
    if (!same) changed++;
    console.log(`  ${same ? 'same   ' : 'CHANGED'} '${method}': '${found}',`);
  }
}
const printer = (printerModule.default ?? printerModule).prototype.createPdfKitDocument;
console.log(`printer.ts copy of PdfPrinter.prototype.createPdfKitDocument: '${sourceHash(printer)}'`);
process.exitCode = changed > 0 ? 1 : 0;
