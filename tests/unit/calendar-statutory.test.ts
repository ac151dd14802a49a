import { expect } from 'chai';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { chineseDaysTable } from '../../services/calendar/chinese-days-source.js';
import { fromDayNumber, isWeekendDay, toDayNumber, yearBounds } from '../../services/calendar/local-date.js';
import {
  STATUTORY_RULE_FROM, statutoryDays, statutoryYearDays, type StatutoryDay,
} from '../../services/calendar/statutory-holidays.js';

// The provisional year of 《全国年节及纪念日放假办法》 (国务院令第795号): weekends, the 13 statutory days, and a 补假
// for each statutory day on a weekend or on a date another one holds; no 调休.
const isWeekend = (date: string) => isWeekendDay(toDayNumber(date));
const holidays = (days: StatutoryDay[]) => days.filter((d) => d.kind === 'holiday');
const makeUps = (days: StatutoryDay[]) => days.filter((d) => d.kind === 'make-up');
const dates = (days: StatutoryDay[]) => days.map((d) => d.date);
const datesOf = (year: number, festival: string, kind: StatutoryDay['kind'] = 'holiday') =>
  dates(statutoryDays(year).filter((d) => d.festival === festival && d.kind === kind));

describe('calendar: statutory rule, lunar dates from tyme4ts', () => {
  it('agrees with known 除夕, 春节, 清明, 端午 and 中秋 dates', () => {
    expect(datesOf(2025, 'spring-festival')).to.deep.equal(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(datesOf(2026, 'spring-festival')).to.deep.equal(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
    expect(datesOf(2027, 'spring-festival')).to.deep.equal(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(datesOf(2030, 'spring-festival')[0]).to.equal('2030-02-02'); // 腊月 of 2029 has 30 days
    expect([2025, 2026].map((y) => datesOf(y, 'qingming'))).to.deep.equal([['2025-04-04'], ['2026-04-05']]);
    expect([2025, 2026].map((y) => datesOf(y, 'dragon-boat'))).to.deep.equal([['2025-05-31'], ['2026-06-19']]);
    expect([2025, 2026].map((y) => datesOf(y, 'mid-autumn'))).to.deep.equal([['2025-10-06'], ['2026-09-25']]);
  });
});

describe('calendar: statutory rule against the 2025 and 2026 notices', () => {
  const table = chineseDaysTable();

  /** Days where the rule and the notice (package data) disagree, each as `date rule→notice`. */
  function differences(year: number): string[] {
    const notice = table.years.get(year)!;
    const rule = statutoryYearDays(year).holidays;
    const out: string[] = [];
    const { first, last } = yearBounds(year);
    for (let day = first; day <= last; day++) {
      const date = fromDayNumber(day);
      const noticeOff = !notice.makeupWorkdays.has(date) && (notice.holidays.has(date) || isWeekendDay(day));
      const ruleOff = rule.has(date) || isWeekendDay(day);
      if (noticeOff !== ruleOff) out.push(`${date} ${ruleOff ? 'off→work' : 'work→off'}`);
    }
    return out;
  }

  for (const year of [2025, 2026]) {
    it(`${year}: every statutory day of the rule is a day off in the notice`, () => {
      const notice = table.years.get(year)!;
      for (const d of holidays(statutoryDays(year))) expect(notice.holidays.has(d.date), d.date).to.equal(true);
    });

    it(`${year}: the notice's bridge days are the package's 调休 days in lieu, and match its make-up workdays one for one`, () => {
      const bridged = differences(year).filter((d) => d.endsWith('work→off')).map((d) => d.slice(0, 10));
      const inLieu = Object.keys(data.inLieuDays).filter((d) => d.startsWith(`${year}-`)).sort();
      expect(bridged).to.deep.equal(inLieu);
      expect(bridged.length).to.equal(table.years.get(year)!.makeupWorkdays.size); // 调休 moves days, never adds any
    });
  }

  it('2025: differs from the notice only by 调休 (every 补假 of the rule is off in the notice too)', () => {
    expect(differences(2025)).to.deep.equal([
      '2025-01-26 off→work', // Sun, 调休上班 for the 春节 block
      '2025-02-03 work→off', // Mon, 春节 bridge (1.28–2.4; statutory 1.28 除夕 … 1.31)
      '2025-02-04 work→off', // Tue, 春节 bridge
      '2025-02-08 off→work', // Sat, 调休上班 for the 春节 block
      '2025-04-27 off→work', // Sun, 调休上班 for 劳动节
      '2025-05-05 work→off', // Mon, 劳动节 bridge (5.1–5.5; statutory 5.1, 5.2)
      '2025-09-28 off→work', // Sun, 调休上班 for 国庆/中秋
      '2025-10-07 work→off', // Tue, 国庆/中秋 bridge (10.1–10.8; statutory 10.1–10.3 and 中秋 10.6)
      '2025-10-08 work→off', // Wed, 国庆/中秋 bridge
      '2025-10-11 off→work', // Sat, 调休上班 for 国庆/中秋
    ]);
    // 端午 5.31 (Sat) is made up on Mon 6.2 by the rule and by the notice (5.31–6.2).
    expect(dates(makeUps(statutoryDays(2025)))).to.deep.equal(['2025-06-02']);
  });

  it('2026: differs from the notice only by 调休 (every 补假 of the rule is off in the notice too)', () => {
    expect(differences(2026)).to.deep.equal([
      '2026-01-02 work→off', // Fri, 元旦 bridge (1.1–1.3)
      '2026-01-04 off→work', // Sun, 调休上班 for 元旦
      '2026-02-14 off→work', // Sat, 调休上班 for the 春节 block
      '2026-02-20 work→off', // Fri, 春节 bridge (2.15–2.23; statutory 2.16 除夕 … 2.19)
      '2026-02-23 work→off', // Mon, 春节 bridge
      '2026-02-28 off→work', // Sat, 调休上班 for the 春节 block
      '2026-05-05 work→off', // Tue, 劳动节 bridge (5.1–5.5; 补假 for Sat 5.2 is Mon 5.4 in both)
      '2026-05-09 off→work', // Sat, 调休上班 for 劳动节
      '2026-09-20 off→work', // Sun, 调休上班 for 国庆 (the package tags it National Day; 中秋 9.25 Fri needs none)
      '2026-10-06 work→off', // Tue, 国庆 bridge (10.1–10.7; 补假 for Sat 10.3 is Mon 10.5 in both)
      '2026-10-07 work→off', // Wed, 国庆 bridge
      '2026-10-10 off→work', // Sat, 调休上班 for 国庆
    ]);
    // 清明 Sun 4.5 → Mon 4.6, 劳动节 Sat 5.2 → Mon 5.4, 国庆 Sat 10.3 → Mon 10.5: where the notice put them too.
    expect(dates(makeUps(statutoryDays(2026)))).to.deep.equal(['2026-04-06', '2026-05-04', '2026-10-05']);
  });
});

describe('calendar: provisional statutory years', () => {
  const brief = (year: number) => statutoryDays(year).map((d) => `${d.date} ${d.zh}`);

  it('2027: 春节, 劳动节 and 国庆 weekend days are made up after each block', () => {
    expect(brief(2027)).to.deep.equal([
      '2027-01-01 元旦', // Fri
      '2027-02-05 春节', // Fri, 除夕
      '2027-02-06 春节', // Sat, 初一
      '2027-02-07 春节', // Sun, 初二
      '2027-02-08 春节', // Mon, 初三
      '2027-02-09 春节补假',
      '2027-02-10 春节补假',
      '2027-04-05 清明节', // Mon
      '2027-05-01 劳动节', // Sat
      '2027-05-02 劳动节', // Sun
      '2027-05-03 劳动节补假',
      '2027-05-04 劳动节补假',
      '2027-06-09 端午节', // Wed
      '2027-09-15 中秋节', // Wed
      '2027-10-01 国庆节', // Fri
      '2027-10-02 国庆节', // Sat
      '2027-10-03 国庆节', // Sun
      '2027-10-04 国庆节补假',
      '2027-10-05 国庆节补假',
    ]);
    expect(statutoryDays(2027).find((d) => d.date === '2027-02-09')).to.deep.equal({
      date: '2027-02-09', festival: 'spring-festival', kind: 'make-up', zh: '春节补假', en: 'Spring Festival make-up day off',
    });
  });

  it('2028: 中秋 on 国庆 (Tue 10.3) is made up like a weekend day', () => {
    expect(brief(2028)).to.deep.equal([
      '2028-01-01 元旦', // Sat
      '2028-01-03 元旦补假', // Mon
      '2028-01-25 春节', // Tue, 除夕
      '2028-01-26 春节',
      '2028-01-27 春节',
      '2028-01-28 春节', // Fri
      '2028-04-04 清明节', // Tue
      '2028-05-01 劳动节', // Mon
      '2028-05-02 劳动节', // Tue
      '2028-05-28 端午节', // Sun
      '2028-05-29 端午节补假',
      '2028-10-01 国庆节', // Sun
      '2028-10-02 国庆节', // Mon
      '2028-10-03 国庆节', // Tue
      '2028-10-03 中秋节', // the same Tue
      '2028-10-04 国庆节补假', // for Sun 10.1
      '2028-10-05 中秋节补假', // for the shared 10.3
    ]);
    expect(statutoryYearDays(2028).holidays.size).to.equal(16); // 17 entries, 10.3 counted once
  });

  it('2031: 中秋 on 10.1 (Wed) is made up after the 国庆 block and the weekend', () => {
    expect(datesOf(2031, 'mid-autumn')).to.deep.equal(['2031-10-01']);
    expect(datesOf(2031, 'mid-autumn', 'make-up')).to.deep.equal(['2031-10-06']); // 10.2, 10.3 国庆; 10.4, 10.5 weekend
  });

  it('refuses years before the rule and beyond tyme4ts', () => {
    expect(STATUTORY_RULE_FROM).to.equal(2025);
    for (const year of [2024, 1949, 2025.5, Number.NaN, 10_000]) {
      expect(() => statutoryDays(year), String(year)).to.throw(RangeError);
    }
    expect(() => statutoryYearDays(2024)).to.throw(RangeError);
    expect(statutoryDays(9999).length).to.be.greaterThan(13); // tyme4ts's last lunar year
  });

  it('properties over 2025–2099', () => {
    fc.assert(
      fc.property(fc.integer({ min: STATUTORY_RULE_FROM, max: 2099 }), (year) => {
        const days = statutoryDays(year);
        const held = holidays(days);
        const made = makeUps(days);
        expect(dates(days)).to.deep.equal([...dates(days)].sort());
        expect(days.every((d) => d.date.startsWith(`${year}-`)), 'inside the year').to.equal(true);
        // 1 + 4 + 1 + 2 + 1 + 1 + 3 with multiplicity; none spills out of the year.
        expect(held.length).to.equal(13);
        const needing = held.filter((d, i) => isWeekend(d.date) || held.findIndex((h) => h.date === d.date) < i);
        expect(made.length).to.equal(needing.length);
        for (const festival of new Set(held.map((d) => d.festival))) {
          expect(made.filter((d) => d.festival === festival).length).to.equal(needing.filter((d) => d.festival === festival).length);
        }
        const statutory = new Set(dates(held));
        for (const d of made) expect(isWeekend(d.date) || statutory.has(d.date), d.date).to.equal(false);
        expect(new Set(dates(made)).size).to.equal(made.length);
        const y = statutoryYearDays(year);
        expect(y.makeupWorkdays.size).to.equal(0);
        expect([...y.holidays].sort()).to.deep.equal([...new Set(dates(days))].sort());
      }),
      { numRuns: 200 },
    );
  });
});
