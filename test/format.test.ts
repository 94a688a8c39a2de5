import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NBSP, formatCount, formatDate, formatNumber, formatPercent, joinList, parseIsoDate } from '../src/document/format.js';

describe('formatDate', () => {
  it('writes d.m.yyyy without leading zeros in Finnish and Swedish', () => {
    expect(formatDate('2023-06-02', 'fi')).toBe('2.6.2023');
    expect(formatDate('2023-10-23', 'fi')).toBe('23.10.2023');
    expect(formatDate('2023-09-30', 'sv')).toBe('30.9.2023');
  });
  it('writes the month name in English', () => {
    expect(formatDate('2023-06-02', 'en')).toBe('2 June 2023');
  });
  it('keeps the calendar day whatever the time zone (no Date involved)', () => {
    // 1 January at midnight is the classic case a Date in UTC-x turns into 31 December.
    expect(formatDate('2024-01-01', 'fi')).toBe('1.1.2024');
    expect(formatDate('2024-12-31', 'fi')).toBe('31.12.2024');
  });
  it('rejects dates that do not exist or are not ISO', () => {
    expect(() => formatDate('2023-02-29', 'fi')).toThrow(RangeError);
    expect(() => formatDate('23.10.2023', 'fi')).toThrow(RangeError);
    expect(() => formatDate('2023-13-01', 'fi')).toThrow(RangeError);
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('1900-02-29')).toBeNull();
  });
  it('round-trips every real date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-').map(Number);
        expect(formatDate(iso, 'fi')).toBe(`${day}.${m}.${y}`);
      }),
    );
  });
});

describe('formatNumber', () => {
  it('uses a decimal comma and a no-break space between thousands', () => {
    expect(formatNumber(12345.6, 'fi')).toBe(`12${NBSP}345,6`);
    expect(formatNumber(1234567, 'sv')).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatNumber(999, 'fi')).toBe('999');
    expect(formatNumber(0, 'fi')).toBe('0');
  });
  it('uses English separators in English', () => {
    expect(formatNumber(12345.6, 'en')).toBe('12,345.6');
  });
  it('rounds to the requested decimals and drops the sign of a rounded zero', () => {
    expect(formatNumber(2.75, 'fi', 1)).toBe('2,8');
    expect(formatNumber(3, 'fi', 1)).toBe('3,0');
    expect(formatNumber(-0.01, 'fi', 1)).toBe('0,0');
    expect(formatNumber(-1500, 'fi')).toBe(`-1${NBSP}500`);
  });
  it('never contains an ordinary space or a point in Finnish', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (n) => {
        const s = formatNumber(n, 'fi');
        expect(s).not.toMatch(/[ .]/);
        expect(Number(s.replaceAll(NBSP, '').replace(',', '.'))).toBeCloseTo(n, 0);
      }),
    );
  });
  it('rejects non-finite numbers', () => {
    expect(() => formatNumber(Number.NaN, 'fi')).toThrow(RangeError);
  });
});

describe('formatPercent', () => {
  it('puts a no-break space before % in Finnish and Swedish only', () => {
    expect(formatPercent(45, 'fi')).toBe(`45${NBSP}%`);
    expect(formatPercent(45, 'sv')).toBe(`45${NBSP}%`);
    expect(formatPercent(45, 'en')).toBe('45%');
    expect(formatPercent(12.5, 'fi')).toBe(`12,5${NBSP}%`);
  });
});

describe('formatCount', () => {
  it('chooses singular only for exactly one', () => {
    expect(formatCount(1, 'toimenpide', 'toimenpidettä', 'fi')).toBe('1 toimenpide');
    expect(formatCount(2, 'toimenpide', 'toimenpidettä', 'fi')).toBe('2 toimenpidettä');
    expect(formatCount(0, 'toimenpide', 'toimenpidettä', 'fi')).toBe('0 toimenpidettä');
    expect(formatCount(1234, 'åtgärd', 'åtgärder', 'sv')).toBe(`1${NBSP}234 åtgärder`);
  });
});

describe('joinList', () => {
  it('joins with the language’s word for and', () => {
    expect(joinList(['a'], 'fi')).toBe('a');
    expect(joinList(['a', 'b', 'c'], 'fi')).toBe('a, b ja c');
    expect(joinList(['a', 'b'], 'sv')).toBe('a och b');
    expect(joinList([], 'en')).toBe('');
  });
});
