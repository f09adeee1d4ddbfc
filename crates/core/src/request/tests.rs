use super::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 24);

fn key() -> NasKey {
    NasKey::from_bytes([7; 32])
}

fn input() -> RequestInput<'static> {
    RequestInput {
        organization: OrganizationForm {
            name: "Centre de formation Laurentides",
            address: "425, rue Saint-Amable",
            city: "Québec",
            postal_code: "g1r4z1",
            phone: "418 646-7081",
            phone_extension: "",
            neq: "1145678901",
            education_number: "",
        },
        nonprofit: false,
        requester: PersonForm {
            title: "madame",
            last_name: "Roy",
            first_name: "Sophie",
            nas_partial: "123 456",
            email: "sophie.roy@exemple.qc.ca",
            phone: "4185551234",
            phone_extension: "12",
            fax: "",
        },
        profiles: ProfileChoices {
            principal_officer: true,
            ..ProfileChoices::default()
        },
        approver_last_name: "Tremblay",
        approver_first_name: "Louise",
        approver_email: "louise.tremblay@exemple.qc.ca",
        approver_phone: "418 555-9999",
        approver_phone_extension: "",
        approver_capacity: "manager",
        access_expires_on: "2027-06-30",
        comments: "  Première   demande  ",
        agency_contact_name: "",
        agency_contact_phone: "",
        declared: true,
    }
}

fn fields(errors: &[FieldError]) -> Vec<(Field, Problem)> {
    errors.iter().map(|e| (e.field, e.problem)).collect()
}

#[test]
fn a_complete_form_parses_normalized_with_the_nas_hashed() {
    let (doc, profiles) =
        RequestDocument::parse(RequestKind::NewCode, "", &input(), TODAY, &key()).expect("valid");
    assert!(profiles.is_officer());
    assert_eq!(doc.organization.postal_code, "G1R 4Z1");
    assert_eq!(doc.comments, "Première demande");
    assert_eq!(doc.access_expires_on, Some(date!(2027 - 06 - 30)));
    assert_eq!(doc.requester.nas_digest.len(), 64);
    assert!(
        !serde_json::to_string(&doc)
            .expect("json")
            .contains("123456")
    );
    assert_eq!(doc.requester_name(), "Sophie Roy");
    assert_eq!(doc.profile_set(), profiles);
    let back: RequestDocument =
        serde_json::from_str(&serde_json::to_string(&doc).expect("json")).expect("parses");
    assert_eq!(back, doc);
    let person = Person::parse_hashed(
        PersonId::new(),
        OrgId::new(),
        &doc.requester_form(),
        doc.nas_digest(),
    )
    .expect("the filed identity parses again");
    assert!(key().matches(
        &crate::person::NasPartial::parse("123456").expect("nas"),
        &person.nas_digest
    ));
}

#[test]
fn every_error_of_every_section_is_named_at_once() {
    let mut bad = input();
    bad.organization.neq = "12";
    bad.organization.phone = "555";
    bad.requester.nas_partial = "";
    bad.profiles = ProfileChoices::default();
    bad.approver_email = "sophie.roy@exemple.qc.ca";
    bad.approver_capacity = "boss";
    bad.access_expires_on = "";
    bad.declared = false;
    let errors =
        RequestDocument::parse(RequestKind::NewCode, "", &bad, TODAY, &key()).expect_err("invalid");
    assert_eq!(
        fields(&errors),
        vec![
            (Field::OrganizationPhone, Problem::Phone),
            (Field::Neq, Problem::Digits { count: 10 }),
            (Field::NasPartial, Problem::Required),
            (Field::Profiles, Problem::Required),
            (Field::Declaration, Problem::NotDeclared),
            (Field::ApproverEmail, Problem::SameAsRequester),
            (Field::ApproverCapacity, Problem::NotAChoice),
            (Field::AccessExpiresOn, Problem::Required),
        ]
    );
}

#[test]
fn the_expiry_is_required_for_a_new_code_only_and_at_most_a_year_ahead() {
    let mut change = input();
    change.access_expires_on = "";
    let (doc, _) = RequestDocument::parse(RequestKind::Change, "aux200", &change, TODAY, &key())
        .expect("a change needs no expiry");
    assert_eq!(doc.access_expires_on, None);
    assert_eq!(doc.requester.user_code, "aux200");
    change.access_expires_on = "2027-11-25";
    assert_eq!(
        fields(
            &RequestDocument::parse(RequestKind::Change, "aux200", &change, TODAY, &key())
                .expect_err("too far")
        ),
        vec![(Field::AccessExpiresOn, Problem::DateRange { days: 365 })]
    );
    assert_eq!(
        access_expiry("2027-11-24", TODAY),
        Ok(date!(2027 - 11 - 24))
    );
    assert_eq!(
        access_expiry("2026-11-24", TODAY),
        Err(FieldError::new(
            Field::AccessExpiresOn,
            Problem::DateRange { days: 365 }
        ))
    );
    assert_eq!(
        access_expiry("24/11/2027", TODAY),
        Err(FieldError::new(Field::AccessExpiresOn, Problem::Date))
    );
    assert_eq!(one_year_from(date!(2028 - 02 - 29)), date!(2029 - 02 - 28));
}

fn set(c: ProfileChoices) -> ProfileSet {
    ProfileSet::from_choices(c).expect("valid")
}

#[test]
fn m5_and_m2_decide_who_approves() {
    let officer = set(ProfileChoices {
        auxiliary_officer: true,
        ..Default::default()
    });
    let enterprise = set(ProfileChoices {
        enterprise_files: true,
        individual_files: true,
        ..Default::default()
    });
    let individual = set(ProfileChoices {
        individual_files: true,
        ..Default::default()
    });
    for signs_in in [false, true] {
        assert_eq!(
            Approval::for_profiles(&officer, signs_in),
            Approval::Manager
        );
        assert_eq!(
            Approval::for_profiles(&enterprise, signs_in),
            Approval::Manager
        );
    }
    assert_eq!(Approval::for_profiles(&individual, true), Approval::Officer);
    assert_eq!(
        Approval::for_profiles(&individual, false),
        Approval::ManagerUntilOfficer
    );
    let refused = |a: Approval, c| a.check(c).map_err(|e| e.problem);
    assert_eq!(refused(Approval::Manager, Capacity::Manager), Ok(()));
    assert_eq!(
        refused(Approval::Manager, Capacity::AuxiliaryOfficer),
        Err(Problem::ApproverMustBeManager)
    );
    assert_eq!(
        refused(Approval::Officer, Capacity::Manager),
        Err(Problem::ApproverMustBeOfficer)
    );
    assert_eq!(
        refused(Approval::Officer, Capacity::PrincipalOfficer),
        Ok(())
    );
    assert_eq!(
        refused(Approval::ManagerUntilOfficer, Capacity::PrincipalOfficer),
        Err(Problem::ManagerUntilOfficer)
    );
    assert!(needs_resolution(&enterprise, true));
    assert!(!needs_resolution(&enterprise, false));
    assert!(!needs_resolution(&individual, true));
    assert_eq!(
        check_first_request(&officer, false).map_err(|e| e.problem),
        Err(Problem::FirstRequestForPrincipal)
    );
    let principal = set(ProfileChoices {
        principal_officer: true,
        ..Default::default()
    });
    assert_eq!(check_first_request(&principal, false), Ok(()));
    assert_eq!(check_first_request(&individual, true), Ok(()));
}

#[test]
fn a_request_moves_only_forward_and_closes_once() {
    use RequestState as S;
    let path = [
        (S::AwaitingApproval, Step::Approve, S::Approved),
        (S::Approved, Step::Issue, S::Issued),
    ];
    for (from, step, to) in path {
        assert_eq!(from.after(step), Some(to));
    }
    assert_eq!(
        S::Approved.after(Step::ApplyAwaitingEmail),
        Some(S::AwaitingEmail)
    );
    assert_eq!(S::AwaitingEmail.after(Step::ConfirmEmail), Some(S::Applied));
    assert_eq!(S::AwaitingApproval.after(Step::Issue), None);
    assert_eq!(S::AwaitingEmail.after(Step::Withdraw), None);
    let steps = [
        Step::Approve,
        Step::Refuse,
        Step::Withdraw,
        Step::Issue,
        Step::Apply,
        Step::ApplyAwaitingEmail,
        Step::ConfirmEmail,
        Step::Reject,
    ];
    for state in S::ALL {
        assert_eq!(S::from_code(state.code()), Some(state));
        let moves = steps.iter().filter(|s| state.after(**s).is_some()).count();
        assert_eq!(state.is_open(), moves > 0, "{state:?}");
        for step in steps {
            if let Some(next) = state.after(step) {
                assert_ne!(next, S::AwaitingApproval, "nothing returns to the start");
            }
        }
    }
}

#[test]
fn a_resolution_is_a_pdf_by_its_content_and_bounded() {
    let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
    assert_eq!(check_resolution(pdf, 1024 * 1024), Ok(()));
    let problem = |c: &[u8], max| check_resolution(c, max).map_err(|e| (e.field, e.problem));
    assert_eq!(
        problem(b"GIF89a fake %%EOF", 1024 * 1024),
        Err((Field::Resolution, Problem::NotPdf))
    );
    assert_eq!(
        problem(b"%PDF-1.7 truncated", 1024 * 1024),
        Err((Field::Resolution, Problem::NotPdf))
    );
    let big = [pdf.as_slice(), &vec![b' '; 2 * 1024 * 1024]].concat();
    assert_eq!(
        problem(&big, 2 * 1024 * 1024),
        Err((Field::Resolution, Problem::FileTooLarge { max: 2 }))
    );
}

#[test]
fn a_refusal_gives_a_reason_of_at_most_500_characters() {
    assert_eq!(
        refusal_reason("  Pas   à notre emploi "),
        Ok("Pas à notre emploi".into())
    );
    let problem = |input: &str| refusal_reason(input).map_err(|e| (e.field, e.problem));
    assert_eq!(
        problem("   "),
        Err((Field::RefusalReason, Problem::Required))
    );
    assert_eq!(
        problem(&"x".repeat(501)),
        Err((Field::RefusalReason, Problem::TooLong { max: 500 }))
    );
}
