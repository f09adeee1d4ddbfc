//! The interface's two languages: messages in Fluent files under `locales/{fr,en}/`, the
//! reader's choice kept in a session cookie, French by default (ARCHITECTURE.md).

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use mandat_core::{FieldError, Lang, Problem};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // No Unicode isolation marks around arguments: our arguments are numbers and names
        // in the page's own language.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie that keeps the reader's language for the session.
pub const LANG_COOKIE: &str = "lang";

static FR: LanguageIdentifier = langid!("fr");
static EN: LanguageIdentifier = langid!("en");

fn id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// The reader's language, from the `lang` cookie; French when there is none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Locale(pub Lang);

impl Locale {
    pub fn from_jar(jar: &CookieJar) -> Self {
        Locale(
            jar.get(LANG_COOKIE)
                .and_then(|c| Lang::from_tag(c.value()))
                .unwrap_or_default(),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Locale::from_jar(&CookieJar::from_headers(&parts.headers)))
    }
}

/// Translates message keys for one page, in the reader's language.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The message `key`. A missing key shows as itself, and the locale test catches it.
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(id(self.lang), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES
            .try_lookup_with_args(id(self.lang), key, &args)
            .unwrap_or_else(|| key.to_string())
    }

    /// A field error said in full: « Le NEQ doit compter exactement 10 chiffres. »
    pub fn field_error(&self, e: &FieldError) -> String {
        self.problem(&self.t(&format!("field-{}", e.field.id())), e.problem)
    }

    /// What is wrong with the field labelled `label`: one of Mandat's, or an agency's (E3).
    pub fn problem(&self, label: &str, problem: Problem) -> String {
        let mut args = vec![("field", FluentValue::from(label.to_string()))];
        if let Some(n) = problem.number() {
            args.push(("n", FluentValue::from(n)));
        }
        self.t_args(&format!("problem-{}", problem.id()), &args)
    }

    pub fn tag(&self) -> &'static str {
        self.lang.tag()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mandat_core::{Field, Problem};
    use std::collections::BTreeSet;

    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(dir).expect("locale dir") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =")
                    && !key.starts_with(char::is_whitespace)
                    && !key.starts_with('#')
                {
                    keys.insert(key.trim().to_string());
                }
            }
        }
        keys
    }

    #[test]
    fn french_and_english_have_the_same_messages() {
        let (fr, en) = (keys("fr"), keys("en"));
        assert!(!fr.is_empty());
        assert_eq!(
            fr.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in English"
        );
        assert_eq!(
            en.difference(&fr).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in French"
        );
    }

    #[test]
    fn every_message_resolves_in_both_languages() {
        // Every argument a message may take, so that a message with one resolves in full.
        let args: HashMap<Cow<'static, str>, FluentValue> = [
            ("field".into(), FluentValue::from("NEQ")),
            ("n".into(), FluentValue::from(10)),
            ("name".into(), FluentValue::from("Chantal Gagné")),
            ("email".into(), FluentValue::from("chantal@exemple.qc.ca")),
            ("date".into(), FluentValue::from("27 novembre 2026")),
            ("count".into(), FluentValue::from(3)),
            ("state".into(), FluentValue::from("Retirée")),
            ("pages".into(), FluentValue::from(400)),
            ("agency".into(), FluentValue::from("Revenu Québec")),
            ("who".into(), FluentValue::from("Chantal Gagné")),
            ("when".into(), FluentValue::from("23 novembre 2026 09:00")),
            ("label".into(), FluentValue::from("Nombre de véhicules")),
            ("code".into(), FluentValue::from("SAAQ")),
            ("how".into(), FluentValue::from("Appel au 418 555-0100")),
            ("client".into(), FluentValue::from("Permis en ligne")),
            ("allowed".into(), FluentValue::from(12)),
            ("denied".into(), FluentValue::from(1)),
        ]
        .into();
        for key in keys("fr") {
            for lang in Lang::ALL {
                assert!(
                    LOCALES
                        .try_lookup_with_args(id(lang), &key, &args)
                        .is_some(),
                    "{key} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn every_field_and_problem_has_a_message() {
        let fields = Field::ALL;
        let problems = [
            Problem::Required,
            Problem::TooLong { max: 5 },
            Problem::Digits { count: 10 },
            Problem::PostalCode,
            Problem::Phone,
            Problem::Extension,
            Problem::Email,
            Problem::Code { max: 30 },
            Problem::NotAChoice,
            Problem::ControlCharacter,
            Problem::OneOfficerProfile,
            Problem::OneExtractionChoice,
            Problem::Incorrect,
            Problem::SameAsBefore,
            Problem::Taken,
            Problem::DateRange { days: 365 },
            Problem::Date,
            Problem::EndBeforeStart,
            Problem::UnknownNeq,
            Problem::RegistrationCodeFormat,
            Problem::NotCurrentCode,
            Problem::TooShort { min: 6 },
            Problem::UserCodeCharacters,
            Problem::MadeFromName,
            Problem::PasswordComposition,
            Problem::ContainsUserCode,
            Problem::ContainsName,
            Problem::Mismatch,
            Problem::NotDeclared,
            Problem::SameAsRequester,
            Problem::ApproverMustBeManager,
            Problem::ApproverMustBeOfficer,
            Problem::ManagerUntilOfficer,
            Problem::FirstRequestForPrincipal,
            Problem::NotAnOfficer,
            Problem::NotPdf,
            Problem::FileTooLarge { max: 10 },
            Problem::Number,
            Problem::Choices,
            Problem::NoConsent,
            Problem::StandingRequest,
            Problem::NewerRequest,
            Problem::EndInThePast,
            Problem::BeyondCodeValidity,
            Problem::NotEnrolled,
            Problem::OwnOrganization,
            Problem::BeyondMandate,
            Problem::TooMany { max: 10 },
            Problem::ClientUri,
            Problem::ClientKeys,
            Problem::DateYears,
            Problem::PasswordGuessable,
        ];
        let (fr, en) = (keys("fr"), keys("en"));
        for f in fields {
            assert!(
                fr.contains(&format!("field-{}", f.id()))
                    && en.contains(&format!("field-{}", f.id())),
                "{f:?}"
            );
        }
        for p in problems {
            assert!(fr.contains(&format!("problem-{}", p.id())), "{p:?}");
        }
    }

    #[test]
    fn field_errors_name_the_field_and_the_problem() {
        let e = FieldError::new(Field::Neq, Problem::Digits { count: 10 });
        assert_eq!(
            Tr::new(Lang::Fr).field_error(&e),
            "Le champ « NEQ » doit compter exactement 10 chiffres."
        );
        assert_eq!(
            Tr::new(Lang::En).field_error(&e),
            "The field “NEQ” must have exactly 10 digits."
        );
    }
}
