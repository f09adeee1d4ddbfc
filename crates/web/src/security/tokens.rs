//! « Jetons d'API » (issue 21): an officer makes a token for the organization's automation
//! (shown this once), sees every token of the organization with who made it and when it was
//! last used, and revokes one at once.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::api_tokens::NewToken;
use mandat_core::api_token::{ApiScope, TokenForm};
use mandat_core::dates::{long_date, long_moment};
use mandat_core::{Field, FieldError};
use mandat_store::ApiTokenRecord;
use serde::Deserialize;

use crate::http::csrf::{Checked, TokenOnly, with_token};
use crate::http::here::Here;
use crate::http::officer::Officer;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, summary};
use crate::kit::frame::Chrome;
use crate::kit::notice::{Notice, done};

const PAGE: &str = "/administration/jetons";

pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub scope: String,
    pub creator: String,
    pub created: String,
    pub until: String,
    pub last_used: String,
    pub state: String,
    pub in_force: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "security_tokens.html")]
pub struct TokensPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    notice: String,
    alert: String,
    /// The token just made, shown this once.
    created: Option<String>,
    tokens: Vec<TokenRow>,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct TokenTyped {
    #[serde(default)]
    csrf: String,
    #[serde(rename = "token-name", default)]
    name: String,
    #[serde(rename = "token-scope", default)]
    scope: String,
    #[serde(rename = "token-expires-on", default)]
    expires_on: String,
}

with_token!(TokenTyped);

impl TokenTyped {
    fn fields(&self, tr: &Tr, errors: &[FieldError]) -> Vec<FieldView> {
        let scopes = ApiScope::ALL
            .map(|s| FieldOption {
                value: s.code().to_string(),
                label: tr.t(&format!("token-scope-{}", s.code())),
                checked: false,
            })
            .into();
        let scope = if self.scope.is_empty() {
            "read"
        } else {
            &self.scope
        };
        [
            FieldView::new(tr, Field::TokenName, "text").value(&self.name),
            FieldView::new(tr, Field::TokenScope, "select")
                .options(scopes)
                .value(scope),
            FieldView::new(tr, Field::TokenExpiresOn, "date").value(&self.expires_on),
        ]
        .into_iter()
        .map(|f| f.errors(tr, errors))
        .collect()
    }
}

async fn row(
    state: &AppState,
    here: &Here,
    t: &ApiTokenRecord,
    today: time::Date,
) -> Result<TokenRow, AppError> {
    let tr = here.tr();
    let creator = state.store.account(t.created_by).await?;
    let (state_key, in_force) = match (t.revoked_at, t.expires_on < today) {
        (Some(_), _) => ("token-revoked", false),
        (None, true) => ("token-expired", false),
        (None, false) => ("token-in-force", true),
    };
    Ok(TokenRow {
        id: t.id.to_string(),
        name: t.name.clone(),
        scope: tr.t(&format!("token-scope-{}", t.scope.code())),
        creator: creator.map(|a| a.name).unwrap_or_default(),
        created: long_moment(t.created_at, here.lang),
        until: long_date(t.expires_on, here.lang),
        last_used: t
            .last_used_at
            .map(|at| long_moment(at, here.lang))
            .unwrap_or_else(|| tr.t("token-never-used")),
        state: tr.t(state_key),
        in_force,
    })
}

async fn page(
    state: &AppState,
    here: &Here,
    officer: &Officer,
    (notice, created, typed, errors): (
        String,
        Option<&NewToken>,
        Option<&TokenTyped>,
        &[FieldError],
    ),
) -> Result<Response, AppError> {
    let tr = here.tr();
    let today = state.app.today();
    let mut tokens = Vec::new();
    for t in state.store.api_tokens_of(officer.org).await? {
        tokens.push(row(state, here, &t, today).await?);
    }
    let fields = typed.unwrap_or(&TokenTyped::default()).fields(&tr, errors);
    let page = TokensPage {
        chrome: here.chrome(Some(officer.name())),
        csrf: here.csrf.clone(),
        notice,
        alert: String::new(),
        created: created.map(|c| c.token.clone()),
        tokens,
        errors: summary(&fields),
        fields,
        tr,
    };
    Ok((crate::kit::form::status(&page.errors), page).into_response())
}

/// `GET /administration/jetons`.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    let notice = match done.fait.as_str() {
        "revoque" => here.tr().t("token-revoked-notice"),
        _ => String::new(),
    };
    page(&state, &here, &officer, (notice, None, None, &[])).await
}

/// `POST /administration/jetons`: a new token, shown on the answer.
pub async fn add(
    State(state): State<AppState>,
    here: Here,
    officer: Officer,
    Checked(typed): Checked<TokenTyped>,
) -> Result<Response, AppError> {
    let form = TokenForm {
        name: &typed.name,
        scope: &typed.scope,
        expires_on: &typed.expires_on,
    };
    match state.app.create_api_token(&officer.acting, &form).await {
        Ok(created) => {
            let notice = here.tr().t("token-created");
            page(&state, &here, &officer, (notice, Some(&created), None, &[])).await
        }
        Err(mandat_app::Error::Refused(mandat_app::Refusal::Fields(errors))) => {
            page(
                &state,
                &here,
                &officer,
                (String::new(), None, Some(&typed), &errors),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /administration/jetons/{id}/revoquer`: the token opens nothing from now on.
pub async fn revoke(
    State(state): State<AppState>,
    officer: Officer,
    Path(id): Path<String>,
    Checked(_): Checked<TokenOnly>,
) -> Result<Response, AppError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    state.app.revoke_api_token(&officer.acting, id).await?;
    Ok(done(PAGE, "revoque"))
}
