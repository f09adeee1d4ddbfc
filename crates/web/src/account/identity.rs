//! « Vos renseignements d'identification »: what Mandat holds about the signed-in person.
//! Corrections are requests to central (M19).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use mandat_core::dates::long_date;
use mandat_core::quebec_time;
use mandat_store::AccountKind;

use crate::http::here::Here;
use crate::http::session::SignedIn;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::frame::Chrome;

#[derive(Template, WebTemplate)]
#[template(path = "identity.html")]
pub struct IdentityPage {
    tr: Tr,
    chrome: Chrome,
    /// (label, value), in the order shown.
    rows: Vec<(String, String)>,
}

pub async fn page(
    State(state): State<AppState>,
    here: Here,
    who: SignedIn,
) -> Result<IdentityPage, AppError> {
    let Here { lang, uri, csrf } = here;
    let tr = Tr::new(lang);
    let a = &who.account;
    let mut rows = vec![
        (tr.t("identification-name"), a.name.clone()),
        (tr.t("field-user-code"), a.user_code.to_string()),
        (tr.t("field-email"), a.email.to_string()),
    ];
    if let AccountKind::Member { person, .. } = a.kind
        && let Some((p, org)) = state.store.person(person).await?
    {
        let phone = match &p.phone_extension {
            Some(ext) => format!(
                "{} ({} {})",
                p.phone,
                tr.t("field-phone-extension"),
                ext.as_str()
            ),
            None => p.phone.to_string(),
        };
        rows.push((tr.t("field-phone"), phone));
        rows.push((
            tr.t("identification-organization"),
            format!("{} (NEQ {})", org.name, org.neq),
        ));
        rows.push((
            tr.t("central-profile"),
            state.store.profiles_of(person).await?.label(lang),
        ));
    }
    if let Some(expires) = a.expires_on {
        rows.push((tr.t("identity-expires-on"), long_date(expires, lang)));
    }
    rows.push((
        tr.t("identity-password-changed"),
        long_date(quebec_time::date_at(a.password_changed_at), lang),
    ));
    Ok(IdentityPage {
        chrome: Chrome::new(lang, &uri).signed_in(&a.name, &csrf),
        tr,
        rows,
    })
}
