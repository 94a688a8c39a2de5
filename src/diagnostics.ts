/**
 * Problems in the input are data, not exceptions. Every code lives here, with its severity and its
 * wording in each language; callers pass only the code and the values the message needs.
 */
export type Lang = 'fi' | 'sv' | 'en';
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when the problem concerns a whole row or file. */
  column: number;
  /** The values `message` was made from, so it can be worded again in another language (formatMessage). */
  params?: Record<string, string | number>;
}

type Params = Record<string, string | number>;
interface CodeDef {
  severity: Severity;
  fi: string;
  sv: string;
  en: string;
}

export const CODES = {
  EMPTY_FILE: { severity: 'error', fi: 'tiedosto on tyhjä', sv: 'filen är tom', en: 'the file is empty' },
  NO_ROWS: { severity: 'error', fi: 'taulukossa on otsikkorivi mutta ei yhtään toimenpideriviä', sv: 'tabellen har en rubrikrad men inga åtgärdsrader', en: 'the table has a header row but no action rows' },
  BINARY_FILE: { severity: 'error', fi: 'tiedosto ei ole tekstimuotoinen taulukko (löytyi binääridataa)', sv: 'filen är inte en tabell i textformat (binära data hittades)', en: 'the file is not a text table (binary data found)' },
  FILE_TOO_LARGE: { severity: 'error', fi: 'tiedosto on liian suuri ({size} tavua, raja {limit}); nosta rajaa valitsimella --max-file-size', sv: 'filen är för stor ({size} byte, gräns {limit}); höj gränsen med --max-file-size', en: 'the file is too large ({size} bytes, limit {limit}); raise the limit with --max-file-size' },
  TOO_MANY_ROWS: { severity: 'error', fi: 'taulukossa on liikaa rivejä (yli {limit}); nosta rajaa valitsimella --max-rows', sv: 'tabellen har för många rader (över {limit}); höj gränsen med --max-rows', en: 'the table has too many rows (over {limit}); raise the limit with --max-rows' },
  CELL_TOO_LARGE: { severity: 'error', fi: 'solu on liian pitkä ({length} merkkiä, raja {limit}); nosta rajaa valitsimella --max-cell', sv: 'cellen är för lång ({length} tecken, gräns {limit}); höj gränsen med --max-cell', en: 'the cell is too long ({length} characters, limit {limit}); raise the limit with --max-cell' },
  UNCLOSED_QUOTE: { severity: 'error', fi: 'lainausmerkki jää sulkematta; tarkista solu, joka alkaa tästä', sv: 'ett citattecken stängs aldrig; kontrollera cellen som börjar här', en: 'a quote is never closed; check the cell that starts here' },
  PARSE_ERROR: { severity: 'error', fi: 'taulukkoa ei voi lukea: {detail}', sv: 'tabellen kan inte läsas: {detail}', en: 'the table cannot be read: {detail}' },
  XLSX_INVALID: { severity: 'error', fi: 'XLSX-tiedostoa ei voi lukea: {detail}', sv: 'XLSX-filen kan inte läsas: {detail}', en: 'the XLSX file cannot be read: {detail}' },
  XLSX_TOO_LARGE: { severity: 'error', fi: 'XLSX-tiedosto purkautuisi liian suureksi ({size} tavua, raja {limit}); tiedostoa ei avattu', sv: 'XLSX-filen skulle packas upp till för stor storlek ({size} byte, gräns {limit}); filen öppnades inte', en: 'the XLSX file would unpack too large ({size} bytes, limit {limit}); it was not opened' },
  XLSX_TOO_MANY_ENTRIES: { severity: 'error', fi: 'XLSX-tiedostossa on liikaa osia ({entries}, raja {limit}); tiedostoa ei avattu', sv: 'XLSX-filen har för många delar ({entries}, gräns {limit}); filen öppnades inte', en: 'the XLSX file has too many parts ({entries}, limit {limit}); it was not opened' },
  XLSX_SIZE_MISMATCH: { severity: 'error', fi: 'XLSX-tiedoston osa "{entry}" purkautuu suuremmaksi kuin tiedoston hakemiston ilmoittamat {declared} tavua; tiedostoa ei avattu', sv: 'delen "{entry}" i XLSX-filen packas upp till mer än de {declared} byte som filens katalog anger; filen öppnades inte', en: 'part "{entry}" of the XLSX file unpacks to more than the {declared} bytes its directory declares; it was not opened' },
  SHEET_NOT_FOUND: { severity: 'error', fi: 'välilehteä "{sheet}" ei löydy; välilehdet: {sheets}', sv: 'bladet "{sheet}" finns inte; blad: {sheets}', en: 'sheet "{sheet}" not found; sheets: {sheets}' },
  MISSING_COLUMN: { severity: 'error', fi: 'pakollinen sarake "{column}" puuttuu; löydetyt otsikot: {found}', sv: 'den obligatoriska kolumnen "{column}" saknas; rubriker som hittades: {found}', en: 'required column "{column}" is missing; headers found: {found}' },
  DUPLICATE_COLUMN: { severity: 'warning', fi: 'sarake "{column}" esiintyy kahdesti; käytetään ensimmäistä', sv: 'kolumnen "{column}" förekommer två gånger; den första används', en: 'column "{column}" appears twice; the first one is used' },
  EXTRA_COLUMN: { severity: 'warning', fi: 'tuntematon sarake "{column}" jätetään raportin ulkopuolelle', sv: 'den okända kolumnen "{column}" lämnas utanför rapporten', en: 'unknown column "{column}" is left out of the report' },
  BLANK_LINES: { severity: 'warning', fi: 'tyhjiä rivejä ohitettiin ({count})', sv: 'tomma rader hoppades över ({count})', en: 'blank lines were skipped ({count})' },
  MISSING_ACTION_CODE: { severity: 'error', fi: 'toimenpiteeltä puuttuu koodi (muotoa NN.NN.NN): "{text}"', sv: 'åtgärden saknar kod (av formen NN.NN.NN): "{text}"', en: 'the action has no code (of the form NN.NN.NN): "{text}"' },
  MALFORMED_CODE: { severity: 'error', fi: 'koodi "{code}" on väärää muotoa; odotettiin {expected}', sv: 'koden "{code}" har fel form; väntade {expected}', en: 'code "{code}" is malformed; expected {expected}' },
  CODE_MISMATCH: { severity: 'warning', fi: 'toimenpide {action} ei kuulu tällä rivillä mainittuun kohtaan {parent}; käytetään koodin mukaista {expected}', sv: 'åtgärden {action} hör inte till {parent} som nämns på raden; {expected} enligt koden används', en: 'action {action} does not belong to {parent} named on this row; using {expected} from its code' },
  GOAL_INFERRED: { severity: 'warning', fi: 'vuositavoite puuttuu; toimenpiteen {action} vuositavoite {goal} päätellään koodista', sv: 'årsmålet saknas; årsmålet {goal} för åtgärden {action} härleds ur koden', en: 'the annual goal is empty; goal {goal} of action {action} is inferred from its code' },
  THEME_INFERRED: { severity: 'warning', fi: 'valtuustokauden tavoite puuttuu; teema {theme} päätellään koodista', sv: 'målet för fullmäktigeperioden saknas; temat {theme} härleds ur koden', en: 'the council-term goal is empty; theme {theme} is inferred from the code' },
  TITLE_VARIANT: { severity: 'warning', fi: '{id} on kirjoitettu usealla tavalla; käytetään yleisintä: "{chosen}" (myös: "{other}")', sv: '{id} är skrivet på flera sätt; det vanligaste används: "{chosen}" (även: "{other}")', en: '{id} is spelled in several ways; the most frequent is used: "{chosen}" (also: "{other}")' },
  TITLE_MISSING: { severity: 'warning', fi: 'kohdalta {id} puuttuu otsikko', sv: '{id} saknar rubrik', en: '{id} has no title' },
  DUPLICATE_ACTION: { severity: 'warning', fi: 'toimenpide {id} on myös rivillä {first}; rivit yhdistetään yhdeksi toimenpiteeksi', sv: 'åtgärden {id} finns också på rad {first}; raderna slås samman till en åtgärd', en: 'action {id} also appears on line {first}; the rows are merged into one action' },
  STAGE_CONFLICT: { severity: 'warning', fi: 'toimenpiteen {id} riveillä on eri etenemisasteet ({stages}); käytetään alinta', sv: 'raderna för åtgärden {id} anger olika framskridande ({stages}); det lägsta används', en: 'the rows of action {id} give different stages ({stages}); the lowest is used' },
  INVALID_STAGE: { severity: 'error', fi: 'etenemisaste "{value}" ei ole muotoa "N Selite", jossa N on 1–5', sv: 'framskridandet "{value}" har inte formen "N Beskrivning" där N är 1–5', en: 'stage "{value}" is not of the form "N Label" with N in 1–5' },
  TITLE_CHANGED: { severity: 'warning', fi: 'toimenpiteen {id} otsikko on muuttunut edellisestä taulukosta ("{before}" → "{after}"); toimenpiteet yhdistetään koodin perusteella', sv: 'rubriken för åtgärden {id} har ändrats sedan föregående tabell ("{before}" → "{after}"); åtgärderna paras ihop enligt koden', en: 'the title of action {id} changed since the previous table ("{before}" → "{after}"); the actions are matched by code' },
  FILE_TOO_LARGE_STREAM: { severity: 'error', fi: 'syöte on liian suuri (yli {limit} tavua); lukeminen lopetettiin rajaan; nosta rajaa valitsimella --max-file-size', sv: 'indata är för stor (över {limit} byte); läsningen avbröts vid gränsen; höj gränsen med --max-file-size', en: 'the input is too large (over {limit} bytes); reading stopped at the limit; raise the limit with --max-file-size' },
  HEADER_ROW: { severity: 'warning', fi: 'otsikkorivi on rivillä {line}; sen yläpuolelta ohitettiin rivejä: {skipped} (ensimmäinen: "{first}")', sv: 'rubrikraden är rad {line}; rader ovanför den hoppades över: {skipped} (den första: "{first}")', en: 'the header row is line {line}; rows above it skipped: {skipped} (the first: "{first}")' },
  SHEET_USED: { severity: 'warning', fi: 'luettiin välilehti "{sheet}" (ensimmäinen näkyvä); muut välilehdet: {others}; valitse toinen valitsimella --sheet', sv: 'bladet "{sheet}" lästes (det första synliga); övriga blad: {others}; välj ett annat med --sheet', en: 'sheet "{sheet}" was read (the first visible one); other sheets: {others}; choose another with --sheet' },
  COLUMNS_ON_OTHER_SHEET: { severity: 'error', fi: 'välilehdellä "{sheet}" ei ole taulukon sarakkeita, mutta välilehdellä "{other}" on; anna --sheet "{other}"', sv: 'bladet "{sheet}" saknar tabellens kolumner, men bladet "{other}" har dem; ange --sheet "{other}"', en: 'sheet "{sheet}" does not have the table\'s columns, but sheet "{other}" has; give --sheet "{other}"' },
  INVALID_BYTE: { severity: 'warning', fi: 'tavu 0x{byte} ei ole UTF-8-merkistöä; se näytetään merkkinä □ (muu tiedosto luettiin UTF-8:na)', sv: 'byte 0x{byte} är inte UTF-8; den visas som □ (resten av filen lästes som UTF-8)', en: 'byte 0x{byte} is not UTF-8; it is shown as □ (the rest of the file was read as UTF-8)' },
  CONTROL_CHAR: { severity: 'warning', fi: 'solussa on ohjausmerkki {char}; se näytetään merkkinä □', sv: 'cellen innehåller styrtecknet {char}; det visas som □', en: 'the cell holds the control character {char}; it is shown as □' },
  UTF16_NO_BOM: { severity: 'warning', fi: 'tiedosto tunnistettiin UTF-16-merkistöksi ({encoding}) ilman tavujärjestysmerkkiä (BOM)', sv: 'filen identifierades som UTF-16 ({encoding}) utan byteordningsmärke (BOM)', en: 'the file was recognised as UTF-16 ({encoding}) without a byte order mark (BOM)' },
  FORMULA_NO_VALUE: { severity: 'warning', fi: 'arvo puuttuu: kaava ilman tallennettua tulosta; avaa ja tallenna tiedosto Excelissä, jotta tulos tallentuu', sv: 'värde saknas: formel utan sparat resultat; öppna och spara filen i Excel så att resultatet sparas', en: 'value missing: a formula without a stored result; open and save the file in Excel so that the result is stored' },
  FORMULA_COLUMN_EMPTY: { severity: 'error', fi: 'sarakkeen "{column}" kaikki solut ovat kaavoja ilman tallennettua tulosta; raporttiin ei tulisi niistä mitään; avaa ja tallenna tiedosto Excelissä', sv: 'alla celler i kolumnen "{column}" är formler utan sparat resultat; rapporten skulle sakna dem; öppna och spara filen i Excel', en: 'every cell of column "{column}" is a formula without a stored result; the report would have none of them; open and save the file in Excel' },
  XLS_FILE: { severity: 'error', fi: 'tiedosto on vanhaa Excel 97–2003 -muotoa (.xls), jota ei lueta; tallenna se Excelissä muodossa .xlsx tai CSV, tai muunna: soffice --headless --convert-to xlsx TIEDOSTO', sv: 'filen är i det gamla Excel 97–2003-formatet (.xls), som inte läses; spara den i Excel som .xlsx eller CSV, eller konvertera: soffice --headless --convert-to xlsx FIL', en: 'the file is in the old Excel 97–2003 format (.xls), which is not read; save it in Excel as .xlsx or CSV, or convert it: soffice --headless --convert-to xlsx FILE' },
  ODS_FILE: { severity: 'error', fi: 'tiedosto on OpenDocument-laskentataulukko (.ods), jota ei lueta; tallenna se LibreOfficessa muodossa .xlsx tai CSV, tai muunna: soffice --headless --convert-to xlsx TIEDOSTO', sv: 'filen är ett OpenDocument-kalkylblad (.ods), som inte läses; spara den i LibreOffice som .xlsx eller CSV, eller konvertera: soffice --headless --convert-to xlsx FIL', en: 'the file is an OpenDocument spreadsheet (.ods), which is not read; save it in LibreOffice as .xlsx or CSV, or convert it: soffice --headless --convert-to xlsx FILE' },
  NOT_A_WORKBOOK: { severity: 'error', fi: 'tiedosto on zip-paketti mutta ei Excel-työkirja (.xlsx): siitä puuttuu {part}', sv: 'filen är ett zip-paket men ingen Excel-arbetsbok (.xlsx): {part} saknas', en: 'the file is a zip archive but not an Excel workbook (.xlsx): {part} is missing' },
  XLSX_BAD_CELL: { severity: 'error', fi: 'solua ei voi lukea: {detail}', sv: 'cellen kan inte läsas: {detail}', en: 'the cell cannot be read: {detail}' },
  TOO_MANY_CELLS: { severity: 'error', fi: 'välilehdellä on liikaa soluja (yli {limit}); lukeminen lopetettiin; nosta rivirajaa valitsimella --max-rows', sv: 'bladet har för många celler (över {limit}); läsningen avbröts; höj radgränsen med --max-rows', en: 'the sheet has too many cells (over {limit}); reading stopped; raise the row limit with --max-rows' },
  STAGE_FROM_LABEL: { severity: 'warning', fi: 'etenemisaste on annettu vain selitteenä; tulkittiin asteeksi {value} ("{label}")', sv: 'framskridandet anges bara som beskrivning; tolkades som {value} ("{label}")', en: 'the stage is given as its label only; read as stage {value} ("{label}")' },
  UNREPORTED: { severity: 'warning', fi: 'toimenpiteelle {id} ei ole ilmoitettu etenemisastetta', sv: 'inget framskridande har angetts för åtgärden {id}', en: 'no stage is reported for action {id}' },
} as const satisfies Record<string, CodeDef>;

export type DiagnosticCode = keyof typeof CODES;

/**
 * Two long texts that differ (two spellings of a title) as excerpts of at most 80 characters
 * around their first difference, so the bounded message still shows what differs.
 */
export function differingExcerpts(a: string, b: string): [string, string] {
  if (a.length <= 80 && b.length <= 80) return [a, b];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 40);
  const cut = (s: string) => `${from > 0 ? '…' : ''}${s.slice(from, from + 78)}${s.length > from + 78 ? '…' : ''}`;
  return [cut(a), cut(b)];
}

/** Params that are lists or phrases the caller has bounded part by part (headers found, sheet names, a reader's detail). */
const LISTS = new Set(['found', 'sheets', 'others', 'stages', 'detail']);

/**
 * A value from the input as quoted in a message: one line (line breaks become spaces, other
 * control and bidi characters □), at most 80 characters (lists 400), so a cell can neither flood
 * nor forge a line.
 */
export function boundParam(key: string, value: string | number): string | number {
  if (typeof value === 'number') return value;
  // eslint-disable-next-line no-control-regex
  const one = value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0]/g, '□');
  const max = LISTS.has(key) ? 400 : 80;
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function formatMessage(code: DiagnosticCode, params: Params = {}, lang: Lang = 'fi'): string {
  const def: CodeDef = CODES[code];
  const pattern = def[lang];
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => (params[key] === undefined ? `{${key}}` : String(boundParam(key, params[key]))));
}

/**
 * A file name or path for one line of output: control characters, line separators and bidi
 * controls are written as escapes, so a name cannot forge another line or reorder this one.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u{${c.charCodeAt(0).toString(16).padStart(4, '0')}}`;
  });
}

/** Collects diagnostics for one input, so every stage reports in the same shape and language. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  constructor(
    readonly file: string,
    readonly lang: Lang = 'fi',
  ) {}

  add(code: DiagnosticCode, line: number, column: number, params: Params = {}): void {
    this.items.push({ severity: CODES[code].severity, code, message: formatMessage(code, params, this.lang), file: this.file, line, column, params });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:column: virhe: message`, the shape compilers use so editors can jump to it. */
export function formatDiagnostic(d: Diagnostic, lang: Lang = 'fi'): string {
  const word = d.severity === 'error' ? { fi: 'virhe', sv: 'fel', en: 'error' }[lang] : { fi: 'varoitus', sv: 'varning', en: 'warning' }[lang];
  // Worded again from its parameters, so a diagnostic made in one language prints in another.
  const message = d.params && d.code in CODES ? formatMessage(d.code, d.params, lang) : d.message;
  return `${printable(d.file)}:${d.line}:${d.column}: ${word}: ${message}`;
}
