//! Free text as forms give it: trimmed, inner runs of white space folded, bounded.

use crate::field::{Field, FieldError, Problem};

/// Trims, folds inner white space to single spaces, refuses control characters and text
/// longer than `max` characters. Empty text is `None`.
pub(crate) fn optional(
    field: Field,
    input: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    if input.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(FieldError::new(field, Problem::ControlCharacter));
    }
    let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return Ok(None);
    }
    if folded.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong { max }));
    }
    Ok(Some(folded))
}

/// As [`optional`], but empty text is refused.
pub(crate) fn required(field: Field, input: &str, max: usize) -> Result<String, FieldError> {
    optional(field, input, max)?.ok_or(FieldError::new(field, Problem::Required))
}

/// Exactly `count` ASCII digits once spaces and hyphens are removed (how people type
/// numbers such as a NEQ or a NAS).
pub(crate) fn digits(field: Field, input: &str, count: usize) -> Result<String, FieldError> {
    let kept: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if kept.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    if kept.len() != count || !kept.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, Problem::Digits { count }));
    }
    Ok(kept)
}

/// A code as agencies define them: unaccented letters, digits and hyphens, upper-cased.
pub(crate) fn code(field: Field, input: &str, max: usize) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    if trimmed.len() > max
        || !trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(FieldError::new(field, Problem::Code { max }));
    }
    Ok(trimmed.to_ascii_uppercase())
}

/// What name searches compare: lower case, accents removed, white space folded, so that
/// `cote` finds « Côté » and `marie-eve` finds « Marie-Ève ». The same folding applies to
/// the stored names and to the text searched for.
pub fn search_key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_ignore_case_accents_and_spacing() {
        assert_eq!(
            search_key("  Marie-Ève   GAGNÉ-Côté "),
            "marie-eve gagne-cote"
        );
        assert_eq!(search_key("Ærøskøbing Œuvre"), "ærøskøbing œuvre");
        assert_eq!(search_key(""), "");
    }

    #[test]
    fn folds_white_space_and_trims() {
        assert_eq!(
            required(Field::City, "  Trois-\u{a0} Rivières \t", 50),
            Ok("Trois- Rivières".to_string())
        );
    }

    #[test]
    fn refuses_empty_control_and_long_text() {
        let err = |p| Err(FieldError::new(Field::City, p));
        assert_eq!(required(Field::City, "   ", 5), err(Problem::Required));
        assert_eq!(
            required(Field::City, "a\u{7}b", 5),
            err(Problem::ControlCharacter)
        );
        assert_eq!(
            required(Field::City, "Québec", 5),
            err(Problem::TooLong { max: 5 })
        );
        assert_eq!(required(Field::City, "Lévis", 5), Ok("Lévis".to_string()));
    }

    #[test]
    fn digits_accepts_spaces_and_hyphens_only_as_separators() {
        assert_eq!(
            digits(Field::Neq, "11 4567-8901", 10),
            Ok("1145678901".to_string())
        );
        let err = Err(FieldError::new(Field::Neq, Problem::Digits { count: 10 }));
        assert_eq!(digits(Field::Neq, "114567890", 10), err);
        assert_eq!(digits(Field::Neq, "11456789O1", 10), err);
        assert_eq!(digits(Field::Neq, "١١٤٥٦٧٨٩٠١", 10), err);
    }
}
