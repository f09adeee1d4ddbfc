//! « Administration de la sécurité » over HTTP (M21–M24): the organization's security file,
//! its filters and its export.

mod common;

use common::{Visitor, app};

#[tokio::test]
async fn an_officer_reads_filters_sorts_and_exports_the_security_file() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    v.sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let (_, menu) = v.get("/menu").await;
    assert!(
        menu.contains(
            r#"<a href="/administration/securite">Dossier de sécurité de l'organisme</a>"#
        )
    );

    let (_, page) = v.get("/administration/securite").await;
    assert!(page.contains("<h1>Dossier de sécurité de l'organisme</h1>"));
    assert!(
        page.contains("2 personnes · page 1 de 1"),
        "Roy has no code yet"
    );
    let cote = page.find("<td>membre01</td>").expect("Côté's row");
    let gagne = page.find("<td>officier01</td>").expect("Gagné's row");
    assert!(cote < gagne, "sorted by last name");
    assert!(
        page.contains("<td>Responsable sécurité</td>"),
        "the combined label"
    );
    assert!(page.contains(r#"aria-sort="ascending"><a href="/administration/securite?tri=nom&#38;ordre=desc">Nom</a>"#), "{page}");

    let (_, sorted) = v.get("/administration/securite?tri=nom&ordre=desc").await;
    assert!(sorted.find("<td>officier01</td>") < sorted.find("<td>membre01</td>"));
    let (_, found) = v.get("/administration/securite?q=C%C3%B4T").await;
    assert!(found.contains("1 personne · page 1 de 1") && found.contains("<td>membre01</td>"));
    let (_, none) = v.get("/administration/securite?etat=inactive").await;
    assert!(none.contains("Aucune personne ne correspond à ces critères."));
    let (_, ignored) = v
        .get("/administration/securite?etat=%27%3B&page=x&tri=zz")
        .await;
    assert!(
        ignored.contains("2 personnes"),
        "a bad value is ignored, not an error"
    );

    let res = v
        .download("/administration/securite.csv?profil=principal-officer")
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"dossier-securite-1160000001.csv\""
    );
    let csv = res.text().await.expect("csv");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "Code d'utilisateur,Nom,Prénom,État,Profil,Date d'expiration"
    );
    assert_eq!(lines.len(), 2, "only the principal officer: {csv}");
    assert!(lines[1].starts_with("officier01,Gagné,Chantal,Actif,"));
    let exported = app
        .store
        .audit_of_action("security-file-exported")
        .await
        .expect("audit");
    assert_eq!(exported.len(), 1);
    assert!(exported[0].detail.contains("profil=principal-officer"));
}

#[tokio::test]
async fn only_officers_see_the_security_file() {
    let app = app().await;
    let mut v = Visitor::new(&app);
    assert_eq!(
        v.status(false, "/administration/securite")
            .await
            .1
            .as_deref(),
        Some("/connexion")
    );
    v.sign_in(&app, "membre01", "personne@exemple.qc.ca").await;
    let (_, menu) = v.get("/menu").await;
    assert!(!menu.contains("/administration/securite"), "M21");
    assert_eq!(v.status(false, "/administration/securite").await.0, 403);
    assert_eq!(v.status(false, "/administration/securite.csv").await.0, 403);
}

use mandat_core::Field;
use mandat_core::account::InactiveCause;
use mandat_core::contact::Email;
use time::Duration;
use time::macros::date;

const MARC: &str = "marc.cote@exemple.qc.ca";

/// The app with Marc Côté (`membre01`) at his own address, and both codes valid to the
/// dates given; the officer signed in, on Marc's file.
async fn on_marcs_file(
    marc_until: time::Date,
    officer_until: time::Date,
) -> (common::App, Visitor, String) {
    let app = app().await;
    let mut tx = app.store.begin().await.expect("begin");
    tx.update_person_email(app.member, &email(MARC))
        .await
        .expect("email");
    for (code, until) in [("membre01", marc_until), ("officier01", officer_until)] {
        let a = account(&app, code).await;
        tx.set_expiry(a.id, until).await.expect("expiry");
    }
    tx.commit().await.expect("commit");
    let mut v = Visitor::new(&app);
    v.sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let file = format!("/administration/securite/{}", app.member);
    (app, v, file)
}

async fn account(app: &common::App, code: &str) -> mandat_store::Account {
    app.store
        .account_by_user_code(code)
        .await
        .expect("read")
        .expect("account")
}

fn email(s: &str) -> Email {
    Email::parse(Field::Email, s).expect("email")
}

async fn lock(app: &common::App, code: &str) {
    let a = account(app, code).await;
    let mut tx = app.store.begin().await.expect("begin");
    tx.deactivate_account(a.id, InactiveCause::Lockout, None)
        .await
        .expect("lock");
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn an_officer_deactivates_a_code_with_a_reason_and_everyone_is_told() {
    let (app, mut v, file) = on_marcs_file(date!(2027 - 06 - 30), date!(2027 - 06 - 30)).await;
    let (_, page) = v.get(&file).await;
    assert!(page.contains("<h1>Dossier de sécurité d'un code d'utilisateur</h1>"));
    assert!(page.contains("<dd>membre01</dd>") && page.contains("<dd>Actif</dd>"));
    assert!(page.contains("<dd>30 juin 2027</dd>"));

    let (_, refused) = v
        .post(&format!("{file}/desactiver"), &[("reason", "")])
        .await;
    assert!(refused.contains(r#"id="reason-error""#), "{refused}");
    assert!(refused.contains("<dd>Actif</dd>"), "nothing changed");
    let (_, other) = v
        .post(
            &format!("{file}/desactiver"),
            &[("reason", "other"), ("other-reason", " ")],
        )
        .await;
    assert!(
        other.contains(r#"id="other-reason-error""#),
        "« Autre raison » needs its text"
    );

    let (at, done) = v
        .post(
            &format!("{file}/desactiver"),
            &[("reason", "voluntary-departure")],
        )
        .await;
    assert_eq!(
        at, file,
        "post/redirect/get: a reload does not deactivate again"
    );
    assert!(
        done.contains("Le code d'utilisateur est désactivé."),
        "{done}"
    );
    let (_, reloaded) = v.get(&format!("{file}?fait=inconnu")).await;
    assert!(
        !reloaded.contains("Le code d'utilisateur est désactivé."),
        "only the notices the file knows"
    );
    assert!(done.contains("<dd>Inactif</dd>"));
    assert!(
        done.contains("<td>Chantal Gagné</td><td>Désactivation</td><td>Départ volontaire</td>"),
        "M23 history"
    );
    assert!(
        done.contains("Le code d'utilisateur que vous avez sélectionné est inactif. Vous ne pouvez rien modifier dans ce dossier de sécurité."),
        "deactivated by an officer: M23 offers nothing"
    );
    assert!(!done.contains("/reactiver\"") && !done.contains("/expiration\""));
    let to_marc = app.mails_to(MARC).await;
    let last = to_marc.last().expect("a mail to Marc");
    assert_eq!(last.template, "code-changed-user");
    assert!(last.body.contains(
        "a été désactivé par Chantal Gagné, responsable de la sécurité de votre organisme."
    ));
    let to_officers = app.mails_to("personne@exemple.qc.ca").await;
    let notice = to_officers
        .iter()
        .find(|m| m.template == "code-changed-officers")
        .expect("officers told");
    assert!(notice.body.contains("(mem) de Marc Côté") && !notice.body.contains("membre01"));

    let (_, forged) = v
        .post(
            &format!("{file}/reactiver"),
            &[("reactivation-reason", "retour")],
        )
        .await;
    assert!(
        forged.contains("Cette action n'est pas permise"),
        "a forged POST is refused"
    );
    let marc = account(&app, "membre01").await;
    assert!(matches!(marc.inactive, Some((InactiveCause::Officer, _))));
    let log = app
        .store
        .audit_of_action("deactivated")
        .await
        .expect("audit");
    assert_eq!(
        log.last()
            .map(|r| mandat_core::audit::render(&r.detail, mandat_core::Lang::Fr)),
        Some("Départ volontaire".into())
    );
}

#[tokio::test]
async fn an_officer_reactivates_a_recent_lockout_and_a_temporary_password_is_sent() {
    let (app, mut v, file) = on_marcs_file(date!(2027 - 06 - 30), date!(2027 - 06 - 30)).await;
    lock(&app, "membre01").await;
    let (_, page) = v.get(&file).await;
    assert!(page.contains("Réactiver le code d'utilisateur") && page.contains("/reactiver\""));
    let (_, empty) = v
        .post(&format!("{file}/reactiver"), &[("reactivation-reason", "")])
        .await;
    assert!(empty.contains(r#"id="reactivation-reason-error""#));
    let (_, done) = v
        .post(
            &format!("{file}/reactiver"),
            &[("reactivation-reason", "Retour de vacances")],
        )
        .await;
    assert!(
        done.contains("Le code d'utilisateur est réactivé."),
        "{done}"
    );
    let marc = account(&app, "membre01").await;
    assert!(marc.inactive.is_none() && marc.password_temporary && marc.failed_sign_ins == 0);
    let mail = app.mails_to(MARC).await.pop().expect("mail");
    assert!(mail.body.contains("Votre mot de passe temporaire est : "));
}

#[tokio::test]
async fn each_broken_condition_of_m16_is_named_and_central_is_left_to_act() {
    let (app, mut v, file) = on_marcs_file(date!(2027 - 01 - 15), date!(2027 - 06 - 30)).await;
    lock(&app, "membre01").await;
    app.clock.advance(Duration::days(100));
    v.sign_in(&app, "officier01", "personne@exemple.qc.ca")
        .await;
    let (_, page) = v.get(&file).await;
    assert!(page.contains(
        "Vous ne pouvez pas réactiver ce code; le Groupe central de la sécurité peut le faire."
    ));
    assert!(
        page.contains("<li>La date d'expiration du code doit être postérieure à aujourd'hui.</li>")
    );
    assert!(page.contains("<li>Le code est inactif depuis plus de trois mois.</li>"));
    assert!(!page.contains("/reactiver\""));
    let (_, forged) = v
        .post(
            &format!("{file}/reactiver"),
            &[("reactivation-reason", "x")],
        )
        .await;
    assert!(forged.contains("<li>Le code est inactif depuis plus de trois mois.</li>"));
    let marc = account(&app, "membre01").await;
    assert!(marc.inactive.is_some(), "still inactive");
}

#[tokio::test]
async fn a_new_expiry_date_follows_m17_and_an_officer_never_extends_their_own() {
    let (app, mut v, file) = on_marcs_file(date!(2027 - 01 - 15), date!(2027 - 01 - 15)).await;
    let (_, far) = v
        .post(
            &format!("{file}/expiration"),
            &[("new-expiry", "2027-12-01")],
        )
        .await;
    assert!(
        far.contains(
            "<li>Un code d'utilisateur est valide au plus 12 mois à partir d'aujourd'hui.</li>"
        ),
        "{far}"
    );
    let (_, bad) = v
        .post(&format!("{file}/expiration"), &[("new-expiry", "demain")])
        .await;
    assert!(bad.contains(r#"id="new-expiry-error""#));
    let (_, done) = v
        .post(
            &format!("{file}/expiration"),
            &[("new-expiry", "2027-11-01")],
        )
        .await;
    assert!(
        done.contains("La nouvelle date d'expiration est enregistrée.")
            && done.contains("<dd>1er novembre 2027</dd>")
    );
    let mail = app.mails_to(MARC).await.pop().expect("mail");
    assert!(
        mail.body
            .contains("a une nouvelle date d'expiration, fixée par Chantal Gagné")
    );

    let officer = account(&app, "officier01").await;
    let own = format!(
        "/administration/securite/{}",
        officer.kind.person().expect("a member")
    );
    let (_, extend) = v
        .post(
            &format!("{own}/expiration"),
            &[("new-expiry", "2027-02-01")],
        )
        .await;
    assert!(
        extend.contains(
            "<li>Vous ne pouvez pas faire cette action sur votre propre code d'utilisateur"
        )
    );
    let (_, shorten) = v
        .post(
            &format!("{own}/expiration"),
            &[("new-expiry", "2026-12-31")],
        )
        .await;
    assert!(shorten.contains("La nouvelle date d'expiration est enregistrée."));
    let (_, deactivate_self) = v
        .post(&format!("{own}/desactiver"), &[("reason", "dismissal")])
        .await;
    assert!(
        deactivate_self.contains("<li>Vous ne pouvez pas faire cette action sur votre propre code")
    );
}

#[tokio::test]
async fn an_officer_cannot_read_or_change_another_organizations_file() {
    let (app, mut v, _) = on_marcs_file(date!(2027 - 01 - 15), date!(2027 - 01 - 15)).await;
    let other = mandat_testing::organization("1170000002", "Ailleurs");
    let stranger = mandat_testing::person(other.id, "Ailleurs", "Anne", "100009");
    let mut tx = app.store.begin().await.expect("begin");
    tx.insert_organization(&other).await.expect("org");
    tx.insert_member(&mandat_store::Member {
        person: stranger.clone(),
        profiles: Default::default(),
        roles: vec![],
    })
    .await
    .expect("person");
    tx.commit().await.expect("commit");
    let file = format!("/administration/securite/{}", stranger.id);
    assert_eq!(v.status(false, &file).await.0, 404);
    v.get("/administration/securite").await;
    assert_eq!(v.status(true, &format!("{file}/desactiver")).await.0, 404);
}

/// The organization of the test app, as central's pages address it.
async fn org_of(app: &common::App) -> mandat_core::ids::OrgId {
    let (_, org) = app
        .store
        .person(app.member)
        .await
        .expect("read")
        .expect("person");
    org.id
}

#[tokio::test]
async fn central_acts_on_any_organization_and_lists_those_left_without_an_officer() {
    let (app, _, _) = on_marcs_file(date!(2027 - 06 - 30), date!(2027 - 06 - 30)).await;
    let org = org_of(&app).await;
    let mut c = Visitor::new(&app);
    c.sign_in(&app, "central01", "central@exemple.qc.ca").await;
    let (_, menu) = c.get("/menu").await;
    assert!(menu.contains(r#"<a href="/central/organismes">Organismes</a>"#));
    let (_, list) = c.get("/central/organismes?q=laurent").await;
    assert!(list.contains("1 organisme · page 1 de 1"), "{list}");
    assert!(list.contains("<td>1160000001</td>") && !list.contains("Sans responsable"));
    let (_, alone) = c.get("/central/organismes?sans-responsable=1").await;
    assert!(alone.contains("Aucun organisme ne correspond à ces critères."));

    let base = format!("/central/organismes/{org}/securite");
    let (_, file) = c.get(&base).await;
    assert!(file.contains("2 personnes · page 1 de 1"), "{file}");
    let officer = account(&app, "officier01").await;
    let mandat_store::AccountKind::Member { person, .. } = officer.kind else {
        unreachable!()
    };
    let page = format!("{base}/{person}");
    let (_, done) = c
        .post(
            &format!("{page}/desactiver"),
            &[("reason", "other"), ("other-reason", "Compte compromis")],
        )
        .await;
    assert!(
        done.contains("Le code d'utilisateur est désactivé."),
        "{done}"
    );
    assert!(
        done.contains("<td>Un agent du Groupe central de la sécurité</td><td>Désactivation</td>"),
        "central is never named (M23)"
    );
    assert!(
        !done.contains("Vous ne pouvez rien modifier"),
        "central may act on a code an officer could not touch"
    );
    let alert = app.mails_to("central@exemple.qc.ca").await;
    assert!(
        alert.iter().any(|m| m.template == "no-active-officer"),
        "M15: {:?}",
        alert.iter().map(|m| &m.template).collect::<Vec<_>>()
    );
    let (_, alone) = c.get("/central/organismes?sans-responsable=1").await;
    assert!(alone.contains("Sans responsable") && alone.contains("1160000001"));

    let reason = ("reactivation-reason", "Appel de la responsable");
    let (_, unidentified) = c.post(&format!("{page}/reactiver"), &[reason]).await;
    assert!(
        unidentified.contains(r#"id="nas-partial-error""#),
        "no request in Mandat: central identifies the person (M16)"
    );
    let (_, wrong) = c
        .post(
            &format!("{page}/reactiver"),
            &[reason, ("nas-partial", "999999")],
        )
        .await;
    assert!(wrong.contains("<li>Le NAS partiel ne correspond pas à celui de la personne"));
    assert!(account(&app, "officier01").await.inactive.is_some());
    let (_, back) = c
        .post(
            &format!("{page}/reactiver"),
            &[reason, ("nas-partial", "100002")],
        )
        .await;
    assert!(
        back.contains("Le code d'utilisateur est réactivé."),
        "{back}"
    );
    let officer = account(&app, "officier01").await;
    assert!(officer.inactive.is_none() && officer.password_temporary);
    let to_officer = app.mails_to("personne@exemple.qc.ca").await;
    let told = to_officer.last().expect("mail");
    assert!(
        told.body.contains("Groupe central de la sécurité"),
        "M14: {}",
        told.body
    );

    let stranger = format!("/central/organismes/{org}/securite/{}", uuid_like());
    assert_eq!(c.status(false, &stranger).await.0, 404);
    let mut officer = Visitor::new(&app);
    officer.sign_in(&app, "membre01", MARC).await;
    assert_eq!(officer.status(false, &base).await.0, 403);
}

fn uuid_like() -> String {
    "00000000-0000-4000-8000-000000000000".into()
}

#[tokio::test]
async fn an_officer_asks_central_to_reactivate_and_central_answers_within_its_service_level() {
    let (app, mut v, file) = on_marcs_file(date!(2026 - 11 - 20), date!(2027 - 06 - 30)).await;
    let marc = account(&app, "membre01").await;
    let mut tx = app.store.begin().await.expect("begin");
    tx.deactivate_account(marc.id, InactiveCause::Expired, None)
        .await
        .expect("expire");
    tx.commit().await.expect("commit");
    let (_, page) = v.get(&file).await;
    assert!(page.contains("Vous ne pouvez rien modifier dans ce dossier de sécurité."));
    assert!(page.contains("Demander la réactivation au Groupe central de la sécurité"));
    let ask = format!("{file}/demander-reactivation");
    let reason = ("reactivation-reason", "Prolongation du mandat");
    let (_, no_date) = v.post(&ask, &[reason]).await;
    assert!(
        no_date.contains(r#"id="new-expiry-error""#),
        "an expired code needs a date"
    );
    let (_, too_far) = v.post(&ask, &[reason, ("new-expiry", "2028-01-01")]).await;
    assert!(too_far.contains("<li>Un code d'utilisateur est valide au plus 12 mois"));
    let (_, asked) = v.post(&ask, &[reason, ("new-expiry", "2027-06-30")]).await;
    assert!(
        asked
            .contains("La demande de réactivation est transmise au Groupe central de la sécurité."),
        "{asked}"
    );
    assert!(asked.contains("Demande de réactivation en traitement au Groupe central"));
    assert!(!asked.contains("/demander-reactivation\""), "asked once");
    let (_, twice) = v.post(&ask, &[reason, ("new-expiry", "2027-06-30")]).await;
    assert!(twice.contains("<li>Une demande de réactivation de ce code est déjà en traitement"));
    let to_central = app.mails_to("central@exemple.qc.ca").await;
    let told = to_central.last().expect("central told");
    assert_eq!(told.template, "reactivation-requested");
    assert!(
        told.body.contains("(mem) de Marc Côté")
            && told.body.contains("Échéance : 25 novembre 2026")
    );

    let mut c = Visitor::new(&app);
    c.sign_in(&app, "central01", "central@exemple.qc.ca").await;
    let (_, queue) = c.get("/central/reactivations").await;
    assert!(queue.contains("Marc Côté") && queue.contains("<td>Date d'expiration dépassée</td>"));
    assert!(
        queue.contains("<td>25 novembre 2026</td>"),
        "two business days from Monday: {queue}"
    );
    let org = org_of(&app).await;
    let central_file = format!("/central/organismes/{org}/securite/{}", app.member);
    let (_, seen) = c.get(&central_file).await;
    assert!(seen.contains("<dd>Chantal Gagné</dd>") && seen.contains("<dd>30 juin 2027</dd>"));
    let (_, undated) = c
        .post(
            &format!("{central_file}/reactiver"),
            &[("reactivation-reason", "Demande conforme")],
        )
        .await;
    assert!(undated.contains(r#"id="new-expiry-error""#));
    let (_, done) = c
        .post(
            &format!("{central_file}/reactiver"),
            &[
                ("reactivation-reason", "Demande conforme"),
                ("new-expiry", "2027-06-30"),
            ],
        )
        .await;
    assert!(
        done.contains("Le code d'utilisateur est réactivé."),
        "{done}"
    );
    let marc = account(&app, "membre01").await;
    assert!(marc.inactive.is_none() && marc.expires_on == Some(date!(2027 - 06 - 30)));
    let (_, empty) = c.get("/central/reactivations").await;
    assert!(empty.contains("Aucune demande de réactivation n'est en attente."));

    v.post(
        &format!("{file}/desactiver"),
        &[("reason", "extended-absence")],
    )
    .await;
    v.post(&ask, &[("reactivation-reason", "Retour anticipé")])
        .await;
    let (_, open) = c.get(&central_file).await;
    assert!(open.contains("Refuser la demande"));
    let (_, no_reason) = c
        .post(
            &format!("{central_file}/refuser-reactivation"),
            &[("refusal-reason", " ")],
        )
        .await;
    assert!(no_reason.contains(r#"id="refusal-reason-error""#));
    let (_, refused) = c
        .post(
            &format!("{central_file}/refuser-reactivation"),
            &[("refusal-reason", "Le gestionnaire doit confirmer le retour")],
        )
        .await;
    assert!(
        refused.contains("La demande de réactivation est refusée."),
        "{refused}"
    );
    let officer_mail = app.mails_to("personne@exemple.qc.ca").await;
    let refusal = officer_mail.last().expect("the officer told");
    assert_eq!(refusal.template, "reactivation-refused");
    assert!(
        refusal
            .body
            .contains("Le gestionnaire doit confirmer le retour")
    );
    assert!(account(&app, "membre01").await.inactive.is_some());
    assert_eq!(
        v.status(true, &format!("{file}/refuser-reactivation"))
            .await
            .0,
        404,
        "only central refuses"
    );
}
