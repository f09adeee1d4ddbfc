//! What a reviewer tried against the running product (issue 19), each over HTTP: the answer
//! stays on Mandat, in its own pages, whatever is sent.

mod common;

use common::{Visitor, app};

/// ASVS 5.1.5: the language switch returns only to a path of this site. Browsers drop tabs
/// and line breaks from a URL and read `\` as `/`, so `/<TAB>/other.host` is
/// `//other.host` to them: each of these goes home instead, and one that no `Location`
/// header could carry (`%0d%0a`) is not a 500 either.
#[tokio::test]
async fn the_language_switch_never_leads_off_the_site() {
    let app = app().await;
    let v = Visitor::new(&app);
    for next in [
        "/%09/other.host",
        "/%09%5Cother.host",
        "%2F%2Fother.host",
        "/%0a/other.host",
        "/a%0d%0ab",
        "https://other.host",
        "/%5C%5Cother.host",
    ] {
        let (status, location) = v.status(false, &format!("/lang/en?next={next}")).await;
        assert_eq!(
            (status, location.as_deref()),
            (303, Some("/")),
            "next={next}"
        );
    }
    let (status, location) = v.status(false, "/lang/en?next=/menu%3Fa%3D1").await;
    assert_eq!((status, location.as_deref()), (303, Some("/menu?a=1")));
    let (_, location) = v.status(false, "/lang/en?next=/%C3%A9t%C3%A9").await;
    assert_eq!(location.as_deref(), Some("/%C3%A9t%C3%A9"));
}
