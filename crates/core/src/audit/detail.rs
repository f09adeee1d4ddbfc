//! What an audit entry says beyond its action (M12), in the reader's language: a note of
//! this list with its values (`WrongPassword` with the failure's count), or a text a person
//! typed (a reason), kept as they typed it. The log stores either as a small JSON object,
//! which the chain hashes; a page renders it with `render` in its own language, so no French
//! page shows an English phrase. A person's text is stored as a value, never as a note, so
//! typing something that looks like one shows it as typed. Entries written before this
//! list existed are plain text, shown as they are.

use std::fmt::Display;

use serde_json::{Map, Value};

use crate::Lang;
use crate::agency::Localized;

macro_rules! notes {
    ($($variant:ident = $code:literal, $fr:literal, $en:literal;)*) => {
        /// One kind of thing an entry says, with a `{name}` for each of its values.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Note {
            $($variant,)*
        }

        impl Note {
            /// Every note, in the order of this list.
            pub const ALL: &'static [Note] = &[$(Note::$variant,)*];

            /// The code the log stores.
            pub fn code(self) -> &'static str {
                match self {
                    $(Note::$variant => $code,)*
                }
            }

            /// The note's text in `lang`, its values still to fill in.
            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (Note::$variant, Lang::Fr) => $fr,
                        (Note::$variant, Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

notes! {
    // Sign-in and the account (E2, M8–M11, M13).
    UnknownUserCode = "unknown-user-code", "Code d'utilisateur inconnu", "Unknown user code";
    WrongPassword = "wrong-password", "Mot de passe erroné ; échec {count} sur {max}", "Wrong password; failure {count} of {max}";
    WrongSecondFactor = "wrong-second-factor", "Code de vérification erroné ; échec {count} sur {max}", "Wrong verification code; failure {count} of {max}";
    FailedSignIns = "failed-sign-ins", "{count} échecs d'ouverture de session", "{count} failed sign-ins";
    FailedSignInsFrom = "failed-sign-ins-from", "{count} échecs d'ouverture de session : {failures}", "{count} failed sign-ins: {failures}";
    ValidityEnded = "validity-ended", "Fin de la validité du code d'utilisateur", "The user code's validity ended";
    ByEmailCode = "by-email-code", "Avec un code reçu par courriel", "With a code received by email";
    ByAuthenticator = "by-authenticator", "Avec l'application d'authentification", "With the authenticator app";
    ByRecoveryCode = "by-recovery-code", "Avec un code de récupération", "With a recovery code";
    TemporaryPasswordReplaced = "temporary-password-replaced", "Mot de passe temporaire ou expiré remplacé", "Temporary or expired password replaced";
    BySelf = "by-self", "Par la personne elle-même : {reason}", "By the person themselves: {reason}";
    Said = "said", "{reason}", "{reason}";
    CentralAlerted = "central-alerted", "Groupe central avisé : aucun responsable de la sécurité actif", "Central alerted: no active security officer";
    // Registration codes and identity checks (M6–M8, M17).
    UnknownRegistrationCode = "unknown-registration-code", "Code d'enregistrement inconnu", "Unknown registration code";
    NasMismatch = "nas-mismatch", "Le NAS partiel ne correspond pas", "The partial SIN does not match";
    NasMismatchSuspended = "nas-mismatch-suspended", "Le NAS partiel ne correspond pas ; code d'enregistrement suspendu", "The partial SIN does not match; registration code suspended";
    NasMatches = "nas-matches", "Le NAS partiel correspond", "The partial SIN matches";
    ReactivationNasMatches = "reactivation-nas-matches", "Réactivation : le NAS partiel correspond", "Reactivation: the partial SIN matches";
    ReactivationNasMismatch = "reactivation-nas-mismatch", "Réactivation : le NAS partiel ne correspond pas", "Reactivation: the partial SIN does not match";
    UserCodeValidThrough = "user-code-valid-through", "Code d'utilisateur valide jusqu'au {on}", "User code valid through {on}";
    CodeIssued = "code-issued", "Utilisable jusqu'au {usable}, accès jusqu'au {access}", "Usable through {usable}, access until {access}";
    CodeExtended = "code-extended", "Utilisable jusqu'au {usable}", "Usable through {usable}";
    ExpiresOn = "expires-on", "Date d'expiration : {on}", "Expiry date: {on}";
    WithExpiry = "with-expiry", "{reason} (expiration : {on})", "{reason} (expiry: {on})";
    // Daily jobs (M18, M20, P6).
    ExpiryNotice = "expiry-notice", "{days} jours avant le {on}", "{days} days before {on}";
    ContractsEnded = "contracts-ended", "Dernier contrat terminé le {last}, codes désactivés le {until}", "Last contract ended on {last}, codes deactivated on {until}";
    ContractsEndedDeactivated = "contracts-ended-deactivated", "Le dernier contrat a pris fin le {last}", "The last contract ended on {last}";
    ProcurationEnds = "procuration-ends", "{name} prend fin le {on} (dans {days} jours)", "{name} ends on {on} (in {days} days)";
    // Access rights and procurations (P3–P6).
    Rights = "rights", "{name} : {lines} ; jusqu'au {until}", "{name}: {lines}; until {until}";
    RightsOfHolders = "rights-of-holders", "{name} : {lines} ; jusqu'au {until} ({holders} titulaires)", "{name}: {lines}; until {until} ({holders} holders)";
    ProcurationUntil = "procuration-until", "{name} (jusqu'au {until})", "{name} (until {until})";
    ProcurationFor = "procuration-for", "{name} pour {mandataire} (NEQ {neq}, jusqu'au {until})", "{name} for {mandataire} (NEQ {neq}, until {until})";
    ProcurationWithin = "procuration-within", "{name} (jusqu'au {until}), dans la procuration « {mandate} » confiée par {mandant}", "{name} (until {until}), within the procuration “{mandate}” from {mandant}";
    ProcurationFrom = "procuration-from", "{name} confiée par {mandant}", "{name} from {mandant}";
    ProcurationFromHolders = "procuration-from-holders", "{name} confiée par {mandant} ({holders} titulaires)", "{name} from {mandant} ({holders} holders)";
    NewEnd = "new-end", "{name} : {from} → {to}", "{name}: {from} → {to}";
    // Form 2490 (M4–M7, M19).
    RequestFiled = "request-filed", "Demande {id} ({kind}) pour {profiles}, NEQ {neq}, approbation demandée à {approver} ({capacity})", "Request {id} ({kind}) for {profiles}, NEQ {neq}, approval asked of {approver} ({capacity})";
    Request = "request", "Demande {id}", "Request {id}";
    RequestBy = "request-by", "Demande {id} par {by}", "Request {id} by {by}";
    RequestEmailConfirmed = "request-email-confirmed", "Demande {id} : nouvelle adresse confirmée", "Request {id}: new address confirmed";
    RequestNasMatches = "request-nas-matches", "Demande {id} : le NAS partiel correspond", "Request {id}: the partial SIN matches";
    RequestNasMismatch = "request-nas-mismatch", "Demande {id} : le NAS partiel ne correspond pas", "Request {id}: the partial SIN does not match";
    RequestRejected = "request-rejected", "Demande {id} : {reason}", "Request {id}: {reason}";
    RequestApplied = "request-applied", "Demande {id} : identité et profils remplacés", "Request {id}: identity and profiles replaced";
    RequestAppliedEmail = "request-applied-email", "Demande {id} : identité et profils remplacés ; la nouvelle adresse attend sa confirmation", "Request {id}: identity and profiles replaced; the new address awaits confirmation";
    // Agencies, their catalog, contracts and enrollment (E1–E5, M20).
    Named = "named", "{name} ({code})", "{name} ({code})";
    Renamed = "renamed", "{from} → {to}", "{from} → {to}";
    TaskIn = "task-in", "{name} ({code}) dans {service}", "{name} ({code}) in {service}";
    FieldAdded = "field-added", "{label} ({code}, {kind})", "{label} ({code}, {kind})";
    ContractPeriod = "contract-period", "Du {from} au {to} ({kind})", "From {from} to {to} ({kind})";
    ContractEnds = "contract-ends", "Contrat {id} : fin le {on}", "Contract {id}: ends on {on}";
    EnrollmentTransmitted = "enrollment-transmitted", "{agency} : {services}", "{agency}: {services}";
    AgencyCreated = "agency-created", "{name} ({code}), administrateur {admin} ({user_code})", "{name} ({code}), administrator {admin} ({user_code})";
    StaffMember = "staff-member", "{name} ({user_code})", "{name} ({user_code})";
    StaffAdministrator = "staff-administrator", "{name} ({user_code}), administrateur", "{name} ({user_code}), administrator";
    StaffFromCommandLine = "staff-from-command-line", "{name} ({user_code}), par la ligne de commande", "{name} ({user_code}), from the command line";
    // The OpenID Connect provider (issue 20).
    KeyAtFirstStart = "key-at-first-start", "Clé {kid}, créée au premier démarrage", "Key {kid}, made at first start";
    KeyFromCommandLine = "key-from-command-line", "Clé {kid}, par la ligne de commande ; elle signe désormais", "Key {kid}, from the command line; it signs from now on";
    ClientOf = "client-of", "{name} ({client_id}), pour {service}", "{name} ({client_id}), for {service}";
    ClientFromCommandLine = "client-from-command-line", "{name} ({client_id}), pour {service}, par la ligne de commande", "{name} ({client_id}), for {service}, from the command line";
    OidcAuthorized = "oidc-authorized", "{client} ({client_id}), pour {org}", "{client} ({client_id}), for {org}";
    OidcRefused = "oidc-refused", "{client} ({client_id}) : {error}", "{client} ({client_id}): {error}";
    OidcSignedOut = "oidc-signed-out", "À la demande de {client} ({client_id})", "Asked by {client} ({client_id})";
    OidcTokens = "oidc-tokens", "{client} ({client_id}) : {grant}", "{client} ({client_id}): {grant}";
    // The authorization API (issue 21).
    Evaluated = "evaluated", "{client} ({client_id}) : personne {subject}, pour {org}, tâche {task} de {service} ; {reasons}", "{client} ({client_id}): person {subject}, for {org}, task {task} of {service}; {reasons}";
    EvaluatedAgain = "evaluated-again", "{client} ({client_id}) : personne {subject}, pour {org}, tâche {task} de {service} ; {reasons} ; {times} fois", "{client} ({client_id}): person {subject}, for {org}, task {task} of {service}; {reasons}; {times} times";
    // The officers' API (issue 21).
    ApiToken = "api-token", "« {name} » ({scope}), jusqu'au {until}", "\"{name}\" ({scope}), until {until}";
    ApiCall = "api-call", "{method} {path} ({status}), jeton « {name} »", "{method} {path} ({status}), token \"{name}\"";
    // Revocation events (issue 21).
    ReceiverPush = "receiver-push", "Envoi à {endpoint}, pour le client {client} ({client_id})", "Pushed to {endpoint}, for the client {client} ({client_id})";
    ReceiverPoll = "receiver-poll", "Relève par le client {client} ({client_id})", "Polled by the client {client} ({client_id})";
    // Exports (M12).
    EntriesExported = "entries-exported", "{count} entrées ; filtres : {filters}", "{count} entries; filters: {filters}";
    RowsExported = "rows-exported", "{count} lignes ; filtres : {filters}", "{count} rows; filters: {filters}";
}

/// What an entry says beyond its action: nothing, a note with its values, or a person's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Detail(Option<Map<String, Value>>);

impl Detail {
    /// Nothing more than the action.
    pub fn none() -> Self {
        Detail(None)
    }

    /// A text a person typed (a reason, a comment), shown as typed in every language.
    pub fn text(said: impl Into<String>) -> Self {
        let said: String = said.into();
        match said.is_empty() {
            true => Detail::none(),
            false => Detail(Some(Map::from_iter([("text".into(), said.into())]))),
        }
    }

    /// `value` for the note's `{name}`, the same in both languages.
    pub fn with(mut self, name: &str, value: impl Display) -> Self {
        self.0
            .get_or_insert_with(Map::new)
            .insert(name.into(), value.to_string().into());
        self
    }

    /// A name in both languages with its code: an agency, a service, a state.
    pub fn named(name: &Localized, code: &str) -> Self {
        Note::Named
            .both("name", &name.fr, &name.en)
            .with("code", code)
    }

    /// `{name}` as `fr` in French and `en` in English (an agency's or a service's name).
    pub fn both(self, name: &str, fr: impl Display, en: impl Display) -> Self {
        self.with(&format!("{name}.fr"), fr)
            .with(&format!("{name}.en"), en)
    }

    /// The text the log stores and its chain hashes.
    pub fn stored(&self) -> String {
        self.0
            .as_ref()
            .map(|m| Value::Object(m.clone()).to_string())
            .unwrap_or_default()
    }
}

impl From<Note> for Detail {
    fn from(note: Note) -> Self {
        Detail(Some(Map::from_iter([("note".into(), note.code().into())])))
    }
}

impl Note {
    /// The note with `value` for its `{name}`.
    pub fn with(self, name: &str, value: impl Display) -> Detail {
        Detail::from(self).with(name, value)
    }

    /// The note with `{name}` in each language.
    pub fn both(self, name: &str, fr: impl Display, en: impl Display) -> Detail {
        Detail::from(self).both(name, fr, en)
    }

    fn from_code(code: &str) -> Option<Note> {
        Note::ALL.iter().copied().find(|n| n.code() == code)
    }
}

/// A stored detail as `lang` reads it: the note's text with its values, the person's text,
/// or an older entry's plain text as it was written.
pub fn render(stored: &str, lang: Lang) -> String {
    let Ok(Value::Object(values)) = serde_json::from_str::<Value>(stored) else {
        return stored.to_string();
    };
    let value = |name: &str| {
        [format!("{name}.{}", lang.tag()), name.to_string()]
            .iter()
            .find_map(|k| values.get(k).and_then(Value::as_str))
            .map(str::to_string)
    };
    match (
        value("note").as_deref().and_then(Note::from_code),
        value("text"),
    ) {
        (Some(note), _) => fill(note.template(lang), value),
        (None, Some(text)) => text,
        (None, None) => stored.to_string(),
    }
}

/// The template with each `{name}` replaced by its value, in one pass: a value is never read
/// as a template itself. A name without a value stays as it is.
fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match after.find('}') {
            Some(close) => {
                let name = &after[1..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&after[..=close]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;

    fn names(template: &str) -> BTreeSet<&str> {
        template
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n))
            .collect()
    }

    #[test]
    fn every_note_has_a_code_of_its_own_and_a_text_in_each_language_with_the_same_values() {
        let mut codes = HashSet::new();
        for &n in Note::ALL {
            assert!(codes.insert(n.code()), "{} twice", n.code());
            assert_eq!(Note::from_code(n.code()), Some(n));
            let (fr, en) = (n.template(Lang::Fr), n.template(Lang::En));
            assert!(!fr.is_empty() && !en.is_empty(), "{}", n.code());
            assert_eq!(names(fr), names(en), "{}: the same values", n.code());
            let words = |t: &str| fill(t, |_| Some(String::new()));
            let no_words = words(fr).chars().all(|c| !c.is_alphabetic());
            assert!(no_words || fr != en, "{}: French is not English", n.code());
            assert!(!fr.contains("(M") && !en.contains("(M"), "{}", n.code());
        }
    }

    #[test]
    fn a_note_reads_in_the_readers_language_with_its_values() {
        let stored = Note::WrongPassword.with("count", 2).with("max", 3).stored();
        assert_eq!(
            render(&stored, Lang::Fr),
            "Mot de passe erroné ; échec 2 sur 3"
        );
        assert_eq!(render(&stored, Lang::En), "Wrong password; failure 2 of 3");
        let named = Note::Named
            .both("name", "Permis de conduire", "Driver's licence")
            .with("code", "PERMIS")
            .stored();
        assert_eq!(render(&named, Lang::Fr), "Permis de conduire (PERMIS)");
        assert_eq!(render(&named, Lang::En), "Driver's licence (PERMIS)");
    }

    #[test]
    fn a_persons_text_shows_as_typed_even_when_it_looks_like_a_note() {
        let forged = r#"{"note":"central-alerted"}"#;
        let stored = Detail::text(forged).stored();
        assert_eq!(render(&stored, Lang::Fr), forged);
        assert_eq!(render(&stored, Lang::En), forged);
        let value = Note::Request.with("id", "{id} {note}").stored();
        assert_eq!(render(&value, Lang::En), "Request {id} {note}");
    }

    #[test]
    fn nothing_is_stored_as_nothing_and_older_plain_text_shows_as_it_was() {
        assert_eq!(Detail::none().stored(), "");
        assert_eq!(Detail::text("").stored(), "");
        assert_eq!(render("", Lang::Fr), "");
        assert_eq!(render("3 failed sign-ins", Lang::Fr), "3 failed sign-ins");
        assert_eq!(render("{not json", Lang::En), "{not json");
        assert_eq!(render(r#"{"note":"gone"}"#, Lang::En), r#"{"note":"gone"}"#);
    }
}
