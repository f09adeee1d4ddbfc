//! The demonstration's procurations (issue 20), so that its agency service has people to sign
//! in: made through the application layer as the officers would make them on their pages,
//! with their audit entries and emails, once. The first wave's browser tests make their own
//! on other people (Marc Côté, Émilie Fortin) and find those untouched.
//!
//! - Geneviève Caron (`usr700`) holds the training centre's access to the MESS's services
//!   (path A, P3): she acts for one organization and is not asked to choose.
//! - Olivier Nadeau (`usr800`), the accounting firm's clerk, holds the firm's own access, and
//!   the access the centre entrusted to the firm (P6): he chooses whom he acts for.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context;
use mandat_app::{App, Officer};
use mandat_core::Field;
use mandat_core::agency::Code;
use mandat_core::external::Answer;
use mandat_core::ids::{AgencyId, PersonId, TaskId};
use mandat_core::procuration::{Chosen, ProcurationForm};
use mandat_store::AccountKind;

/// The demonstration's own agency service is the MESS's.
pub const AGENCY: &str = "MESS";

/// What the console says of them, with the people of [`super::describe`].
pub const DESCRIPTION: &str = "  Procurations de démonstration / Demonstration procurations: Geneviève Caron (usr700)\n\
     \x20 holds the centre's access to the MESS; Olivier Nadeau (usr800) holds the firm's own and,\n\
     \x20 through « Dossiers du MESS » the centre entrusted to the firm, the centre's (P6).\n";

/// The days from today the demonstration's procurations last.
const DAYS: i64 = 180;

/// Adds the procurations that are missing. Nothing is done for a person who holds a right
/// now, or whose account a demonstration older than this one does not have; one whose
/// rights were all withdrawn gets them again at the next start, so that the demonstration
/// service always has someone to sign in.
pub async fn seed(app: &App) -> anyhow::Result<()> {
    let store = app.store();
    let agency = store
        .agency_by_code(&Code::parse(Field::AgencyCode, AGENCY)?)
        .await?
        .context("the demonstration's MESS")?
        .id;
    let until = (app.today() + time::Duration::days(DAYS)).to_string();
    if let Some(genevieve) = unprovided(app, "usr700").await? {
        let centre = officer(app, "rsp100").await?;
        let name = "Droits d'accès de Geneviève Caron";
        let form = form(name, &until, agency, Chosen::Unrestricted);
        app.grant_rights(&centre, genevieve, &form).await?;
    }
    if let Some(olivier) = unprovided(app, "usr800").await? {
        clerk(app, olivier, agency, &until).await?;
    }
    Ok(())
}

/// The firm's clerk: the firm's own access, restricted to one task; then the centre's,
/// entrusted to the firm and accepted, of which the firm gives him two tasks (P6).
async fn clerk(app: &App, olivier: PersonId, agency: AgencyId, until: &str) -> anyhow::Result<()> {
    let (centre, firm) = (officer(app, "rsp100").await?, officer(app, "rsp300").await?);
    let search = Chosen::Tasks(tasks(app, agency, &["RECHERCHE-INDIVIDUS"]).await?);
    let own = form("Recherche d'individus", until, agency, search);
    let own = app.create_internal(&firm, &own).await?;
    app.assign(&firm, own.id, &[olivier]).await?;

    let entrusted = form("Dossiers du MESS", until, agency, Chosen::Unrestricted);
    let entrusted = app
        .create_external(&centre, &entrusted, "1170000002")
        .await?;
    app.answer_external(&firm, entrusted.id, Answer::Accepted)
        .await?;
    let codes = ["RECHERCHE-INDIVIDUS", "CONTRATS"];
    let within = Chosen::Tasks(tasks(app, agency, &codes).await?);
    let within = form("Dossiers du Centre", until, agency, within);
    let within = app.create_within(&firm, entrusted.id, &within).await?;
    app.assign(&firm, within.id, &[olivier]).await?;
    Ok(())
}

fn form<'a>(
    name: &'a str,
    until: &'a str,
    agency: AgencyId,
    chosen: Chosen,
) -> ProcurationForm<'a> {
    ProcurationForm {
        name,
        starts_on: "",
        ends_on: until,
        agencies: BTreeMap::from([(agency, chosen)]),
    }
}

/// The officer whose user code is `code`.
async fn officer(app: &App, code: &str) -> anyhow::Result<Officer> {
    let account = app.store().account_by_user_code(code).await?;
    let account = account.with_context(|| format!("the demonstration's {code}"))?;
    app.officer(&account, None)
        .await?
        .with_context(|| format!("{code} is not an officer"))
}

/// The person of account `code`, if it exists and holds no right yet.
async fn unprovided(app: &App, code: &str) -> anyhow::Result<Option<PersonId>> {
    let account = app.store().account_by_user_code(code).await?;
    let Some(AccountKind::Member { person, .. }) = account.map(|a| a.kind) else {
        return Ok(None);
    };
    let held = app.store().rights_of(person).await?;
    Ok(held.is_empty().then_some(person))
}

/// The ids of the agency's tasks of these codes, in its first service.
async fn tasks(app: &App, agency: AgencyId, codes: &[&str]) -> anyhow::Result<BTreeSet<TaskId>> {
    let store = app.store();
    let service = store.services_of(agency).await?;
    let service = service.first().context("the MESS's service")?;
    let all = store.tasks_of(service.id).await?;
    Ok(all
        .into_iter()
        .filter(|t| codes.contains(&t.code.as_str()))
        .map(|t| t.id)
        .collect())
}
