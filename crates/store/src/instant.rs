//! Instants as stored: BIGINT microseconds since the Unix epoch, UTC.

use time::{Date, OffsetDateTime};

use crate::StoreError;

pub fn to_micros(t: OffsetDateTime) -> i64 {
    // i64 microseconds span ±292,000 years: no instant we store is out of range.
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

pub fn from_micros(micros: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .map_err(|_| StoreError::Corrupt(format!("instant out of range: {micros}")))
}

/// A date as stored: `YYYY-MM-DD`, which sorts as text.
pub fn date_to_text(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

pub fn date_from_text(text: &str) -> Result<Date, StoreError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, format).map_err(|_| StoreError::Corrupt(format!("not a date: {text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_round_trip_and_sort_as_text() {
        let d = time::macros::date!(2026 - 03 - 09);
        assert_eq!(date_to_text(d), "2026-03-09");
        assert_eq!(date_from_text("2026-03-09").ok(), Some(d));
        assert!(date_to_text(d) < date_to_text(time::macros::date!(2026 - 11 - 01)));
    }

    #[test]
    fn instants_round_trip_to_the_microsecond() {
        let t = datetime!(2026-11-24 09:30:15.123456 UTC);
        assert_eq!(from_micros(to_micros(t)).ok(), Some(t));
    }
}
