//! One choice among several, as a select's option or a radio button: its value, its label,
//! and whether it is the one chosen.

/// One option.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Every value of `all`, with `chosen` selected.
pub fn choices<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
    chosen: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|&x| Choice {
            selected: code(x) == chosen,
            value: code(x),
            label: label(x),
        })
        .collect()
}
