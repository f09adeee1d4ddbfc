//! Forms as people see them: each field with its label, its hint, and its error beside it,
//! and a summary of the errors at the top that links to each field.

use mandat_core::{Field, FieldError};
use serde::Deserialize;

use crate::i18n::Tr;

/// One field of a form, ready to draw.
#[derive(Clone, Debug)]
pub struct FieldView {
    /// The input's id and name: a [`Field`]'s id, or an agency field's (E3).
    pub id: String,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub error: String,
    /// The input's type: `text`, `password`, `email`, `date`, or `textarea` for a text area.
    pub kind: &'static str,
    pub autocomplete: &'static str,
    /// For `select` and `radio`: what may be chosen; `value` holds the chosen one.
    pub options: Vec<FieldOption>,
}

/// One of a `select`'s or a `radio` group's options.
#[derive(Clone, Debug)]
pub struct FieldOption {
    pub value: String,
    pub label: String,
    /// For `checkboxes`, where several may be chosen.
    pub checked: bool,
}

impl FieldView {
    /// The field, labelled from `field-<id>`, with its hint from `hint-<id>` when there is one.
    pub fn new(tr: &Tr, field: Field, kind: &'static str) -> Self {
        let id = field.id();
        let hint_key = format!("hint-{id}");
        let hint = tr.t(&hint_key);
        FieldView {
            id: id.to_string(),
            label: tr.t(&format!("field-{id}")),
            hint: if hint == hint_key {
                String::new()
            } else {
                hint
            },
            value: String::new(),
            error: String::new(),
            kind,
            autocomplete: "off",
            options: Vec::new(),
        }
    }

    /// A field the agency defined (E3): its id, label and help as given.
    pub fn custom(id: String, label: String, hint: String, kind: &'static str) -> Self {
        FieldView {
            id,
            label,
            hint,
            value: String::new(),
            error: String::new(),
            kind,
            autocomplete: "off",
            options: Vec::new(),
        }
    }

    pub fn options(mut self, options: Vec<FieldOption>) -> Self {
        self.options = options;
        self
    }

    pub fn value(mut self, value: &str) -> Self {
        self.value = value.to_string();
        self
    }

    pub fn autocomplete(mut self, token: &'static str) -> Self {
        self.autocomplete = token;
        self
    }

    /// Shows the error of this field, if `errors` has one.
    pub fn errors(mut self, tr: &Tr, errors: &[FieldError]) -> Self {
        if let Some(e) = errors.iter().find(|e| e.field.id() == self.id) {
            self.error = tr.field_error(e);
        }
        self
    }

    /// What `aria-describedby` names: the hint and the error, when present.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if !self.error.is_empty() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// Several fields at once, each `(field, input type, value as typed)`, with their errors.
pub fn fields(
    tr: &Tr,
    fields: &[(Field, &'static str, &str)],
    errors: &[FieldError],
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|&(field, kind, value)| {
            FieldView::new(tr, field, kind)
                .value(value)
                .errors(tr, errors)
        })
        .collect()
}

/// A form page's status: 422 while it shows errors, else 200.
pub fn status(summary: &[(String, String)]) -> axum::http::StatusCode {
    if summary.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// The summary at the top of a form with errors: (field id, message).
pub fn summary(fields: &[FieldView]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|f| !f.error.is_empty())
        .map(|f| (f.id.clone(), f.error.clone()))
        .collect()
}

/// A form as posted, read as pairs: for forms whose fields are not all known in advance (an
/// agency's own, one per agency) or that tick several values under one name.
pub struct Pairs {
    csrf: String,
    pub(crate) pairs: Vec<(String, String)>,
}

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(String, String)>::deserialize(d)?;
        let csrf = pairs
            .iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        Ok(Pairs { csrf, pairs })
    }
}

impl Pairs {
    /// The form's token, for the CSRF check.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    pub fn get(&self, key: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn all(&self, key: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }
}
