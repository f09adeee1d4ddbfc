//! Quebec's local time (Eastern Time: UTC−5, UTC−4 from the second Sunday of March at 2:00
//! to the first Sunday of November at 2:00, the rule in force since 2007). Dates that the
//! rules speak of (expiry, deadlines) are Quebec dates.

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

const STANDARD: i8 = -5;
const DAYLIGHT: i8 = -4;

/// The `n`th Sunday of `month`.
fn nth_sunday(year: i32, month: Month, n: u8) -> Date {
    let first = Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN);
    let offset = (7 - first.weekday().number_days_from_sunday()) % 7;
    first + time::Duration::days(i64::from(offset) + 7 * i64::from(n - 1))
}

/// Quebec's offset from UTC at `instant`.
pub fn offset_at(instant: OffsetDateTime) -> UtcOffset {
    let utc = instant.to_offset(UtcOffset::UTC);
    let year = utc.year();
    // 2:00 local standard time is 7:00 UTC; 2:00 local daylight time is 6:00 UTC.
    let starts = nth_sunday(year, Month::March, 2)
        .with_time(Time::from_hms(7, 0, 0).unwrap_or(Time::MIDNIGHT))
        .assume_utc();
    let ends = nth_sunday(year, Month::November, 1)
        .with_time(Time::from_hms(6, 0, 0).unwrap_or(Time::MIDNIGHT))
        .assume_utc();
    let hours = if utc >= starts && utc < ends {
        DAYLIGHT
    } else {
        STANDARD
    };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The date in Quebec at `instant`.
pub fn date_at(instant: OffsetDateTime) -> Date {
    instant.to_offset(offset_at(instant)).date()
}

/// The Quebec wall-clock time of an instant, as `14:05`.
pub fn time_at(instant: OffsetDateTime) -> String {
    let local = instant.to_offset(offset_at(instant));
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// The instant a Quebec date begins (midnight, local time).
pub fn start_of(date: Date) -> OffsetDateTime {
    // Midnight is never inside a change of offset (those happen at 2:00).
    let guess = date.midnight().assume_utc();
    let offset = offset_at(guess - time::Duration::hours(5));
    date.midnight().assume_offset(offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Weekday;
    use time::macros::{date, datetime};

    #[test]
    fn the_offset_follows_daylight_saving_time() {
        assert_eq!(offset_at(datetime!(2026-01-15 12:00 UTC)).whole_hours(), -5);
        assert_eq!(offset_at(datetime!(2026-07-15 12:00 UTC)).whole_hours(), -4);
        // 2026: daylight time from March 8 at 7:00 UTC to November 1 at 6:00 UTC.
        assert_eq!(offset_at(datetime!(2026-03-08 06:59 UTC)).whole_hours(), -5);
        assert_eq!(offset_at(datetime!(2026-03-08 07:00 UTC)).whole_hours(), -4);
        assert_eq!(offset_at(datetime!(2026-11-01 05:59 UTC)).whole_hours(), -4);
        assert_eq!(offset_at(datetime!(2026-11-01 06:00 UTC)).whole_hours(), -5);
    }

    #[test]
    fn the_quebec_date_lags_utc_in_the_evening() {
        assert_eq!(
            date_at(datetime!(2026-11-25 03:30 UTC)),
            date!(2026 - 11 - 24)
        );
        assert_eq!(
            date_at(datetime!(2026-11-25 05:00 UTC)),
            date!(2026 - 11 - 25)
        );
        assert_eq!(
            date_at(datetime!(2026-07-02 03:59 UTC)),
            date!(2026 - 07 - 01)
        );
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        assert_eq!(
            start_of(date!(2026 - 11 - 25)),
            datetime!(2026-11-25 05:00 UTC)
        );
        assert_eq!(
            start_of(date!(2026 - 07 - 01)),
            datetime!(2026-07-01 04:00 UTC)
        );
        assert_eq!(
            date_at(start_of(date!(2026 - 03 - 08))),
            date!(2026 - 03 - 08)
        );
        assert_eq!(date!(2026 - 03 - 08).weekday(), Weekday::Sunday);
    }
}
