//! How the emails name what changed: organizations, the mandant a procuration acts for, days.

use mandat_core::Lang;
use mandat_core::agency::Localized;
use mandat_core::dates::long_date;
use mandat_core::ids::OrgId;
use mandat_store::{Link, Store, StoreError};
use time::Date;

/// The organization's name; empty if it is gone.
pub async fn org_name(store: &Store, org: OrgId) -> Result<String, StoreError> {
    let org = store.organization(org).await?;
    Ok(org.map(|o| o.name).unwrap_or_default())
}

/// The mandant a procuration acts for when a mandataire made it within an external one (P6).
pub async fn mandant_of(store: &Store, link: Link) -> Result<Option<OrgId>, StoreError> {
    let Link::Within { mandate } = link else {
        return Ok(None);
    };
    let mandate = store.procuration(mandate).await?;
    Ok(mandate.map(|m| m.procuration.org))
}

/// A day in both languages, for the emails.
pub fn both_days(d: Date) -> Localized {
    Localized {
        fr: long_date(d, Lang::Fr),
        en: long_date(d, Lang::En),
    }
}
