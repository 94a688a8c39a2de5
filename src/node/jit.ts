/**
 * V8 hands a function to TurboFan, its optimising compiler, once the function has run a set
 * amount of bytecode (the interrupt budget). A report from an ordinary table is a burst of under a
 * second through a great deal of code that runs only a few times (pdfmake, pdfkit, fontkit, docx),
 * and TurboFan compiles on background threads: on a machine of two cores they compete with the PDF
 * worker and the second renderer for the same cores. Ten times the budget leaves TurboFan the code
 * that is truly hot (deflate, font subsetting, layout loops), which still reaches it early.
 *
 * Measured on the 2-core machine (`npm run bench`, and fresh processes by hand; the note of
 * 2026-12-02): for the sample the run's CPU time fell by a fifth (`pdf` 1.13 → 0.88 s, `docx`
 * 0.93 → 0.72 s), and `pdf,docx` went from 1.32–1.41× the PDF alone to about 1.2×; for 1,000 and
 * 10,000 actions the wall time stayed the same or fell. The output is the same: tiers change speed,
 * not results (the byte-comparison tests run the command).
 */
import { setFlagsFromString } from 'node:v8';

/** Ten times V8 11.3's (Node 20's) default interrupt budget of 67,584 bytes of bytecode. */
export const REPORT_INTERRUPT_BUDGET = 10 * 67_584;

let tuned = false;

/**
 * Raises the budget for the rest of this process, worker threads included. Process-wide, so only
 * the command calls it, never the library; V8 reads the flag at each tier-up decision. Only on the
 * V8 it was measured on (11.x, Node 20): the default and the tiers differ between V8 versions, and
 * a flag V8 does not know is an error line on stderr.
 */
export function tuneJitForReport(v8Version: string = process.versions.v8): boolean {
  if (tuned) return true;
  if (!/^11\./.test(v8Version)) return false;
  setFlagsFromString(`--interrupt-budget=${REPORT_INTERRUPT_BUDGET}`);
  tuned = true;
  return true;
}
