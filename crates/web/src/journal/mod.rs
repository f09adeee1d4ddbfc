//! « Journal des transactions » (M12): the audit log, as an organization's officers, an
//! agency's staff and central each may read it, on screen and exported.

pub mod view;

use crate::http::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/administration/journal", view::show)
        .get("/administration/journal.csv", view::export)
        .get("/administration/journal.jsonl", view::export)
        .get("/ministere/journal", view::show)
        .get("/ministere/journal.csv", view::export)
        .get("/ministere/journal.jsonl", view::export)
        .get("/central/journal", view::show)
        .get("/central/journal.csv", view::export)
        .get("/central/journal.jsonl", view::export)
}
