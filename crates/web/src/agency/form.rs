//! The "other information" of an agency's enrollment form (E3): typed fields (text, number,
//! date, choice, yes/no), each with its label and help in both languages, required or not.
//! Officers answer them between the organization's information and the consent.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use mandat_app::Refusal;
use mandat_core::enrollment_form::{FieldKind, FormFieldForm};
use mandat_core::{Field, FieldError};
use serde::Deserialize;

use crate::http::client::ClientAddress;
use crate::http::csrf::{Checked, with_token};
use crate::http::here::Here;
use crate::http::session::AgencyStaff;
use crate::http::{AppError, AppState};
use crate::i18n::Tr;
use crate::kit::form::{FieldOption, FieldView, fields, summary};
use crate::kit::frame::Chrome;
use crate::kit::notice::{self, Notice};

pub struct FieldRow {
    code: String,
    label: String,
    kind: String,
    required: bool,
    help: String,
    choices: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_form.html")]
pub struct FormPage {
    tr: Tr,
    chrome: Chrome,
    csrf: String,
    agency: String,
    notice: String,
    errors: Vec<(String, String)>,
    alert: String,
    rows: Vec<FieldRow>,
    fields: Vec<FieldView>,
}

#[derive(Deserialize, Default)]
pub struct FieldTyped {
    csrf: String,
    #[serde(rename = "form-field-code", default)]
    code: String,
    #[serde(rename = "form-field-kind", default)]
    kind: String,
    #[serde(rename = "label-fr", default)]
    label_fr: String,
    #[serde(rename = "label-en", default)]
    label_en: String,
    #[serde(rename = "help-fr", default)]
    help_fr: String,
    #[serde(rename = "help-en", default)]
    help_en: String,
    #[serde(rename = "form-field-required", default)]
    required: String,
    #[serde(rename = "choices-fr", default)]
    choices_fr: String,
    #[serde(rename = "choices-en", default)]
    choices_en: String,
}

with_token!(FieldTyped);

/// The label of a field's kind.
pub fn kind_label(tr: &Tr, kind: FieldKind) -> String {
    tr.t(&format!("form-field-kind-{}", kind.code()))
}

async fn page(
    state: &AppState,
    here: &Here,
    staff: &AgencyStaff,
    typed: &FieldTyped,
    done: &Notice,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let tr = here.tr();
    let lang = here.lang;
    let agency = staff.record(state).await?;
    let stored = state.store.form_fields(agency.id).await?;
    // After « Ajouter » (post/redirect/get): the question added, by its code.
    let notice = match done.fait.as_str() {
        "ajoute" => stored
            .iter()
            .find(|f| f.code.as_str() == done.quoi)
            .map(|f| {
                tr.t_args(
                    "form-fields-added",
                    &[("name", f.label.get(lang).to_string().into())],
                )
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let rows = stored
        .into_iter()
        .map(|f| FieldRow {
            code: f.code.as_str().to_string(),
            label: f.label.get(lang).to_string(),
            kind: kind_label(&tr, f.kind),
            required: f.required,
            help: f.help.get(lang).to_string(),
            choices: f
                .choices
                .iter()
                .map(|c| c.get(lang))
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    let kinds = std::iter::once(FieldOption {
        value: String::new(),
        label: tr.t("form-field-choose-kind"),
        checked: false,
    })
    .chain(FieldKind::ALL.into_iter().map(|k| FieldOption {
        value: k.code().to_string(),
        label: kind_label(&tr, k),
        checked: false,
    }))
    .collect();
    let mut views = fields(
        &tr,
        &[
            (Field::FormFieldCode, "text", &typed.code),
            (Field::FormFieldKind, "select", &typed.kind),
            (Field::LabelFr, "text", &typed.label_fr),
            (Field::LabelEn, "text", &typed.label_en),
            (Field::HelpFr, "text", &typed.help_fr),
            (Field::HelpEn, "text", &typed.help_en),
        ],
        errors,
    );
    views[1] = views[1].clone().options(kinds);
    let required = FieldView::custom(
        "form-field-required".into(),
        tr.t("form-field-required"),
        String::new(),
        "checkbox",
    )
    .value(&typed.required);
    views.push(required);
    views.extend(fields(
        &tr,
        &[
            (Field::ChoicesFr, "textarea", &typed.choices_fr),
            (Field::ChoicesEn, "textarea", &typed.choices_en),
        ],
        errors,
    ));
    let errors = summary(&views);
    let status = crate::kit::form::status(&errors);
    let page = FormPage {
        chrome: here.chrome(Some(&staff.signed_in.account.name)),
        csrf: here.csrf.clone(),
        agency: agency.name.get(lang).to_string(),
        notice,
        alert: String::new(),
        rows,
        fields: views,
        errors,
        tr,
    };
    Ok((status, page).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    here: Here,
    staff: AgencyStaff,
    Query(done): Query<Notice>,
) -> Result<Response, AppError> {
    page(&state, &here, &staff, &FieldTyped::default(), &done, &[]).await
}

pub async fn add(
    State(state): State<AppState>,
    here: Here,
    ClientAddress(client): ClientAddress,
    staff: AgencyStaff,
    Checked(typed): Checked<FieldTyped>,
) -> Result<Response, AppError> {
    let form = FormFieldForm {
        code: &typed.code,
        kind: &typed.kind,
        label_fr: &typed.label_fr,
        label_en: &typed.label_en,
        help_fr: &typed.help_fr,
        help_en: &typed.help_en,
        required: typed.required == "on",
        choices_fr: &typed.choices_fr,
        choices_en: &typed.choices_en,
    };
    let field = match state.app.add_form_field(&staff.acting(client), &form).await {
        Ok(field) => field,
        Err(mandat_app::Error::Refused(Refusal::Fields(errors))) => {
            return page(&state, &here, &staff, &typed, &Notice::default(), &errors).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(notice::done_to(
        "/ministere/formulaire",
        "ajoute",
        field.code.as_str(),
    ))
}
