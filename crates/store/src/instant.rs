//! Instants as stored: BIGINT microseconds since the Unix epoch, UTC.

use time::OffsetDateTime;

use crate::StoreError;

pub fn to_micros(t: OffsetDateTime) -> i64 {
    // i64 microseconds span ±292,000 years: no instant we store is out of range.
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

pub fn from_micros(micros: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .map_err(|_| StoreError::Corrupt(format!("instant out of range: {micros}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn instants_round_trip_to_the_microsecond() {
        let t = datetime!(2026-11-24 09:30:15.123456 UTC);
        assert_eq!(from_micros(to_micros(t)).ok(), Some(t));
    }
}
