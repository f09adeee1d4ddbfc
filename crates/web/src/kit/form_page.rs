//! A page with one form: a title, a lead, the fields, one button. Most of Mandat's steps.

use askama::Template;
use askama_web::WebTemplate;

use crate::i18n::Tr;
use crate::kit::form::{FieldView, summary};
use crate::kit::frame::Chrome;

#[derive(Template, WebTemplate)]
#[template(path = "form_page.html")]
pub struct FormPage {
    pub tr: Tr,
    pub chrome: Chrome,
    pub csrf: String,
    pub title: String,
    pub lead: Vec<String>,
    pub action: String,
    pub submit: String,
    /// A message about the form as a whole (the field errors are in `errors`).
    pub alert: String,
    pub errors: Vec<(String, String)>,
    pub fields: Vec<FieldView>,
}

impl FormPage {
    /// The page titled by the message `title`, posting to `action`, with the button `submit`.
    pub fn new(
        tr: Tr,
        chrome: Chrome,
        csrf: String,
        title: &str,
        action: &str,
        submit: &str,
    ) -> Self {
        FormPage {
            title: tr.t(title),
            submit: tr.t(submit),
            action: action.to_string(),
            tr,
            chrome,
            csrf,
            lead: Vec::new(),
            alert: String::new(),
            errors: Vec::new(),
            fields: Vec::new(),
        }
    }

    pub fn lead(mut self, text: String) -> Self {
        self.lead.push(text);
        self
    }

    pub fn alert(mut self, key: &str) -> Self {
        self.alert = self.tr.t(key);
        self
    }

    pub fn fields(mut self, fields: Vec<FieldView>) -> Self {
        self.errors = summary(&fields);
        self.fields = fields;
        self
    }
}
