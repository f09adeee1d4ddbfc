//! Dates as forms send them.

use mandat_core::contract::iso_date;
use mandat_core::{Field, FieldError};
use time::Date;

/// A date typed as `YYYY-MM-DD`, as a date input sends it, within `dates::YEARS`; `None`
/// when left empty.
pub fn date_field(field: Field, text: &str) -> Result<Option<Date>, FieldError> {
    match text.trim().is_empty() {
        true => Ok(None),
        false => iso_date(field, text).map(Some),
    }
}
