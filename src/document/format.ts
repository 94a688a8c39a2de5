/**
 * Number, date and plural formatting for the report languages, written out by hand rather than
 * through Intl so the output is byte-identical on every Node and browser (ICU versions differ in
 * spaces and month names).
 */
import type { Lang } from '../diagnostics.js';

/** No-break space: keeps `12 345` and `45 %` together across line breaks. */
export const NBSP = '\u00a0';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Parses `YYYY-MM-DD` as a calendar date (no time zone involved); `null` when it is no real date. */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day > days) return null;
  return { year, month, day };
}

/**
 * `2023-06-02` → `2.6.2023` (fi, sv: SFS 2487 and Swedish usage in Finland), `2 June 2023` (en).
 * Throws on anything but a real ISO date: settings are validated before they get here.
 */
export function formatDate(iso: string, lang: Lang): string {
  const d = parseIsoDate(iso);
  if (!d) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  if (lang === 'en') return `${d.day} ${EN_MONTHS[d.month - 1]} ${d.year}`;
  return `${d.day}.${d.month}.${d.year}`;
}

function separators(lang: Lang): { group: string; decimal: string } {
  return lang === 'en' ? { group: ',', decimal: '.' } : { group: NBSP, decimal: ',' };
}

/**
 * `12345.6` → `12 345,6` (fi, sv; no-break space between thousands) or `12,345.6` (en).
 * `decimals` fixes the number of decimals; without it integers stay integers and other numbers get
 * at most one decimal, which is what a report of counts and means needs.
 */
export function formatNumber(value: number, lang: Lang, decimals?: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const places = decimals ?? (Number.isInteger(value) ? 0 : 1);
  const fixed = Math.abs(value).toFixed(places);
  const [int = '0', frac] = fixed.split('.');
  const { group, decimal } = separators(lang);
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  // `-0` and values that round to zero get no sign.
  const negative = value < 0 && /[1-9]/.test(fixed);
  return `${negative ? '-' : ''}${grouped}${frac === undefined ? '' : decimal + frac}`;
}

/** `45` → `45 %` (fi, sv: no-break space before %) or `45%` (en). The value is already a percentage. */
export function formatPercent(value: number, lang: Lang, decimals?: number): string {
  return `${formatNumber(value, lang, decimals)}${lang === 'en' ? '' : NBSP}%`;
}

/** Chooses the singular for exactly 1, the other form otherwise (0 toimenpidettä, 2 toimenpidettä). */
export function pluralForm(count: number, one: string, other: string): string {
  return count === 1 ? one : other;
}

/** `1 toimenpide`, `2 toimenpidettä`, `1 234 toimenpidettä` (the count formatted for the language). */
export function formatCount(count: number, one: string, other: string, lang: Lang): string {
  return `${formatNumber(count, lang)} ${pluralForm(count, one, other)}`;
}

/** Joins a list the way running text does: `a, b ja c` (fi), `a, b och c` (sv), `a, b and c` (en). */
export function joinList(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  const and = { fi: 'ja', sv: 'och', en: 'and' }[lang];
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}
