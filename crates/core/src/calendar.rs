//! Quebec business days (« jours ouvrables »): the deadlines of M7 and M16 count them.
//!
//! A business day is a weekday that is not a statutory holiday of Quebec nor an extra closure
//! day the installation configures (for example the public service's December 26 and
//! January 2). The holidays are computed for any year, not listed:
//! New Year's Day, Good Friday, Easter Monday, National Patriots' Day (the Monday before
//! May 25), June 24 and July 1 (each moved to the 25th or the 2nd when it falls on a Sunday),
//! Labour Day (first Monday of September), Thanksgiving (second Monday of October), Christmas.

use std::collections::BTreeSet;

use time::{Date, Duration, Month, Weekday};

/// Business days, with any extra closure days of the installation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BusinessCalendar {
    closures: BTreeSet<Date>,
}

impl BusinessCalendar {
    /// The statutory calendar plus `closures`.
    pub fn with_closures(closures: impl IntoIterator<Item = Date>) -> Self {
        BusinessCalendar {
            closures: closures.into_iter().collect(),
        }
    }

    pub fn is_business_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !is_statutory_holiday(day)
            && !self.closures.contains(&day)
    }

    /// The `n`th business day after `day` (`day` itself does not count): a code issued on a
    /// Monday with 4 business days to use it runs through Friday, or later across a holiday.
    pub fn add_business_days(&self, day: Date, n: u32) -> Date {
        let mut current = day;
        let mut left = n;
        while left > 0 {
            current = next_day(current);
            if self.is_business_day(current) {
                left -= 1;
            }
        }
        current
    }

    /// How many business days lie after `from` up to and including `to` (0 if `to <= from`).
    pub fn business_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut current = from;
        while current < to {
            current = next_day(current);
            if self.is_business_day(current) {
                count += 1;
            }
        }
        count
    }
}

fn next_day(day: Date) -> Date {
    day.next_day().unwrap_or(Date::MAX)
}

/// Whether `day` is one of Quebec's statutory holidays (see the module's list).
pub fn is_statutory_holiday(day: Date) -> bool {
    statutory_holidays(day.year()).contains(&day)
}

/// Quebec's statutory holidays of `year`, in order.
pub fn statutory_holidays(year: i32) -> Vec<Date> {
    let on = |month: Month, d: u8| Date::from_calendar_date(year, month, d).ok();
    let sunday_moves_to_monday = |day: Option<Date>| {
        day.map(|d| {
            if d.weekday() == Weekday::Sunday {
                d + Duration::days(1)
            } else {
                d
            }
        })
    };
    let easter = easter_sunday(year);
    [
        on(Month::January, 1),
        easter.map(|e| e - Duration::days(2)),
        easter.map(|e| e + Duration::days(1)),
        // National Patriots' Day: the Monday before May 25, that is the one from May 18 to 24.
        on(Month::May, 18).map(|d| nth_weekday_from(d, Weekday::Monday, 1)),
        sunday_moves_to_monday(on(Month::June, 24)),
        sunday_moves_to_monday(on(Month::July, 1)),
        on(Month::September, 1).map(|d| nth_weekday_from(d, Weekday::Monday, 1)),
        on(Month::October, 1).map(|d| nth_weekday_from(d, Weekday::Monday, 2)),
        on(Month::December, 25),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The `n`th `weekday` on or after `first`.
fn nth_weekday_from(first: Date, weekday: Weekday, n: i64) -> Date {
    let offset = (i64::from(weekday.number_days_from_monday())
        - i64::from(first.weekday().number_days_from_monday()))
    .rem_euclid(7);
    first + Duration::days(offset + 7 * (n - 1))
}

/// Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus).
pub fn easter_sunday(year: i32) -> Option<Date> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn the_holidays_of_2026_are_the_published_ones() {
        assert_eq!(
            statutory_holidays(2026),
            vec![
                date!(2026 - 01 - 01),
                date!(2026 - 04 - 03),
                date!(2026 - 04 - 06),
                date!(2026 - 05 - 18),
                date!(2026 - 06 - 24),
                date!(2026 - 07 - 01),
                date!(2026 - 09 - 07),
                date!(2026 - 10 - 12),
                date!(2026 - 12 - 25),
            ]
        );
    }

    #[test]
    fn easter_matches_known_years() {
        for (year, easter) in [
            (2000, date!(2000 - 04 - 23)),
            (2008, date!(2008 - 03 - 23)),
            (2019, date!(2019 - 04 - 21)),
            (2024, date!(2024 - 03 - 31)),
            (2025, date!(2025 - 04 - 20)),
            (2026, date!(2026 - 04 - 05)),
            (2038, date!(2038 - 04 - 25)),
        ] {
            assert_eq!(easter_sunday(year), Some(easter), "{year}");
        }
    }

    #[test]
    fn june_24_and_july_1_on_a_sunday_move_to_the_monday() {
        // 2029: June 24 and July 1 are Sundays.
        let h = statutory_holidays(2029);
        assert!(h.contains(&date!(2029 - 06 - 25)) && h.contains(&date!(2029 - 07 - 02)));
        assert!(!h.contains(&date!(2029 - 06 - 24)) && !h.contains(&date!(2029 - 07 - 01)));
    }

    #[test]
    fn patriots_day_is_the_monday_before_may_25() {
        assert!(is_statutory_holiday(date!(2026 - 05 - 18)));
        // 2025: May 24 is a Saturday, the Monday before is May 19.
        assert!(is_statutory_holiday(date!(2025 - 05 - 19)));
        // 2027: May 24 is itself a Monday.
        assert!(is_statutory_holiday(date!(2027 - 05 - 24)));
        assert!(!is_statutory_holiday(date!(2027 - 05 - 17)));
    }

    #[test]
    fn four_business_days_skip_the_weekend_and_easter() {
        let calendar = BusinessCalendar::default();
        // Monday November 23, 2026 + 4 business days = Friday November 27.
        assert_eq!(
            calendar.add_business_days(date!(2026 - 11 - 23), 4),
            date!(2026 - 11 - 27)
        );
        // Wednesday April 1, 2026: Thu 2, (Good Friday 3, weekend, Easter Monday 6), Tue 7, Wed 8, Thu 9.
        assert_eq!(
            calendar.add_business_days(date!(2026 - 04 - 01), 4),
            date!(2026 - 04 - 09)
        );
        // Issued on a Saturday: the count starts on Monday.
        assert_eq!(
            calendar.add_business_days(date!(2026 - 11 - 28), 1),
            date!(2026 - 11 - 30)
        );
    }

    #[test]
    fn extra_closures_are_not_business_days() {
        let calendar = BusinessCalendar::with_closures([date!(2026 - 12 - 28)]);
        // Thu Dec 24 + 2: (Fri 25 Christmas, weekend, Mon 28 closed) Tue 29, Wed 30.
        assert_eq!(
            calendar.add_business_days(date!(2026 - 12 - 24), 2),
            date!(2026 - 12 - 30)
        );
        assert_eq!(
            BusinessCalendar::default().add_business_days(date!(2026 - 12 - 24), 2),
            date!(2026 - 12 - 29)
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1950i32..2150, 1u16..=365)
            .prop_map(|(y, d)| Date::from_ordinal_date(y, d).unwrap_or(Date::MIN))
    }

    proptest! {
        #[test]
        fn adding_business_days_lands_on_a_business_day_n_business_days_later(day in any_date(), n in 1u32..40) {
            let calendar = BusinessCalendar::default();
            let end = calendar.add_business_days(day, n);
            prop_assert!(calendar.is_business_day(end));
            prop_assert_eq!(calendar.business_days_between(day, end), n);
            prop_assert!(end > day);
            // At most three days off in a row besides weekends, so n business days fit in 2n + 5 days.
            prop_assert!(end - day <= Duration::days(i64::from(2 * n + 5)));
        }

        #[test]
        fn every_year_has_nine_holidays_in_their_rules(year in 1900i32..2200) {
            let holidays = statutory_holidays(year);
            prop_assert_eq!(holidays.len(), 9);
            // Good Friday, Easter Monday, Patriots' Day, Labour Day, Thanksgiving: weekdays.
            for i in [1, 2, 3, 6, 7] {
                prop_assert!(!matches!(holidays[i].weekday(), Weekday::Saturday | Weekday::Sunday), "{}", holidays[i]);
            }
            // June 24 and July 1 are never kept on a Sunday.
            prop_assert!(holidays[4].weekday() != Weekday::Sunday && holidays[5].weekday() != Weekday::Sunday);
            let easter = easter_sunday(year).map(|e| (e.month(), e.day()));
            prop_assert!(matches!(easter, Some((Month::March, 22..=31)) | Some((Month::April, 1..=25))));
        }
    }
}
