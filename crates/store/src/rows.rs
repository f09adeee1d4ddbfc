//! Statements over many rows at once, for the jobs that write thousands (the daily expiry
//! job): one statement per hundred rows instead of one per row.

/// Rows per statement: 1,000 bound values at most, far under both backends' limits.
pub(crate) const PER_STATEMENT: usize = 100;

/// `($1, $2), ($3, $4)`: the VALUES of `rows` rows of `columns` values each.
pub(crate) fn values(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", list(r * columns + 1, columns)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `$from, …`: `n` placeholders from `$from`, as `IN (…)` takes them.
pub(crate) fn list(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_rows_then_columns() {
        assert_eq!(values(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(list(3, 2), "$3, $4");
        assert_eq!(values(0, 3), "");
    }
}
