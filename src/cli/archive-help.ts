// The archive command's flags and help, apart from archive.ts so the CLI loads them without the
// archive's code.

export const ARCHIVE_OPTIONS = {
  config: { type: 'string' },
  month: { type: 'string' },
  jobs: { type: 'string' },
  'dry-run': { type: 'boolean' },
  wait: { type: 'string' },
} as const;

export const ARCHIVE_HELP = {
  fi: `Käyttö: kuntaraportti archive run --config ARKISTO.json [--month VVVV-KK] [--jobs N] [--dry-run]
       kuntaraportti archive verify JUURI

run     tekee asetustiedoston jokaisen työn arkistokappaleen (PDF/A, lähdetaulukko upotettuna)
        hakemistoon JUURI/VVVV/KK/<nimi>-VVVV-KK.pdf ja kirjaa sen kuukauden manifest.json-
        tiedostoon. Uusintaajo, jonka lähteet ja asetukset eivät ole muuttuneet, ei kirjoita mitään;
        muuttunut lähde kirjoitetaan uutena versiona (-v2, -v3, …) vanhan viereen.
  --config TIEDOSTO   arkiston asetukset: {"root": HAKEMISTO, "jobs": [{"name", "input",
                      "template", "settings", "pdfa"}]}; suhteelliset polut tiedoston kansiosta
  --month VVVV-KK     arkistoitava kuukausi (oletus kuluva kuukausi; aiemmankin voi tehdä)
  --jobs N            rinnakkaiset työt (oletus prosessorien määrä)
  --dry-run           kertoo, mitä kirjoitettaisiin, eikä kirjoita mitään
  --wait SEKUNTIA     kauanko odotetaan toista samaa juurta käyttävää ajoa (oletus 900; 0 = ei odoteta)
verify  laskee jokaisen luetteloidun tiedoston tiivisteen uudelleen ja kertoo puuttuvat,
        muuttuneet ja luetteloimattomat tiedostot sekä luettelot, joita ei voi lukea.

Paluuarvot: 0 kunnossa, 1 jokin työ epäonnistui tai arkistossa on vikaa, 2 väärä käyttö.`,
  en: `Usage: kuntaraportti archive run --config ARCHIVE.json [--month YYYY-MM] [--jobs N] [--dry-run]
       kuntaraportti archive verify ROOT

run     makes the archive copy (PDF/A, with the source table embedded) of every job in the config
        as ROOT/YYYY/MM/<name>-YYYY-MM.pdf and records it in that month's manifest.json. A rerun
        whose sources and settings are unchanged writes nothing; a changed source is written as a
        new version (-v2, -v3, …) beside the old one.
  --config FILE       the archive config: {"root": DIR, "jobs": [{"name", "input", "template",
                      "settings", "pdfa"}]}; relative paths are relative to the config file
  --month YYYY-MM     the month to archive (default the current month; earlier ones may be backfilled)
  --jobs N            jobs in parallel (default the number of cores)
  --dry-run           says what would be written and writes nothing
  --wait SECONDS      how long to wait for another run on the same root (default 900; 0 = do not wait)
verify  rehashes every listed file and reports missing, changed and unlisted files and manifests
        that cannot be read.

Exit codes: 0 ok, 1 a job failed or the archive has a problem, 2 wrong usage.`,
  sv: `Användning: kuntaraportti archive run --config ARKIV.json [--month ÅÅÅÅ-MM] [--jobs N] [--dry-run]
       kuntaraportti archive verify ROT

run     gör arkivexemplaret (PDF/A, med källtabellen inbäddad) av varje jobb i inställningsfilen
        som ROT/ÅÅÅÅ/MM/<namn>-ÅÅÅÅ-MM.pdf och för in det i månadens manifest.json. En ny körning
        vars källor och inställningar inte har ändrats skriver ingenting; en ändrad källa skrivs
        som en ny version (-v2, -v3, …) bredvid den gamla.
  --config FIL        arkivets inställningar: {"root": KATALOG, "jobs": [{"name", "input",
                      "template", "settings", "pdfa"}]}; relativa sökvägar utgår från filens mapp
  --month ÅÅÅÅ-MM     månaden som arkiveras (standard innevarande månad; även tidigare kan göras)
  --jobs N            parallella jobb (standard antalet processorer)
  --dry-run           berättar vad som skulle skrivas och skriver ingenting
  --wait SEKUNDER     hur länge en annan körning på samma rot inväntas (standard 900; 0 = vänta inte)
verify  beräknar om kontrollsumman för varje förtecknad fil och rapporterar saknade, ändrade och
        oförtecknade filer samt förteckningar som inte kan läsas.

Returvärden: 0 i sin ordning, 1 något jobb misslyckades eller arkivet har fel, 2 felaktig användning.`,
};
