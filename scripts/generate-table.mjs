#!/usr/bin/env node
// Generates a tracking table of N actions, shaped like the real sample (TSV, same headers), for
// benchmarks and load tests. Deterministic: the same N and seed give the same bytes.
//   node scripts/generate-table.mjs 10000 > /tmp/10k.tsv

const WORDS = (
  'kunta toteutus suunnitelma palvelu kehittäminen yhteistyö hyvinvointialue asukkaat osallisuus ' +
  'turvallisuus talous strategia arviointi verkosto kampus päiväkoti koulu liikenne viestintä ' +
  'henkilöstö koulutus kysely selvitys hankinta rakentaminen aikataulu budjetti tavoite mittari ' +
  'ympäristö kulttuuri liikunta nuoret ikäihmiset työllisyys elinvoima yritykset digitalisaatio ' +
  'tietoturva varautuminen kumppanuus edistäminen käynnistetty valmistunut jatkuu keväällä syksyllä'
).split(' ');

/** mulberry32: tiny, fast, and the same sequence on every platform. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES = ['1 Ei aloitettu', '2 Suunnitteluvaiheessa, on edetty hieman', '3 Toteutus on aloitettu, ei vielä valmis', '4 Toteutusvaiheessa lähellä valmistumista, ei vielä viimeistelty/käyttöön otettu', '5 Valmis'];

export function generateTable(n, seed = 1) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const sentence = (min, max) => {
    const count = min + Math.floor(random() * (max - min + 1));
    const words = Array.from({ length: count }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  };
  const paragraph = (sentences) => Array.from({ length: sentences }, () => sentence(6, 16)).join(' ');
  const pad = (x) => String(x).padStart(2, '0');
  const lines = ['Valtuustokauden tavoite\tVuositavoite\tToimenpide\tMerkittävimmät tavoitteen toteuttamista uhkaavat riskit\tKokonais-tilanne\tJulkaistava etenemisaste\tJulkaistava teksti'];
  // Theme and goal titles are written the same on every row of theirs, as in a real table.
  const themeTitles = new Map();
  const goalTitles = new Map();
  const once = (map, key, make) => {
    if (!map.has(key)) map.set(key, make());
    return map.get(key);
  };
  const perGoal = 50;
  const goalsPerTheme = 10;
  for (let i = 0; i < n; i++) {
    const theme = Math.floor(i / (perGoal * goalsPerTheme)) + 1;
    const goal = (Math.floor(i / perGoal) % goalsPerTheme) + 1;
    const action = (i % perGoal) + 1;
    const r = random();
    const stage = r < 0.05 ? '' : STAGES[Math.min(4, Math.floor(random() * 5))];
    const risks = random() < 0.2 ? sentence(5, 12) : '';
    const text = stage === '' ? '' : paragraph(1 + Math.floor(random() * 8));
    const themeTitle = once(themeTitles, theme, () => `Teema ${theme} ${sentence(4, 8)}`);
    const goalTitle = once(goalTitles, `${theme}.${goal}`, () => `Tavoite ${sentence(4, 10)}`);
    lines.push([`${pad(theme)}. ${themeTitle}`, `${pad(theme)}.${pad(goal)} ${goalTitle}`, `${pad(theme)}.${pad(goal)}.${pad(action)} ${sentence(5, 14)}`, risks, '', stage, text].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 1);
  process.stdout.write(generateTable(n, seed));
}
