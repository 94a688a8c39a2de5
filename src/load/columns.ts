import type { DiagnosticSink } from '../diagnostics.js';
import type { Field } from './types.js';

/** Header names are compared without case, spaces, hyphens, underscores or punctuation. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-_.:;,()/]+/g, '');
}

/** Accepted header names per field: Finnish (as in the sample and other exports), Swedish, English. */
const ALIASES: Record<Field, string[]> = {
  theme: ['Valtuustokauden tavoite', 'Teema', 'Strateginen tavoite', 'Fullmäktigeperiodens mål', 'Tema', 'Council term goal', 'Council-term goal', 'Theme'],
  goal: ['Vuositavoite', 'Årsmål', 'Annual goal', 'Goal'],
  action: ['Toimenpide', 'Toimenpiteet', 'Åtgärd', 'Åtgärder', 'Action', 'Actions'],
  risks: ['Merkittävimmät tavoitteen toteuttamista uhkaavat riskit', 'Riskit', 'Risker', 'Väsentliga risker', 'Risks', 'Significant risks'],
  overallStatus: ['Kokonaistilanne', 'Helhetsläge', 'Helhetsstatus', 'Overall status'],
  stage: ['Julkaistava etenemisaste', 'Etenemisaste', 'Publicerad framstegsgrad', 'Framstegsgrad', 'Stage', 'Progress stage', 'Published stage'],
  text: ['Julkaistava teksti', 'Tilanneteksti', 'Teksti', 'Publicerad text', 'Lägesbeskrivning', 'Text', 'Status text', 'Published text'],
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
 * Find the known columns by header name. Returns `null` when a required column is missing (each
 * missing one is reported, with the headers that were found).
 */
export function mapColumns(headers: string[], headerLine: number, sink: DiagnosticSink): ColumnMap | null {
  const map: ColumnMap = {};
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    if (key === '') return;
    const field = LOOKUP.get(key);
    if (!field) {
      sink.add('EXTRA_COLUMN', headerLine, index + 1, { column: header.trim() });
    } else if (map[field] !== undefined) {
      sink.add('DUPLICATE_COLUMN', headerLine, index + 1, { column: header.trim() });
    } else {
      map[field] = index;
    }
  });
  const found = headers.map((h) => h.trim()).filter((h) => h !== '').map((h) => `"${h}"`).join(', ') || '–';
  let ok = true;
  for (const field of REQUIRED) {
    if (map[field] === undefined) {
      sink.add('MISSING_COLUMN', headerLine, 0, { column: FIELD_NAMES[field], found });
      ok = false;
    }
  }
  return ok ? map : null;
}
