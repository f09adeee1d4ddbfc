//! Dates as the interface writes them: « 27 novembre 2026 », "November 27, 2026".

use time::{Date, Month, OffsetDateTime};

use crate::{Lang, quebec_time};

/// The years a date typed or passed in an address may fall in: far enough back for any
/// contract or history, far enough ahead for any end, and never near the calendar's limits,
/// where a day more or less overflows.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

pub fn long_date(date: Date, lang: Lang) -> String {
    let (fr, en) = match date.month() {
        Month::January => ("janvier", "January"),
        Month::February => ("février", "February"),
        Month::March => ("mars", "March"),
        Month::April => ("avril", "April"),
        Month::May => ("mai", "May"),
        Month::June => ("juin", "June"),
        Month::July => ("juillet", "July"),
        Month::August => ("août", "August"),
        Month::September => ("septembre", "September"),
        Month::October => ("octobre", "October"),
        Month::November => ("novembre", "November"),
        Month::December => ("décembre", "December"),
    };
    match lang {
        // French writes the first of the month « 1er ».
        Lang::Fr if date.day() == 1 => format!("1er {fr} {}", date.year()),
        Lang::Fr => format!("{} {fr} {}", date.day(), date.year()),
        Lang::En => format!("{en} {}, {}", date.day(), date.year()),
    }
}

/// A moment as a history lists it, in Quebec's time: « 23 novembre 2026 09:00 ».
pub fn long_moment(at: OffsetDateTime, lang: Lang) -> String {
    format!(
        "{} {}",
        long_date(quebec_time::date_at(at), lang),
        quebec_time::time_at(at)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        assert_eq!(
            long_date(date!(2026 - 11 - 27), Lang::Fr),
            "27 novembre 2026"
        );
        assert_eq!(long_date(date!(2026 - 08 - 01), Lang::Fr), "1er août 2026");
        assert_eq!(
            long_date(date!(2026 - 11 - 27), Lang::En),
            "November 27, 2026"
        );
    }
}
