import type { DiagnosticSink } from '../diagnostics.js';
import type { Field } from './types.js';

/**
 * Header names are compared without case, spaces, hyphens, underscores or punctuation, and
 * without notes in brackets ("Julkaistava etenemisaste (1–5)"), a trailing range ("… 1-5") or a
 * required-field star.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFC')
    .replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, ' ')
    .replace(/\s\d\s*[-–—]\s*\d\s*$/, ' ')
    .replace(/\*/g, ' ')
    .toLowerCase()
    .replace(/[\s\-_.:;,()/\u00a0–—'"´`]+/g, '');
}

/** Accepted header names per field: Finnish (as in the sample and other exports), Swedish, English. */
const ALIASES: Record<Field, string[]> = {
  theme: ['Valtuustokauden tavoite', 'Valtuustokauden tavoitteet', 'Teema', 'Strateginen tavoite', 'Strategiset tavoitteet', 'Valtuustokauden strateginen tavoite', 'Fullmäktigeperiodens mål', 'Tema', 'Teman', 'Strategiskt mål', 'Council term goal', 'Council-term goal', 'Theme', 'Strategic goal'],
  goal: ['Vuositavoite', 'Vuoden tavoite', 'Vuoden tavoitteet', 'Årsmål', 'Annual goal', 'Goal', 'Yearly goal'],
  action: ['Toimenpide', 'Toimenpiteet', 'Åtgärd', 'Åtgärder', 'Action', 'Actions', 'Measure'],
  risks: ['Merkittävimmät tavoitteen toteuttamista uhkaavat riskit', 'Tavoitteen toteuttamista uhkaavat riskit', 'Merkittävimmät riskit', 'Riskit', 'Riski', 'Risker', 'Väsentliga risker', 'Risks', 'Significant risks'],
  overallStatus: ['Kokonaistilanne', 'Helhetsläge', 'Helhetsstatus', 'Overall status'],
  stage: ['Julkaistava etenemisaste', 'Julkaistavat etenemisasteet', 'Etenemisaste', 'Etenemisvaihe', 'Toimenpiteen etenemisaste', 'Publicerad framstegsgrad', 'Framstegsgrad', 'Stage', 'Progress stage', 'Published stage', 'Progress'],
  text: ['Julkaistava teksti', 'Julkaistavat tekstit', 'Tilanneteksti', 'Teksti', 'Seurantateksti', 'Tilannekatsaus', 'Publicerad text', 'Lägesbeskrivning', 'Text', 'Status text', 'Published text'],
};

/** Display name of each field in messages: the sample's Finnish header. */
export const FIELD_NAMES: Record<Field, string> = {
  theme: 'Valtuustokauden tavoite',
  goal: 'Vuositavoite',
  action: 'Toimenpide',
  risks: 'Merkittävimmät tavoitteen toteuttamista uhkaavat riskit',
  overallStatus: 'Kokonaistilanne',
  stage: 'Julkaistava etenemisaste',
  text: 'Julkaistava teksti',
};

/** Without these the table cannot make a report; the others may be absent. */
const REQUIRED: Field[] = ['theme', 'action', 'stage', 'text'];

const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(ALIASES) as [Field, string[]][]) {
  for (const name of names) LOOKUP.set(normaliseHeader(name), field);
}

export type ColumnMap = Partial<Record<Field, number>>;

/**
 * The field a header names: its own entry, or the singular of a plural (Finnish -tteet/-piteet/
 * -eet/-t, Swedish -er/-na, English -s) that has an entry.
 */
export function fieldOf(header: string): Field | undefined {
  const key = normaliseHeader(header);
  if (key === '') return undefined;
  const direct = LOOKUP.get(key);
  if (direct) return direct;
  const singulars = [key.replace(/tteet$/, 'te'), key.replace(/piteet$/, 'pide'), key.replace(/eet$/, 'e'), key.replace(/t$/, ''), key.replace(/er$/, ''), key.replace(/na$/, ''), key.replace(/s$/, '')];
  for (const s of singulars) {
    if (s !== key && LOOKUP.has(s)) return LOOKUP.get(s);
  }
  return undefined;
}

/** How many of the required columns a row names: the header row is the first that names them all. */
export function requiredNamed(cells: readonly string[]): number {
  const seen = new Set<Field>();
  for (const c of cells) {
    const f = fieldOf(c);
    if (f && REQUIRED.includes(f)) seen.add(f);
  }
  return seen.size;
}

export const REQUIRED_COUNT = REQUIRED.length;

/** A header as quoted in a message: one line, at most 80 characters. */
export function quoteHeader(header: string): string {
  const one = header.trim().replace(/\s+/g, ' ');
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}

/**
 * Find the known columns by header name. Returns `null` when a required column is missing (each
 * missing one is reported, with the headers that were found).
 */
export function mapColumns(headers: string[], headerLine: number, sink: DiagnosticSink): ColumnMap | null {
  const map: ColumnMap = {};
  headers.forEach((header, index) => {
    if (normaliseHeader(header) === '') return;
    const field = fieldOf(header);
    if (!field) {
      sink.add('EXTRA_COLUMN', headerLine, index + 1, { column: quoteHeader(header) });
    } else if (map[field] !== undefined) {
      sink.add('DUPLICATE_COLUMN', headerLine, index + 1, { column: quoteHeader(header) });
    } else {
      map[field] = index;
    }
  });
  const named = headers.map((h) => h.trim()).filter((h) => h !== '');
  // At most a dozen headers, each bounded: a stray data row as "header" must not flood the line.
  const found = named.slice(0, 12).map((h) => `"${quoteHeader(h)}"`).join(', ') + (named.length > 12 ? `, … (+${named.length - 12})` : '') || '–';
  let ok = true;
  for (const field of REQUIRED) {
    if (map[field] === undefined) {
      sink.add('MISSING_COLUMN', headerLine, 0, { column: FIELD_NAMES[field], found });
      ok = false;
    }
  }
  return ok ? map : null;
}
