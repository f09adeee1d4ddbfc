//! Time comes from an injected clock, so tests can move it (expiry, deadlines, M7, M18).

use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// The source of the current time.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The machine's clock run ahead by a fixed span: how a demonstration shows what happens
/// after a date (rights that end, codes that expire) without waiting for it.
#[derive(Clone, Copy, Debug)]
pub struct AheadClock(pub Duration);

impl Clock for AheadClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.0
    }
}

/// A clock that stands still until moved, for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    pub fn at(now: OffsetDateTime) -> Self {
        FixedClock(Mutex::new(now))
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }

    /// Sets the clock to `at`.
    pub fn set(&self, at: OffsetDateTime) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let clock = FixedClock::at(datetime!(2026-11-24 09:00 UTC));
        assert_eq!(clock.now(), datetime!(2026-11-24 09:00 UTC));
        clock.advance(Duration::days(4));
        assert_eq!(clock.now(), datetime!(2026-11-28 09:00 UTC));
    }

    #[test]
    fn an_ahead_clock_runs_its_span_ahead_of_the_machine() {
        let before = OffsetDateTime::now_utc() + Duration::days(3);
        let ahead = AheadClock(Duration::days(3)).now();
        assert!(ahead >= before && ahead - before < Duration::minutes(1));
    }
}
