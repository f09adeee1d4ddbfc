//! The page kit: what every feature's pages are drawn with. The frame around a page,
//! forms and their fields, paging, choices, notices, and the two documents that
//! several features show (a filed form 2490 and an enrollment request). It draws and
//! parses (the reader's language at most, from a cookie); it reads no store and knows no
//! session, so it imports nothing of the crate but the languages.

pub mod assets;
pub mod choices;
pub mod csv;
pub mod enrollment_sheet;
pub mod form;
pub mod form_page;
pub mod frame;
pub mod labels;
pub mod notice;
pub mod paging;
pub mod request_sheet;
