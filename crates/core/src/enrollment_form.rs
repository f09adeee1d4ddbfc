//! The "other information" an agency asks for on its enrollment form (E3): typed fields, each
//! with its label and help in both languages, required or not, and checked as officers answer.

use crate::Lang;
use crate::agency::{Code, Localized};
use crate::field::{Field, FieldError, FieldErrors, Problem};
use crate::ids::AgencyId;
use crate::text;

/// What kind of answer a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    Date,
    /// One of the agency's choices.
    Choice,
    /// « Oui » or « Non ».
    YesNo,
}

impl FieldKind {
    pub const ALL: [FieldKind; 5] = [
        FieldKind::Text,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::Choice,
        FieldKind::YesNo,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
            FieldKind::YesNo => "yes-no",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A field of an agency's enrollment form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    pub agency_id: AgencyId,
    pub code: Code,
    pub kind: FieldKind,
    pub label: Localized,
    /// Empty in both languages when the field needs no help.
    pub help: Localized,
    pub required: bool,
    /// The choices offered, for [`FieldKind::Choice`] only.
    pub choices: Vec<Localized>,
}

/// A field as typed in the agency's form, before parsing; choices one per line.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormFieldForm<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub label_fr: &'a str,
    pub label_en: &'a str,
    pub help_fr: &'a str,
    pub help_en: &'a str,
    pub required: bool,
    pub choices_fr: &'a str,
    pub choices_en: &'a str,
}

/// An answer as the review page, the agency and the emails show it, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    pub label: Localized,
    /// Empty when an optional field was left blank.
    pub value: Localized,
}

impl FormField {
    pub const LABEL_MAX: usize = 120;
    pub const HELP_MAX: usize = 300;
    pub const CHOICE_MAX: usize = 120;
    pub const ANSWER_MAX: usize = 500;

    /// Parses every field and returns every error.
    pub fn parse(agency_id: AgencyId, form: &FormFieldForm<'_>) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let code = errors.check(Code::parse(Field::FormFieldCode, form.code));
        let kind = errors.check(
            FieldKind::from_code(form.kind)
                .ok_or(FieldError::new(Field::FormFieldKind, Problem::NotAChoice)),
        );
        let label = errors.check_all(Localized::parse(
            (Field::LabelFr, Field::LabelEn),
            form.label_fr,
            form.label_en,
            Self::LABEL_MAX,
        ));
        let help = errors.check_all(help(form.help_fr, form.help_en));
        let choices = match kind {
            Some(FieldKind::Choice) => errors.check(choices(form.choices_fr, form.choices_en)),
            _ => Some(Vec::new()),
        };
        match (code, kind, label, help, choices) {
            (Some(code), Some(kind), Some(label), Some(help), Some(choices)) => Ok(FormField {
                agency_id,
                code,
                kind,
                label,
                help,
                required: form.required,
                choices,
            }),
            _ => Err(errors.into_vec()),
        }
    }

    /// Checks an officer's answer as typed; the answer shown in both languages.
    pub fn answer(&self, typed: &str) -> Result<Answer, Problem> {
        let trimmed = typed.trim();
        let value = if trimmed.is_empty() {
            if self.required {
                return Err(Problem::Required);
            }
            Localized::default()
        } else {
            self.value(trimmed)?
        };
        Ok(Answer {
            label: self.label.clone(),
            value,
        })
    }

    fn value(&self, typed: &str) -> Result<Localized, Problem> {
        let same = |s: String| Localized {
            fr: s.clone(),
            en: s,
        };
        match self.kind {
            FieldKind::Text => text::optional(Field::Comments, typed, Self::ANSWER_MAX)
                .map(|t| same(t.unwrap_or_default()))
                .map_err(|e| e.problem),
            FieldKind::Number => number(typed).ok_or(Problem::Number).map(|n| Localized {
                fr: n.replace('.', ","),
                en: n,
            }),
            FieldKind::Date => crate::contract::iso_date(Field::Comments, typed)
                .map(|d| Localized {
                    fr: crate::dates::long_date(d, Lang::Fr),
                    en: crate::dates::long_date(d, Lang::En),
                })
                .map_err(|e| e.problem),
            FieldKind::Choice => typed
                .parse::<usize>()
                .ok()
                .and_then(|i| self.choices.get(i).cloned())
                .ok_or(Problem::NotAChoice),
            FieldKind::YesNo => match typed {
                "yes" => Ok(yes_no(true)),
                "no" => Ok(yes_no(false)),
                _ => Err(Problem::NotAChoice),
            },
        }
    }

    /// The field's help in `lang`, empty when it has none.
    pub fn help_in(&self, lang: Lang) -> &str {
        self.help.get(lang)
    }
}

fn yes_no(yes: bool) -> Localized {
    let (fr, en) = if yes { ("Oui", "Yes") } else { ("Non", "No") };
    Localized {
        fr: fr.into(),
        en: en.into(),
    }
}

/// A decimal number as people type it (`12`, `-3,5`, `1 250.75`), written with a point.
fn number(typed: &str) -> Option<String> {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let digits = compact.strip_prefix('-').unwrap_or(&compact);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let valid = !whole.is_empty()
        && whole.len() <= 15
        && fraction.len() <= 6
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && fraction.is_empty());
    valid.then_some(compact)
}

/// Help is optional, but given in both languages or in neither.
fn help(fr: &str, en: &str) -> Result<Localized, Vec<FieldError>> {
    let max = FormField::HELP_MAX;
    let fr = text::optional(Field::HelpFr, fr, max);
    let en = text::optional(Field::HelpEn, en, max);
    match (fr, en) {
        (Ok(None), Ok(None)) => Ok(Localized::default()),
        (Ok(Some(fr)), Ok(Some(en))) => Ok(Localized { fr, en }),
        (Ok(Some(_)), Ok(None)) => Err(vec![FieldError::new(Field::HelpEn, Problem::Required)]),
        (Ok(None), Ok(Some(_))) => Err(vec![FieldError::new(Field::HelpFr, Problem::Required)]),
        (fr, en) => Err(fr.err().into_iter().chain(en.err()).collect()),
    }
}

/// At least two choices, one per line, as many in French as in English.
fn choices(fr: &str, en: &str) -> Result<Vec<Localized>, FieldError> {
    let lines = |field: Field, s: &str| -> Result<Vec<String>, FieldError> {
        s.lines()
            .filter_map(|l| text::optional(field, l, FormField::CHOICE_MAX).transpose())
            .collect()
    };
    let fr_lines = lines(Field::ChoicesFr, fr)?;
    let en_lines = lines(Field::ChoicesEn, en)?;
    if fr_lines.len() < 2 {
        return Err(FieldError::new(Field::ChoicesFr, Problem::Choices));
    }
    if en_lines.len() != fr_lines.len() {
        return Err(FieldError::new(Field::ChoicesEn, Problem::Choices));
    }
    Ok(fr_lines
        .into_iter()
        .zip(en_lines)
        .map(|(fr, en)| Localized { fr, en })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FormFieldForm<'static> {
        FormFieldForm {
            code: "nb-employes",
            kind: "number",
            label_fr: "Nombre d'employés",
            label_en: "Number of employees",
            help_fr: "",
            help_en: "",
            required: true,
            choices_fr: "",
            choices_en: "",
        }
    }

    #[test]
    fn a_field_needs_a_code_a_kind_and_labels_and_help_in_both_languages_or_none() {
        let field = FormField::parse(AgencyId::new(), &form()).expect("valid");
        assert_eq!(field.code.as_str(), "NB-EMPLOYES");
        assert_eq!(field.kind, FieldKind::Number);
        let errors = FormField::parse(
            AgencyId::new(),
            &FormFieldForm {
                kind: "colour",
                label_en: "",
                help_fr: "Au 31 mars",
                ..form()
            },
        )
        .expect_err("faulty");
        assert_eq!(
            errors,
            [
                FieldError::new(Field::FormFieldKind, Problem::NotAChoice),
                FieldError::new(Field::LabelEn, Problem::Required),
                FieldError::new(Field::HelpEn, Problem::Required),
            ]
        );
    }

    #[test]
    fn a_choice_field_lists_two_choices_or_more_in_both_languages() {
        let choice = |fr, en| FormFieldForm {
            kind: "choice",
            choices_fr: fr,
            choices_en: en,
            ..form()
        };
        let field = FormField::parse(
            AgencyId::new(),
            &choice("PME\n\nGrande entreprise\n", "SME\nLarge business"),
        )
        .expect("valid");
        assert_eq!(field.choices.len(), 2);
        assert_eq!(
            field.answer("1").map(|a| a.value.fr),
            Ok("Grande entreprise".into())
        );
        assert_eq!(field.answer("2"), Err(Problem::NotAChoice));
        for (fr, en, faulty) in [
            ("PME", "SME", Field::ChoicesFr),
            ("PME\nGE", "SME", Field::ChoicesEn),
        ] {
            assert_eq!(
                FormField::parse(AgencyId::new(), &choice(fr, en)),
                Err(vec![FieldError::new(faulty, Problem::Choices)])
            );
        }
        let text = FormField::parse(
            AgencyId::new(),
            &FormFieldForm {
                kind: "text",
                ..choice("a\nb", "a\nb")
            },
        );
        assert_eq!(
            text.map(|f| f.choices),
            Ok(vec![]),
            "only choice fields keep choices"
        );
    }

    #[test]
    fn answers_are_checked_by_kind_and_shown_in_both_languages() {
        let mut field = FormField::parse(AgencyId::new(), &form()).expect("valid");
        assert_eq!(field.answer("  "), Err(Problem::Required));
        let a = field.answer("1 250,5").expect("a number");
        assert_eq!(
            (a.value.fr.as_str(), a.value.en.as_str()),
            ("1250,5", "1250.5")
        );
        for bad in ["douze", "1.", "1,2,3", "--1", ".5"] {
            assert_eq!(field.answer(bad), Err(Problem::Number), "{bad}");
        }
        field.required = false;
        assert_eq!(field.answer("").map(|a| a.value), Ok(Localized::default()));
        field.kind = FieldKind::Date;
        assert_eq!(field.answer("2027-02-30"), Err(Problem::Date));
        assert_eq!(
            field.answer("2027-02-28").map(|a| a.value.en),
            Ok("February 28, 2027".into())
        );
        field.kind = FieldKind::YesNo;
        assert_eq!(field.answer("yes").map(|a| a.value.fr), Ok("Oui".into()));
        assert_eq!(field.answer("peut-être"), Err(Problem::NotAChoice));
        field.kind = FieldKind::Text;
        assert_eq!(
            field.answer(&"x".repeat(501)),
            Err(Problem::TooLong { max: 500 })
        );
    }
}
