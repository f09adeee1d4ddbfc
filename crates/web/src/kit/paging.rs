//! Server-side paging, as the security file, central's organizations and the transaction log
//! share it: the page asked in `?page=`, the summary « N … · page n de p », the links to the
//! pages before and after, each keeping the query's other values.

use crate::i18n::Tr;

/// Rows on a page: enough to scan, few enough to read fast at 20,000 rows.
pub const PER_PAGE: u32 = 50;

/// The page asked, as the store counts (from 0); anything but a positive number is the first.
pub fn index(text: &str) -> u32 {
    text.parse::<u32>().unwrap_or(1).max(1) - 1
}

/// `base` with the query's non-empty values, in the order given.
pub fn link(base: &str, pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    match serde_urlencoded::to_string(kept) {
        Ok(q) if !q.is_empty() => format!("{base}?{q}"),
        _ => base.to_string(),
    }
}

/// What a list says under its filters, and where its pager leads.
pub struct Pager {
    pub summary: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `key` is the summary's message, given `count`, `n` and `pages`; `href` links page `n`
    /// (from 1).
    pub fn new(tr: &Tr, key: &str, total: i64, index: u32, href: impl Fn(u32) -> String) -> Self {
        let pages = u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(u32::MAX)
            .max(1);
        let current = index + 1;
        Pager {
            summary: tr.t_args(
                key,
                &[
                    ("count", total.into()),
                    ("n", i64::from(current).into()),
                    ("pages", i64::from(pages).into()),
                ],
            ),
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < pages).then(|| href(current + 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_page_is_the_first_and_links_drop_empty_values() {
        assert_eq!(
            (index("-3"), index("x"), index("0"), index("4")),
            (0, 0, 0, 3)
        );
        assert_eq!(
            link("/l", &[("q", "côté & fils"), ("etat", ""), ("page", "2")]),
            "/l?q=c%C3%B4t%C3%A9+%26+fils&page=2"
        );
        assert_eq!(link("/l", &[("q", "")]), "/l");
    }

    #[test]
    fn the_pager_links_only_to_pages_that_exist() {
        let tr = Tr::new(mandat_core::Lang::Fr);
        let p = Pager::new(&tr, "file-summary", 101, 0, |n| format!("p{n}"));
        assert_eq!(p.summary, "101 personnes · page 1 de 3");
        assert_eq!((p.previous, p.next), (None, Some("p2".into())));
        let last = Pager::new(&tr, "file-summary", 101, 2, |n| format!("p{n}"));
        assert_eq!((last.previous, last.next), (Some("p2".into()), None));
        let empty = Pager::new(&tr, "file-summary", 0, 0, |n| format!("p{n}"));
        assert_eq!(
            (empty.summary.as_str(), empty.next),
            ("0 personne · page 1 de 1", None),
            "French puts 0 in the singular: the count is said, not « 1 »"
        );
    }
}
