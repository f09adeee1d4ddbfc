//! Who may reactivate a user code (M16) and set its expiry date (M17): each rule that does
//! not hold is named, so that the page can say every one of them.

use time::{Date, Duration};

use crate::account::InactiveCause;
use crate::request::one_year_from;

/// An officer reactivates a code inactive at most this long (M16).
pub const REACTIVATION_WINDOW_MONTHS: u8 = 3;

/// What the rules look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeFacts {
    /// Why and since when the code is inactive; `None` while it is active.
    pub inactive: Option<(InactiveCause, Date)>,
    pub expires_on: Option<Date>,
    /// The code is the acting officer's own.
    pub own: bool,
}

/// A rule that does not hold; each has a message `rule-<id>` in the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// M16: only a code locked by three failed sign-ins.
    NotALockout,
    /// M16: only a code whose expiry date is after today.
    Expired,
    /// M16: only a code inactive for at most three months.
    InactiveTooLong,
    /// M16, M17: not one's own code (M17: one's own validity may only be shortened).
    OwnCode,
    /// M17: the new date must come after today.
    NotAfterToday,
    /// M17: at most 12 months of validity from today.
    OverTwelveMonths,
    /// M17: an extension adds at most 12 months to the current date.
    ExtensionOverTwelveMonths,
    /// The new date is the current one.
    Unchanged,
    /// Nothing changes on an inactive code but its reactivation.
    Inactive,
    /// M16: central reactivates after identifying the person by NAS partiel.
    IdentityNotConfirmed,
    /// A reactivation is already asked of central for this code.
    AlreadyRequested,
    /// The officer may reactivate this code themselves: there is nothing to ask central.
    NotNeeded,
}

impl Rule {
    pub fn id(self) -> &'static str {
        match self {
            Rule::NotALockout => "not-a-lockout",
            Rule::Expired => "expired",
            Rule::InactiveTooLong => "inactive-too-long",
            Rule::OwnCode => "own-code",
            Rule::NotAfterToday => "not-after-today",
            Rule::OverTwelveMonths => "over-twelve-months",
            Rule::ExtensionOverTwelveMonths => "extension-over-twelve-months",
            Rule::Unchanged => "unchanged",
            Rule::Inactive => "inactive",
            Rule::IdentityNotConfirmed => "identity-not-confirmed",
            Rule::AlreadyRequested => "already-requested",
            Rule::NotNeeded => "not-needed",
        }
    }
}

/// The date `months` months before `date`, the day clamped to the month's end.
fn months_before(date: Date, months: u8) -> Date {
    let mut d = date;
    for _ in 0..months {
        let previous = d.month().previous();
        let year = if previous == time::Month::December {
            d.year() - 1
        } else {
            d.year()
        };
        let day = d.day().min(previous.length(year));
        d = Date::from_calendar_date(year, previous, day).unwrap_or(d - Duration::days(30));
    }
    d
}

/// M16: the rules an officer's reactivation breaks; none means it may go ahead. Central is
/// bound by none of them.
pub fn officer_may_reactivate(facts: &CodeFacts, today: Date) -> Vec<Rule> {
    let Some((cause, since)) = facts.inactive else {
        return vec![];
    };
    let mut broken = Vec::new();
    if cause != InactiveCause::Lockout {
        broken.push(Rule::NotALockout);
    }
    if facts.expires_on.is_none_or(|on| on <= today) {
        broken.push(Rule::Expired);
    }
    if since < months_before(today, REACTIVATION_WINDOW_MONTHS) {
        broken.push(Rule::InactiveTooLong);
    }
    if facts.own {
        broken.push(Rule::OwnCode);
    }
    broken
}

/// What central is asked to reactivate (M16), which sets how soon it must act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReactivationKind {
    /// Locked by three failed sign-ins, still within its validity: one business day.
    Lockout,
    /// Past its expiry date: two business days, and a new date is set.
    Expired,
    /// Deactivated by its user, an officer or central: two business days (our service
    /// level; the seeds give none).
    Other,
}

impl ReactivationKind {
    pub const ALL: [ReactivationKind; 3] = [
        ReactivationKind::Lockout,
        ReactivationKind::Expired,
        ReactivationKind::Other,
    ];

    /// The kind of an inactive code's reactivation; `None` for an active code.
    pub fn of(facts: &CodeFacts, today: Date) -> Option<Self> {
        let (cause, _) = facts.inactive?;
        Some(if facts.expires_on.is_none_or(|on| on <= today) {
            ReactivationKind::Expired
        } else if cause == InactiveCause::Lockout {
            ReactivationKind::Lockout
        } else {
            ReactivationKind::Other
        })
    }

    /// Central's service level, in business days from the request (M16).
    pub fn business_days(self) -> u32 {
        match self {
            ReactivationKind::Lockout => 1,
            ReactivationKind::Expired | ReactivationKind::Other => 2,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReactivationKind::Lockout => "lockout",
            ReactivationKind::Expired => "expired",
            ReactivationKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// M17: the rules a new expiry date breaks. `by_central` lifts the own-code rule only:
/// the 12 months bind everyone.
pub fn may_set_expiry(facts: &CodeFacts, new: Date, today: Date, by_central: bool) -> Vec<Rule> {
    let mut broken = Vec::new();
    if facts
        .inactive
        .is_some_and(|(cause, _)| cause != InactiveCause::Lockout)
        && !by_central
    {
        broken.push(Rule::Inactive);
    }
    if new <= today {
        broken.push(Rule::NotAfterToday);
    }
    if new > one_year_from(today) {
        broken.push(Rule::OverTwelveMonths);
    }
    if let Some(current) = facts.expires_on {
        if new == current {
            broken.push(Rule::Unchanged);
        }
        if new > one_year_from(current) {
            broken.push(Rule::ExtensionOverTwelveMonths);
        }
        if facts.own && !by_central && new > current {
            broken.push(Rule::OwnCode);
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 24);

    fn locked(since: Date, expires: Date) -> CodeFacts {
        CodeFacts {
            inactive: Some((InactiveCause::Lockout, since)),
            expires_on: Some(expires),
            own: false,
        }
    }

    #[test]
    fn central_has_one_business_day_for_a_lockout_and_two_for_an_expired_code() {
        let lockout = locked(date!(2026 - 11 - 20), date!(2027 - 03 - 01));
        let kind = ReactivationKind::of(&lockout, TODAY);
        assert_eq!(kind, Some(ReactivationKind::Lockout));
        assert_eq!(kind.map(ReactivationKind::business_days), Some(1));
        let ran_out = locked(date!(2026 - 11 - 20), TODAY);
        assert_eq!(
            ReactivationKind::of(&ran_out, TODAY),
            Some(ReactivationKind::Expired),
            "a lockout on a code past its date is an expired code: it needs a new date"
        );
        let quit = CodeFacts {
            inactive: Some((InactiveCause::SelfRequest, TODAY)),
            ..lockout
        };
        assert_eq!(
            ReactivationKind::of(&quit, TODAY).map(ReactivationKind::business_days),
            Some(2)
        );
        let active = CodeFacts {
            inactive: None,
            ..lockout
        };
        assert_eq!(ReactivationKind::of(&active, TODAY), None);
        for k in ReactivationKind::ALL {
            assert_eq!(ReactivationKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn an_officer_reactivates_a_recent_lockout_of_a_valid_code() {
        let facts = locked(date!(2026 - 11 - 20), date!(2027 - 03 - 01));
        assert_eq!(officer_may_reactivate(&facts, TODAY), vec![]);
    }

    #[test]
    fn every_broken_condition_of_m16_is_named() {
        let facts = CodeFacts {
            inactive: Some((InactiveCause::SelfRequest, date!(2026 - 08 - 23))),
            expires_on: Some(TODAY),
            own: true,
        };
        assert_eq!(
            officer_may_reactivate(&facts, TODAY),
            vec![
                Rule::NotALockout,
                Rule::Expired,
                Rule::InactiveTooLong,
                Rule::OwnCode
            ]
        );
    }

    #[test]
    fn three_months_is_counted_by_the_calendar() {
        let expires = date!(2027 - 01 - 01);
        assert_eq!(
            officer_may_reactivate(&locked(date!(2026 - 08 - 24), expires), TODAY),
            vec![]
        );
        assert_eq!(
            officer_may_reactivate(&locked(date!(2026 - 08 - 23), expires), TODAY),
            vec![Rule::InactiveTooLong]
        );
        assert_eq!(
            months_before(date!(2026 - 05 - 31), 3),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            months_before(date!(2026 - 01 - 15), 1),
            date!(2025 - 12 - 15)
        );
    }

    #[test]
    fn a_new_expiry_is_at_most_twelve_months_ahead_and_extends_by_at_most_twelve() {
        let active = CodeFacts {
            inactive: None,
            expires_on: Some(date!(2026 - 12 - 01)),
            own: false,
        };
        assert_eq!(
            may_set_expiry(&active, date!(2027 - 11 - 24), TODAY, false),
            vec![]
        );
        assert_eq!(
            may_set_expiry(&active, date!(2027 - 11 - 25), TODAY, true),
            vec![Rule::OverTwelveMonths],
            "central too"
        );
        assert_eq!(
            may_set_expiry(&active, TODAY, TODAY, false),
            vec![Rule::NotAfterToday]
        );
        assert_eq!(
            may_set_expiry(&active, date!(2026 - 12 - 01), TODAY, false),
            vec![Rule::Unchanged]
        );
        let past = CodeFacts {
            expires_on: Some(date!(2025 - 06 - 01)),
            ..active
        };
        assert_eq!(
            may_set_expiry(&past, date!(2026 - 07 - 01), date!(2025 - 05 - 01), false),
            vec![Rule::OverTwelveMonths, Rule::ExtensionOverTwelveMonths]
        );
    }

    #[test]
    fn an_officer_shortens_their_own_validity_but_never_extends_it() {
        let own = CodeFacts {
            inactive: None,
            expires_on: Some(date!(2027 - 06 - 01)),
            own: true,
        };
        assert_eq!(
            may_set_expiry(&own, date!(2027 - 01 - 01), TODAY, false),
            vec![]
        );
        assert_eq!(
            may_set_expiry(&own, date!(2027 - 07 - 01), TODAY, false),
            vec![Rule::OwnCode]
        );
        assert_eq!(
            may_set_expiry(&own, date!(2027 - 07 - 01), TODAY, true),
            vec![]
        );
    }

    #[test]
    fn an_inactive_code_takes_a_new_date_only_when_locked_out_or_from_central() {
        let quit = CodeFacts {
            inactive: Some((InactiveCause::SelfRequest, TODAY)),
            expires_on: Some(date!(2027 - 01 - 01)),
            own: false,
        };
        let new = date!(2027 - 02 - 01);
        assert_eq!(
            may_set_expiry(&quit, new, TODAY, false),
            vec![Rule::Inactive]
        );
        assert_eq!(may_set_expiry(&quit, new, TODAY, true), vec![]);
    }
}
