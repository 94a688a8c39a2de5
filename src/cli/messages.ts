import type { Lang } from '../diagnostics.js';

/** CLI wording per language. Finnish is the default: the users are Finnish municipal staff. */
const fi = {
  summary: (errors: number, warnings: number) => `${errors} ${errors === 1 ? 'virhe' : 'virhettä'}, ${warnings} ${warnings === 1 ? 'varoitus' : 'varoitusta'}`,
  usageError: 'käyttövirhe',
  settingsFile: (f: string) => `asetukset: ${f}`,
  positiveInteger: 'anna positiivinen kokonaisluku',
  unknownCommand: (c: string) => `tuntematon komento "${c}"`,
  missingFile: 'anna taulukkotiedosto (tai - vakiosyötteelle)',
  cannotRead: (f: string, why: string) => `tiedostoa ${f} ei voi lukea: ${why}`,
  internal: (why: string) => `odottamaton virhe: ${why}. Ilmoita tästä kehittäjille.`,
  tryHelp: 'katso --help',
  theme: 'Teema',
  actions: 'Toimenp.',
  unreported: 'Ei rap.',
  mean: 'Ka.',
  total: 'Yhteensä',
  noReport: 'raporttia ei tehty, koska taulukossa on virheitä',
  missingTwoFiles: 'anna kaksi taulukkoa: edellinen ja nykyinen',
  compareHeading: (a: string, b: string) => `Muutokset: ${a} → ${b}`,
  changeLabels: { advanced: 'Edenneet', regressed: 'Taantuneet', newlyReported: 'Nyt raportoidut', noLongerReported: 'Ei enää raportoitu', added: 'Uudet toimenpiteet', removed: 'Poistuneet toimenpiteet' },
  unchangedLine: (n: number) => `Ennallaan: ${n}`,
  notReported: 'ei raportoitu',
  errno: { ENOENT: 'tiedostoa tai hakemistoa ei ole', EISDIR: 'on hakemisto', EACCES: 'lupa evätty', EPERM: 'lupa evätty', ENOSPC: 'levy on täynnä', EDQUOT: 'levykiintiö on täynnä', ENOTDIR: 'polun osa ei ole hakemisto', EEXIST: 'samanniminen tiedosto on jo olemassa', EROFS: 'tiedostojärjestelmä on vain luettava', EIO: 'siirräntävirhe', EMFILE: 'liian monta avointa tiedostoa' } as Record<string, string>,
  cannotWriteDir: (dir: string, why: string) => `ei voi kirjoittaa hakemistoon ${dir}/: ${why}`,
  cannotWriteStdout: (why: string) => `vakiotulosteeseen ei voi kirjoittaa: ${why}`,
  outputExists: (path: string) => `${path} on jo olemassa ja eroaa uudesta; sitä ei korvattu (käytä --force tai toista --out-hakemistoa)`,
  outputRaced: (path: string) => `${path} ilmestyi kirjoituksen aikana (toinen ajo kirjoitti samaan aikaan); sitä ei korvattu`,
  outputSkipped: (paths: string) => `siksi mitään tiedostoa ei kirjoitettu; kirjoittamatta jäi myös: ${paths}`,
};
type Messages = typeof fi;

const en: Messages = {
  summary: (errors, warnings) => `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`,
  usageError: 'usage error',
  settingsFile: (f) => `settings: ${f}`,
  positiveInteger: 'give a positive whole number',
  unknownCommand: (c) => `unknown command "${c}"`,
  missingFile: 'give a table file (or - for standard input)',
  cannotRead: (f, why) => `cannot read ${f}: ${why}`,
  internal: (why) => `unexpected error: ${why}. Please report this to the developers.`,
  tryHelp: 'see --help',
  theme: 'Theme',
  actions: 'Actions',
  unreported: 'Unrep.',
  mean: 'Mean',
  total: 'Total',
  noReport: 'no report was made because the table has errors',
  missingTwoFiles: 'give two tables: the previous and the current',
  compareHeading: (a, b) => `Changes: ${a} → ${b}`,
  changeLabels: { advanced: 'Advanced', regressed: 'Regressed', newlyReported: 'Newly reported', noLongerReported: 'No longer reported', added: 'Added actions', removed: 'Removed actions' },
  unchangedLine: (n) => `Unchanged: ${n}`,
  notReported: 'not reported',
  errno: { ENOENT: 'no such file or directory', EISDIR: 'is a directory', EACCES: 'permission denied', EPERM: 'permission denied', ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', ENOTDIR: 'a part of the path is not a directory', EEXIST: 'a file of that name exists', EROFS: 'read-only file system', EIO: 'input/output error', EMFILE: 'too many open files' },
  cannotWriteDir: (dir, why) => `cannot write to directory ${dir}/: ${why}`,
  cannotWriteStdout: (why) => `cannot write to standard output: ${why}`,
  outputExists: (path) => `${path} exists and differs; it was not overwritten (use --force or another --out directory)`,
  outputRaced: (path) => `${path} appeared while writing (another run wrote it at the same time); it was not overwritten`,
  outputSkipped: (paths) => `so no file was written; also not written: ${paths}`,
};

// Complete, not spread from English: the type makes a missing Swedish wording a compile error.
const sv: Messages = {
  summary: (errors, warnings) => `${errors} ${errors === 1 ? 'fel' : 'fel'}, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}`,
  usageError: 'användningsfel',
  unknownCommand: (c) => `okänt kommando "${c}"`,
  missingFile: 'ange en tabellfil (eller - för standard in)',
  internal: (why) => `oväntat fel: ${why}. Rapportera detta till utvecklarna.`,
  tryHelp: 'se --help',
  noReport: 'ingen rapport gjordes eftersom tabellen innehåller fel',
  missingTwoFiles: 'ange två tabeller: den föregående och den nuvarande',
  settingsFile: (f) => `inställningar: ${f}`,
  positiveInteger: 'ange ett positivt heltal',
  theme: 'Tema',
  actions: 'Åtgärder',
  unreported: 'Ej rapp.',
  mean: 'Medel',
  total: 'Totalt',
  compareHeading: (a, b) => `Förändringar: ${a} → ${b}`,
  changeLabels: { advanced: 'Framskridna', regressed: 'Tillbakagångna', newlyReported: 'Nu rapporterade', noLongerReported: 'Inte längre rapporterade', added: 'Nya åtgärder', removed: 'Borttagna åtgärder' },
  unchangedLine: (n) => `Oförändrade: ${n}`,
  notReported: 'ej rapporterad',
  errno: { ENOENT: 'filen eller katalogen finns inte', EISDIR: 'är en katalog', EACCES: 'åtkomst nekad', EPERM: 'åtkomst nekad', ENOSPC: 'disken är full', EDQUOT: 'diskkvoten är full', ENOTDIR: 'en del av sökvägen är inte en katalog', EEXIST: 'en fil med det namnet finns', EROFS: 'filsystemet är skrivskyddat', EIO: 'in-/utmatningsfel', EMFILE: 'för många öppna filer' },
  cannotRead: (f, why) => `filen ${f} kan inte läsas: ${why}`,
  cannotWriteDir: (dir, why) => `kan inte skriva i katalogen ${dir}/: ${why}`,
  cannotWriteStdout: (why) => `kan inte skriva till standard ut: ${why}`,
  outputExists: (path) => `${path} finns redan och skiljer sig från den nya; den ersattes inte (använd --force eller en annan --out-katalog)`,
  outputRaced: (path) => `${path} dök upp under skrivningen (en annan körning skrev samtidigt); den ersattes inte`,
  outputSkipped: (paths) => `därför skrevs ingen fil; inte heller skrevs: ${paths}`,
};

export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : lang === 'sv' ? sv : fi;
}

export const HELP_COMPARE = {
  fi: `Käyttö: kuntaraportti compare EDELLINEN NYKYINEN [--json] [--sheet NIMI] [--lang fi|sv|en]

Vertaa kahta seurantataulukkoa toimenpiteiden koodien perusteella: edenneet ja taantuneet
toimenpiteet, nyt raportoidut ja ei enää raportoidut, uudet ja poistuneet, ennallaan pysyneiden
määrä sekä teemojen jakaumat ennen ja nyt. Taulukot voivat olla eri muodoissa (CSV, XLSX).
  --json   koneluettava JSON`,
  en: `Usage: kuntaraportti compare PREVIOUS CURRENT [--json] [--sheet NAME] [--lang fi|sv|en]

Compares two tracking tables by action code: advanced and regressed actions, newly reported and
no longer reported, added and removed, the number unchanged, and each theme's distribution then
and now. The tables may be in different formats (CSV, XLSX).
  --json   machine-readable JSON`,
  sv: `Användning: kuntaraportti compare FÖREGÅENDE NUVARANDE [--json] [--sheet NAMN] [--lang fi|sv|en]

Jämför två uppföljningstabeller utgående från åtgärdernas koder: åtgärder som framskridit och
gått tillbaka, nu rapporterade och inte längre rapporterade, nya och borttagna, antalet oförändrade
samt temanas fördelningar tidigare och nu. Tabellerna kan ha olika format (CSV, XLSX).
  --json   maskinläsbar JSON`,
};

export const HELP: Record<string, Record<'fi' | 'sv' | 'en', string>> = {
  main: {
    fi: `Käyttö: kuntaraportti <komento> [valitsimet]

Komennot:
  validate TIEDOSTO      tarkistaa seurantataulukon ja listaa kaikki ongelmat
  stats TIEDOSTO         etenemisasteiden jakauma teemoittain (--json koneluettavana)
  compare EDELLINEN NYKYINEN
                         mitä on muuttunut edellisestä raportista (--json koneluettavana)
  report TIEDOSTO        tekee raportin (PDF, DOCX) mallipohjasta
  archive run --config ARKISTO.json | archive verify JUURI
                         kuukausittainen arkistointi (PDF/A ja luettelo) ja sen tarkistus

Yhteiset valitsimet:
  --lang fi|sv|en        ilmoitusten kieli (oletus fi)
  --sheet NIMI           XLSX-tiedoston välilehti (oletus ensimmäinen näkyvä)
  --max-file-size TAVUT  suurin luettava tiedosto (oletus 52428800 eli 50 MiB)
  --max-cell MERKIT      pisin solu (oletus 100000 merkkiä)
  --max-rows N           enimmäismäärä rivejä (oletus 200000)
  -h, --help             ohje; "kuntaraportti KOMENTO --help" kertoo komennon valitsimet

Paluuarvot: 0 kunnossa, 1 virheellinen syöte, 2 väärä käyttö.`,
    en: `Usage: kuntaraportti <command> [options]

Commands:
  validate FILE          checks the tracking table and lists every problem
  stats FILE             stage distribution per theme (--json for machines)
  compare PREVIOUS CURRENT
                         what changed since the previous report (--json for machines)
  report FILE            makes the report (PDF, DOCX) from a template
  archive run --config ARCHIVE.json | archive verify ROOT
                         monthly archiving (PDF/A and a manifest) and its check

Common options:
  --lang fi|sv|en        language of messages (default fi)
  --sheet NAME           sheet of an XLSX file (default the first visible one)
  --max-file-size BYTES  largest input read (default 52428800, 50 MiB)
  --max-cell CHARS       longest cell (default 100000 characters)
  --max-rows N           most data rows (default 200000)
  -h, --help             help; "kuntaraportti COMMAND --help" lists a command's options

Exit codes: 0 ok, 1 bad input, 2 wrong usage.`,
    sv: `Användning: kuntaraportti <kommando> [flaggor]

Kommandon:
  validate FIL           kontrollerar uppföljningstabellen och listar alla problem
  stats FIL              fördelningen av framstegsgrader per tema (--json maskinläsbart)
  compare FÖREGÅENDE NUVARANDE
                         vad som har ändrats sedan föregående rapport (--json maskinläsbart)
  report FIL             gör rapporten (PDF, DOCX) utgående från en mall
  archive run --config ARKIV.json | archive verify ROT
                         månatlig arkivering (PDF/A och en förteckning) och kontroll av den

Gemensamma flaggor:
  --lang fi|sv|en        meddelandenas språk (standard fi)
  --sheet NAMN           flik i en XLSX-fil (standard den första synliga)
  --max-file-size BYTE   största fil som läses (standard 52428800, dvs. 50 MiB)
  --max-cell TECKEN      längsta cell (standard 100000 tecken)
  --max-rows N           högsta antal rader (standard 200000)
  -h, --help             hjälp; "kuntaraportti KOMMANDO --help" visar kommandots flaggor

Returvärden: 0 i sin ordning, 1 felaktig indata, 2 felaktig användning.`,
  },
  validate: {
    fi: `Käyttö: kuntaraportti validate TIEDOSTO [--sheet NIMI] [--lang fi|sv|en]

Lukee taulukon (TSV, CSV, XLSX; - lukee vakiosyötteestä) ja tulostaa jokaisen ongelman omalle
rivilleen muodossa tiedosto:rivi:sarake: virhe|varoitus: viesti, lopuksi yhteenvedon.
Paluuarvo 0, kun virheitä ei ole, 1 kun on.`,
    en: `Usage: kuntaraportti validate FILE [--sheet NAME] [--lang fi|sv|en]

Reads the table (TSV, CSV, XLSX; - reads standard input) and prints each problem on a line of its
own as file:line:column: error|warning: message, then a summary.
Exit code 0 when there are no errors, 1 when there are.`,
    sv: `Användning: kuntaraportti validate FIL [--sheet NAMN] [--lang fi|sv|en]

Läser tabellen (TSV, CSV, XLSX; - läser från standard in) och skriver ut varje problem på en egen
rad i formen fil:rad:kolumn: fel|varning: meddelande, till sist en sammanfattning.
Returvärde 0 när det inte finns några fel, 1 när det finns.`,
  },
  compare: HELP_COMPARE,
  report: {
    fi: `Käyttö: kuntaraportti report TIEDOSTO [valitsimet]

Tekee raportin seurantataulukosta ja kirjoittaa sen hakemistoon (oletus ./out); tulostaa
jokaisen kirjoitetun tiedoston polun. Olemassa olevaa, sisällöltään erilaista tiedostoa ei
korvata ilman valitsinta --force.

  --format pdf,docx,html  tiedostomuodot (oletus pdf)
  --template NIMI         valtuusto-liite (oletus), osavuosikatsaus tai arkisto
  --config TIEDOSTO       asetukset JSON-muodossa; oletuksena TAULUKKO.kuntaraportti.json
                          taulukon vierestä, jos sellainen on
  --out HAKEMISTO         mihin raportit kirjoitetaan (oletus out)
  --lang fi|sv|en         raportin ja ilmoitusten kieli (oletus fi)
  --pdfa 1a|1b|2a|2b|3a|3b|none
                          PDF/A-taso (oletus pohjan mukaan: 2a, arkisto 3a); 3a ja 3b
                          upottavat lähdetaulukon
  --previous TIEDOSTO     edellisen raportin taulukko: lisää osion muutoksista
  --docx-template TIED.   kunnan oma Word-pohja, jonka kappaleen {{raportti}} tilalle raportti tulee
  --title, --organisation, --unit, --logo TIEDOSTO (SVG tai PNG), --organ, --meeting-date VVVV-KK-PP,
  --section N, --attachment N, --report-date VVVV-KK-PP
                          ohittavat asetustiedoston vastaavat arvot
  --sheet NIMI            XLSX-tiedoston välilehti
  --force                 korvaa olemassa olevat tiedostot`,
    en: `Usage: kuntaraportti report FILE [options]

Makes the report from the tracking table and writes it into a directory (default ./out); prints
the path of each file written. An existing file with other content is not replaced without --force.

  --format pdf,docx,html  file formats (default pdf)
  --template NAME         valtuusto-liite (default), osavuosikatsaus or arkisto
  --config FILE           settings as JSON; by default TABLE.kuntaraportti.json beside the table,
                          when there is one
  --out DIR               where the reports go (default out)
  --lang fi|sv|en         language of the report and messages (default fi)
  --pdfa 1a|1b|2a|2b|3a|3b|none
                          PDF/A level (default from the template: 2a, the archive 3a);
                          3a and 3b embed the source table
  --previous FILE         the previous period's table: adds a section on what changed
  --docx-template FILE    the municipality's own Word template; the report replaces its {{raportti}} paragraph
  --title, --organisation, --unit, --logo FILE (SVG or PNG), --organ, --meeting-date YYYY-MM-DD,
  --section N, --attachment N, --report-date YYYY-MM-DD
                          override the settings file
  --sheet NAME            sheet of an XLSX file
  --force                 replace existing files`,
    sv: `Användning: kuntaraportti report FIL [flaggor]

Gör rapporten utgående från uppföljningstabellen och skriver den i en katalog (standard ./out);
skriver ut sökvägen till varje skriven fil. En befintlig fil med annat innehåll ersätts inte
utan flaggan --force.

  --format pdf,docx,html  filformat (standard pdf)
  --template NAMN         valtuusto-liite (standard; bilaga till fullmäktige), osavuosikatsaus
                          (delårsöversikt) eller arkisto (arkiv)
  --config FIL            inställningar i JSON-format; som standard TABELL.kuntaraportti.json
                          bredvid tabellen, om en sådan finns
  --out KATALOG           vart rapporterna skrivs (standard out)
  --lang fi|sv|en         rapportens och meddelandenas språk (standard fi)
  --pdfa 1a|1b|2a|2b|3a|3b|none
                          PDF/A-nivå (standard enligt mallen: 2a, arkivet 3a); 3a och 3b
                          bäddar in källtabellen
  --previous FIL          föregående rapports tabell: lägger till ett avsnitt om förändringarna
  --docx-template FIL     kommunens egen Word-mall; rapporten ersätter dess stycke {{raportti}}
  --title, --organisation, --unit, --logo FIL (SVG eller PNG), --organ, --meeting-date ÅÅÅÅ-MM-DD,
  --section N, --attachment N, --report-date ÅÅÅÅ-MM-DD
                          ersätter motsvarande värden i inställningsfilen (organ, sammanträdets
                          datum, paragraf, bilaga, rapportens datum)
  --sheet NAMN            flik i en XLSX-fil
  --force                 ersätter befintliga filer`,
  },
  stats: {
    fi: `Käyttö: kuntaraportti stats TIEDOSTO [--json] [--sheet NIMI] [--lang fi|sv|en]

Tulostaa toimenpiteiden määrän ja etenemisasteiden jakauman teemoittain ja kaikkiaan.
  --json   koneluettava JSON (toimenpiteet, asteet 1–5 ja raportoimattomat, teemat, vuositavoitteet, ilmoitukset)`,
    en: `Usage: kuntaraportti stats FILE [--json] [--sheet NAME] [--lang fi|sv|en]

Prints the number of actions and the stage distribution per theme and overall.
  --json   machine-readable JSON (actions, stages 1–5 and unreported, themes, goals, diagnostics)`,
    sv: `Användning: kuntaraportti stats FIL [--json] [--sheet NAMN] [--lang fi|sv|en]

Skriver ut antalet åtgärder och fördelningen av framstegsgrader per tema och totalt.
  --json   maskinläsbar JSON (åtgärder, grader 1–5 och orapporterade, teman, årsmål, meddelanden)`,
  },
};
