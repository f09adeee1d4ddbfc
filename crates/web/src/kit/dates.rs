//! Dates as forms send them.

use mandat_core::{Field, FieldError, Problem};
use time::Date;

/// A date typed as `YYYY-MM-DD`, as a date input sends it; `None` when left empty.
pub fn date_field(field: Field, text: &str) -> Result<Option<Date>, FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text, format)
        .map(Some)
        .map_err(|_| FieldError::new(field, Problem::Date))
}
