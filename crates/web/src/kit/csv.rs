//! Exports as CSV, safe to open in a spreadsheet.

/// One CSV record: fields quoted where needed, and a field a spreadsheet would take for a
/// formula (=, +, -, @) defused with a leading apostrophe.
pub fn push_record(out: &mut String, fields: &[String]) {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| {
            let f = if f.starts_with(['=', '+', '-', '@']) {
                format!("'{f}")
            } else {
                f.clone()
            };
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        push_record(
            &mut out,
            &[
                "Côté, Marc".into(),
                "dit \"Max\"".into(),
                "=1+1".into(),
                "plain".into(),
            ],
        );
        assert_eq!(out, "\"Côté, Marc\",\"dit \"\"Max\"\"\",'=1+1,plain\r\n");
    }
}
