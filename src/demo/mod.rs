//! Demonstration data: three agencies modeled on the seeds, their services and tasks, and
//! organizations with people in each role of DOMAIN.md. Idempotent: what exists is kept.
//! Every name, number and address here is fictitious.

use mandat_core::agency::{Agency, AgencyContact, Code, Localized, OnlineService, Task};
use mandat_core::contact::{Email, Phone};
use mandat_core::contract::Contract;
use mandat_core::credentials::{Password, UserCode};
use mandat_core::enrollment::{BuiltInState, CustomState, StateForm};
use mandat_core::enrollment_form::{FormField, FormFieldForm};
use mandat_core::enrollment_request::Draft;
use mandat_core::ids::{AccountId, EnrollmentId};
use mandat_core::ids::{AgencyId, OrgId, PersonId, ServiceId, TaskId};
use mandat_core::organization::{Neq, Organization, OrganizationForm};
use mandat_core::person::{NasKey, OrgRole, Person, PersonForm};
use mandat_core::profile::{ProfileChoices, ProfileSet};
use mandat_core::quebec_time;
use mandat_core::{Field, FieldError, Lang, Problem};
use mandat_store::{AccountKind, Member, NewAccount, Store};

pub mod rights;
pub mod service;

struct AgencySeed {
    code: &'static str,
    name: (&'static str, &'static str),
    contact: (&'static str, &'static str, &'static str),
    /// Its administrator's name, email and user code.
    admin: (&'static str, &'static str, &'static str),
    services: &'static [ServiceSeed],
}

struct ServiceSeed {
    code: &'static str,
    name: (&'static str, &'static str),
    description: (&'static str, &'static str),
    tasks: &'static [(&'static str, &'static str, &'static str)],
}

const HOURS: (&str, &str) = (
    "Du lundi au vendredi, de 8 h 30 à 16 h 30",
    "Monday to Friday, 8:30 a.m. to 4:30 p.m.",
);

const AGENCIES: &[AgencySeed] = &[
    AgencySeed {
        code: "MESS",
        admin: (
            "Nadia Pelletier",
            "nadia.pelletier@mess.localhost",
            "mess100",
        ),
        name: (
            "Ministère de l'Emploi et de la Solidarité sociale",
            "Ministry of Employment and Social Solidarity",
        ),
        contact: (
            "Soutien aux intervenants externes",
            "418 555-0142",
            "intervenants@mess.exemple.qc.ca",
        ),
        services: &[ServiceSeed {
            code: "SEL-IE",
            name: (
                "Services en ligne des intervenants externes",
                "External partners' online services",
            ),
            description: (
                "Mesures de formation, mesures SAE et PPE, et facturation en ligne des intervenants externes.",
                "Training measures, SAE and PPE measures, and online billing for external partners.",
            ),
            tasks: &[
                (
                    "RECHERCHE-INDIVIDUS",
                    "Rechercher des individus",
                    "Search individuals",
                ),
                (
                    "CONTRATS",
                    "Consulter la liste des contrats/ententes",
                    "View the list of contracts/agreements",
                ),
                ("EXTRACTION", "Extraire des données", "Extract data"),
                ("FACTURATION", "Facturer en ligne", "Bill online"),
            ],
        }],
    },
    AgencySeed {
        code: "RAMQ",
        admin: ("Éric Tremblay", "eric.tremblay@ramq.localhost", "ramq100"),
        name: (
            "Régie de l'assurance maladie du Québec",
            "Québec Health Insurance Board",
        ),
        contact: (
            "Centre de soutien aux professionnels",
            "418 555-0177",
            "soutien@ramq.exemple.qc.ca",
        ),
        services: &[ServiceSeed {
            code: "PROFESSIONNELS",
            name: (
                "Services en ligne aux professionnels",
                "Online services for professionals",
            ),
            description: (
                "Admissibilité des personnes assurées, demandes de paiement et état de compte.",
                "Insured persons' eligibility, payment claims and statement of account.",
            ),
            tasks: &[
                (
                    "ADMISSIBILITE",
                    "Vérifier l'admissibilité d'une personne assurée",
                    "Check an insured person's eligibility",
                ),
                (
                    "PAIEMENT",
                    "Transmettre une demande de paiement",
                    "Send a payment claim",
                ),
                (
                    "ETAT-COMPTE",
                    "Consulter l'état de compte",
                    "View the statement of account",
                ),
            ],
        }],
    },
    AgencySeed {
        code: "SAAQ",
        admin: ("Isabelle Morin", "isabelle.morin@saaq.localhost", "saaq100"),
        name: (
            "Société de l'assurance automobile du Québec",
            "Société de l'assurance automobile du Québec",
        ),
        contact: (
            "Soutien aux partenaires d'affaires",
            "418 555-0199",
            "partenaires@saaq.exemple.qc.ca",
        ),
        services: &[
            ServiceSeed {
                code: "FORMULAIRES",
                name: ("Formulaires en ligne", "Online forms"),
                description: (
                    "Transactions des employés désignés par formulaires en ligne, selon l'entente.",
                    "Designated employees' transactions through online forms, under the agreement.",
                ),
                tasks: &[
                    ("CONSULTER", "Consulter un dossier", "View a file"),
                    (
                        "TRANSMETTRE",
                        "Transmettre une déclaration",
                        "Send a declaration",
                    ),
                ],
            },
            ServiceSeed {
                code: "TRANSFERT",
                name: ("Transfert de fichiers", "File transfer"),
                description: (
                    "Échange de fichiers de transactions avec la Société, selon l'entente.",
                    "Exchange of transaction files with the Société, under the agreement.",
                ),
                tasks: &[
                    ("DEPOSER", "Déposer un fichier", "Upload a file"),
                    (
                        "RECUPERER",
                        "Récupérer un fichier de retour",
                        "Download a return file",
                    ),
                ],
            },
        ],
    },
];

struct OrgSeed {
    form: OrganizationForm<'static>,
    people: &'static [PersonSeed],
}

struct PersonSeed {
    first: &'static str,
    last: &'static str,
    title: &'static str,
    nas: &'static str,
    email: &'static str,
    profiles: ProfileChoices,
    roles: &'static [OrgRole],
    /// A user code for the demonstration, or none: the person registers with a code central issues.
    account: Option<&'static str>,
}

/// Contracts in force from a month ago to a year ahead (M9): (organization's NEQ, agency,
/// kind). The training establishment's individuals' files users see « Mesures de formation ».
const CONTRACTS: &[(&str, &str, &str)] = &[("1160000001", "MESS", "training")];

/// Organizations enrolled « Actif » (E4): (NEQ, agency, the officer who asked, the agency's
/// person who accepted).
const ENROLLMENTS: &[(&str, &str, &str, &str)] = &[
    ("1160000001", "MESS", "rsp100", "mess100"),
    ("1170000002", "MESS", "rsp300", "mess100"),
];

/// The SAAQ's enrollment form asks two more things (E3) and has a state of its own (E4).
const FORM_FIELDS: &[(&str, FormFieldForm<'static>)] = &[
    (
        "SAAQ",
        FormFieldForm {
            code: "FLOTTE",
            kind: "number",
            label_fr: "Nombre de véhicules de votre flotte",
            label_en: "Number of vehicles in your fleet",
            help_fr: "Comptez les véhicules immatriculés au nom de l'organisation.",
            help_en: "Count the vehicles registered in the organization's name.",
            required: true,
            choices_fr: "",
            choices_en: "",
        },
    ),
    (
        "SAAQ",
        FormFieldForm {
            code: "MATIERES-DANGEREUSES",
            kind: "yes-no",
            label_fr: "Transportez-vous des matières dangereuses?",
            label_en: "Do you carry dangerous goods?",
            help_fr: "",
            help_en: "",
            required: false,
            choices_fr: "",
            choices_en: "",
        },
    ),
];

const STATES: &[(&str, StateForm<'static>)] = &[(
    "SAAQ",
    StateForm {
        code: "DOCUMENTS-REQUIS",
        name_fr: "Documents requis",
        name_en: "Documents required",
        meaning_fr: "Transmettez par courriel les documents demandés dans le commentaire.",
        meaning_en: "Email the documents asked for in the comment.",
    },
)];

/// The password of every demonstration account, printed with them.
pub const PASSWORD: &str = "Demo-Mandat-2026";
/// The demonstration's central agent.
const CENTRAL: (&str, &str, &str) = (
    "Agente de démonstration",
    "central@mandat.localhost",
    "gcs2026",
);

const NONE: ProfileChoices = ProfileChoices {
    principal_officer: false,
    auxiliary_officer: false,
    individual_files: false,
    with_extraction: false,
    without_extraction: false,
    enterprise_files: false,
};

const ORGANIZATIONS: &[OrgSeed] = &[
    OrgSeed {
        form: OrganizationForm {
            name: "Centre de formation des Laurentides",
            address: "1200, boulevard des Érables",
            city: "Saint-Jérôme",
            postal_code: "J7Z 5T3",
            phone: "450 555-0110",
            phone_extension: "",
            neq: "1160000001",
            education_number: "751000",
        },
        people: &[
            PersonSeed {
                first: "Louise",
                last: "Tremblay",
                title: "madame",
                nas: "100001",
                email: "louise.tremblay@cfl.exemple.qc.ca",
                profiles: NONE,
                roles: &[OrgRole::Manager],
                account: None,
            },
            PersonSeed {
                first: "Chantal",
                last: "Gagné",
                title: "madame",
                nas: "100002",
                email: "chantal.gagne@cfl.exemple.qc.ca",
                profiles: ProfileChoices {
                    principal_officer: true,
                    individual_files: true,
                    enterprise_files: true,
                    ..NONE
                },
                roles: &[],
                account: Some("rsp100"),
            },
            PersonSeed {
                first: "Martin",
                last: "Lavoie",
                title: "monsieur",
                nas: "100003",
                email: "martin.lavoie@cfl.exemple.qc.ca",
                profiles: ProfileChoices {
                    auxiliary_officer: true,
                    ..NONE
                },
                roles: &[],
                account: Some("aux200"),
            },
            PersonSeed {
                first: "Sophie",
                last: "Roy",
                title: "madame",
                nas: "100004",
                email: "sophie.roy@cfl.exemple.qc.ca",
                profiles: ProfileChoices {
                    with_extraction: true,
                    ..NONE
                },
                roles: &[],
                account: None,
            },
            PersonSeed {
                first: "Marc",
                last: "Côté",
                title: "monsieur",
                nas: "100005",
                email: "marc.cote@cfl.exemple.qc.ca",
                profiles: ProfileChoices {
                    enterprise_files: true,
                    ..NONE
                },
                roles: &[],
                // A user who is no officer: the pages that are officers' refuse him.
                account: Some("usr500"),
            },
            PersonSeed {
                first: "Geneviève",
                last: "Caron",
                title: "madame",
                nas: "100006",
                email: "genevieve.caron@cfl.exemple.qc.ca",
                profiles: ProfileChoices {
                    individual_files: true,
                    ..NONE
                },
                roles: &[],
                // Holds the centre's access to the MESS's services (rights.rs): the
                // demonstration service signs her in for the centre.
                account: Some("usr700"),
            },
        ],
    },
    OrgSeed {
        form: OrganizationForm {
            name: "Bélanger Comptables associés inc.",
            address: "500, Grande Allée Est, bureau 300",
            city: "Québec",
            postal_code: "G1R 2J7",
            phone: "418 555-0120",
            phone_extension: "200",
            neq: "1170000002",
            education_number: "",
        },
        people: &[
            PersonSeed {
                first: "Julie",
                last: "Bélanger",
                title: "madame",
                nas: "200001",
                email: "julie.belanger@bca.exemple.qc.ca",
                profiles: NONE,
                roles: &[OrgRole::Manager],
                account: None,
            },
            PersonSeed {
                first: "Karim",
                last: "Haddad",
                title: "monsieur",
                nas: "200002",
                email: "karim.haddad@bca.exemple.qc.ca",
                profiles: ProfileChoices {
                    principal_officer: true,
                    enterprise_files: true,
                    ..NONE
                },
                roles: &[],
                account: Some("rsp300"),
            },
            PersonSeed {
                first: "Émilie",
                last: "Fortin",
                title: "madame",
                nas: "200003",
                email: "emilie.fortin@bca.exemple.qc.ca",
                profiles: ProfileChoices {
                    enterprise_files: true,
                    ..NONE
                },
                roles: &[],
                // The firm's clerk: its officer assigns her what a client entrusts (P6).
                account: Some("usr600"),
            },
            PersonSeed {
                first: "Olivier",
                last: "Nadeau",
                title: "monsieur",
                nas: "200004",
                email: "olivier.nadeau@bca.exemple.qc.ca",
                profiles: ProfileChoices {
                    enterprise_files: true,
                    ..NONE
                },
                roles: &[],
                // Another clerk, who holds the firm's access and the centre's (rights.rs):
                // the demonstration service asks him whom he acts for (P6).
                account: Some("usr800"),
            },
        ],
    },
    OrgSeed {
        form: OrganizationForm {
            name: "Municipalité de Saint-Exemple",
            address: "10, rue de l'Église",
            city: "Saint-Exemple",
            postal_code: "G0A 1B0",
            phone: "418 555-0130",
            phone_extension: "",
            neq: "8830000003",
            education_number: "",
        },
        people: &[
            PersonSeed {
                first: "Pierre",
                last: "Gauthier",
                title: "monsieur",
                nas: "300001",
                email: "dg@st-exemple.exemple.qc.ca",
                profiles: NONE,
                roles: &[OrgRole::Manager],
                account: None,
            },
            PersonSeed {
                first: "Nathalie",
                last: "Bouchard",
                title: "madame",
                nas: "300002",
                email: "nathalie.bouchard@st-exemple.exemple.qc.ca",
                profiles: ProfileChoices {
                    principal_officer: true,
                    ..NONE
                },
                roles: &[OrgRole::Representative],
                account: Some("rsp400"),
            },
            PersonSeed {
                first: "Alexandre",
                last: "Morin",
                title: "monsieur",
                nas: "300003",
                email: "alexandre.morin@st-exemple.exemple.qc.ca",
                profiles: ProfileChoices {
                    without_extraction: true,
                    ..NONE
                },
                roles: &[],
                account: None,
            },
        ],
    },
];

/// What [`seed`] added.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub agencies: usize,
    pub organizations: usize,
}

/// Adds whatever of the demonstration data is missing, in one transaction.
pub async fn seed(store: &Store, key: &NasKey) -> anyhow::Result<Seeded> {
    let mut added = Seeded::default();
    let mut tx = store.begin().await?;
    // Each seed's agency, in the seeds' order, whether it was there or is added now.
    let mut agency_ids = Vec::new();
    for a in AGENCIES {
        let code = Code::parse(Field::AgencyCode, a.code)?;
        if let Some(existing) = store.agency_by_code(&code).await? {
            agency_ids.push(existing.id);
            continue;
        }
        let agency = Agency {
            id: AgencyId::new(),
            code,
            name: Localized {
                fr: a.name.0.into(),
                en: a.name.1.into(),
            },
            contact: AgencyContact {
                name: a.contact.0.into(),
                phone: Phone::parse(Field::Phone, a.contact.1)?,
                email: Email::parse(Field::Email, a.contact.2)?,
                hours: Localized {
                    fr: HOURS.0.into(),
                    en: HOURS.1.into(),
                },
            },
        };
        tx.insert_agency(&agency).await?;
        agency_ids.push(agency.id);
        for s in a.services {
            let service = OnlineService {
                id: ServiceId::new(),
                agency_id: agency.id,
                code: Code::parse(Field::ServiceCode, s.code)?,
                name: Localized {
                    fr: s.name.0.into(),
                    en: s.name.1.into(),
                },
                description: Localized {
                    fr: s.description.0.into(),
                    en: s.description.1.into(),
                },
                contract: None,
            };
            tx.insert_service(&service).await?;
            for (code, fr, en) in s.tasks {
                tx.insert_task(&Task {
                    id: TaskId::new(),
                    service_id: service.id,
                    code: Code::parse(Field::TaskCode, code)?,
                    name: Localized {
                        fr: (*fr).into(),
                        en: (*en).into(),
                    },
                })
                .await?;
            }
        }
        for (_, form) in FORM_FIELDS.iter().filter(|(c, _)| *c == a.code) {
            let field = FormField::parse(agency.id, form).map_err(invalid)?;
            tx.insert_form_field(&field).await?;
        }
        for (_, form) in STATES.iter().filter(|(c, _)| *c == a.code) {
            let state = CustomState::parse(agency.id, form).map_err(invalid)?;
            tx.insert_enrollment_state(&state).await?;
        }
        added.agencies += 1;
    }
    for o in ORGANIZATIONS {
        let org = Organization::parse(OrgId::new(), &o.form).map_err(invalid)?;
        if store.organization_by_neq(&org.neq).await?.is_some() {
            continue;
        }
        tx.insert_organization(&org).await?;
        for (neq, agency, kind) in CONTRACTS {
            let Some((_, agency)) = AGENCIES
                .iter()
                .zip(&agency_ids)
                .find(|(a, _)| a.code == *agency && *neq == o.form.neq)
            else {
                continue;
            };
            let today = quebec_time::date_at(tx.now());
            let (from, to) = (
                today - time::Duration::days(30),
                today + time::Duration::days(365),
            );
            let contract =
                Contract::parse(*agency, org.id, kind, &from.to_string(), &to.to_string())
                    .map_err(invalid)?;
            tx.insert_contract(&contract).await?;
        }
        for p in o.people {
            let m = member(org.id, p, key)?;
            tx.insert_member(&m).await?;
            if let Some(code) = p.account {
                let kind = AccountKind::Member {
                    person: m.person.id,
                    org: org.id,
                };
                let expires = quebec_time::date_at(tx.now()) + time::Duration::days(365);
                tx.insert_account(&demo_account(kind, None, code, Some(expires))?)
                    .await?;
            }
        }
        added.organizations += 1;
    }
    for (a, agency) in AGENCIES.iter().zip(agency_ids) {
        let (name, email, code) = a.admin;
        if store.account_by_user_code(code).await?.is_some() {
            continue;
        }
        let kind = AccountKind::Agency {
            agency,
            admin: true,
        };
        let identity = (name.to_string(), Email::parse(Field::Email, email)?);
        tx.insert_account(&demo_account(kind, Some(identity), code, None)?)
            .await?;
    }
    if store.account_by_user_code(CENTRAL.2).await?.is_none() {
        let identity = (
            CENTRAL.0.to_string(),
            Email::parse(Field::Email, CENTRAL.1)?,
        );
        tx.insert_account(&demo_account(
            AccountKind::Central,
            Some(identity),
            CENTRAL.2,
            None,
        )?)
        .await?;
    }
    tx.commit().await?;
    for (neq, agency, officer, agent) in ENROLLMENTS {
        enroll(store, neq, agency, officer, agent).await?;
    }
    Ok(added)
}

async fn account_id(store: &Store, code: &str) -> anyhow::Result<AccountId> {
    store
        .account_by_user_code(code)
        .await?
        .map(|a| a.id)
        .ok_or_else(|| anyhow::anyhow!("no account {code}"))
}

/// An organization enrolled « Actif » with an agency (E4), so that its officers may grant the
/// agency's services (P2); once: nothing is done if the organization has a request there.
async fn enroll(
    store: &Store,
    neq: &str,
    agency: &str,
    officer: &str,
    agent: &str,
) -> anyhow::Result<()> {
    let org = store
        .organization_by_neq(&Neq::parse(neq)?)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no organization {neq}"))?;
    let agency = store
        .agency_by_code(&Code::parse(Field::AgencyCode, agency)?)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no agency {agency}"))?;
    if store
        .enrollments_of_org(org.id)
        .await?
        .iter()
        .any(|e| e.agency_id == agency.id)
    {
        return Ok(());
    }
    let (officer, agent) = (
        account_id(store, officer).await?,
        account_id(store, agent).await?,
    );
    let mut draft = Draft::prefilled(&org);
    draft.services = store
        .services_of(agency.id)
        .await?
        .iter()
        .map(|s| s.code.as_str().to_string())
        .collect();
    draft.consent = true;
    let content = draft
        .content(&store.services_of(agency.id).await?, &org, &[])
        .map_err(|step| anyhow::anyhow!("demo enrollment incomplete at {step:?}"))?;
    let id = EnrollmentId::new();
    let mut tx = store.begin().await?;
    tx.insert_enrollment(id, org.id, agency.id, officer, &content)
        .await?;
    tx.set_enrollment_state(agency.id, id, BuiltInState::Active.code(), "", agent)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn demo_account(
    kind: AccountKind,
    central: Option<(String, Email)>,
    code: &str,
    expires_on: Option<time::Date>,
) -> anyhow::Result<NewAccount> {
    let hash = Password::candidate(PASSWORD)
        .ok_or_else(|| anyhow::anyhow!("the demonstration password"))?
        .hash()
        .map_err(|e| anyhow::anyhow!("hashing the demonstration password: {e}"))?;
    Ok(NewAccount {
        id: AccountId::new(),
        kind,
        identity: central,
        user_code: UserCode::from_stored(code.to_string()),
        password_hash: hash,
        password_temporary: false,
        expires_on,
    })
}

fn member(org: OrgId, p: &PersonSeed, key: &NasKey) -> anyhow::Result<Member> {
    let form = PersonForm {
        title: p.title,
        last_name: p.last,
        first_name: p.first,
        nas_partial: p.nas,
        email: p.email,
        phone: "418 555-0100",
        phone_extension: "",
        fax: "",
    };
    let person = Person::parse(PersonId::new(), org, &form, key).map_err(invalid)?;
    Ok(Member {
        person,
        profiles: profiles(p.profiles)?,
        roles: p.roles.to_vec(),
    })
}

/// The seed's profiles; none at all for a manager who uses no service.
fn profiles(choices: ProfileChoices) -> Result<ProfileSet, FieldError> {
    match ProfileSet::from_choices(choices) {
        Err(FieldError {
            problem: Problem::Required,
            ..
        }) => Ok(ProfileSet::default()),
        other => other,
    }
}

fn invalid(errors: Vec<FieldError>) -> anyhow::Error {
    let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
    anyhow::anyhow!("invalid demonstration data: {}", list.join("; "))
}

/// The people of the demonstration, for the console: who they are and in which role.
pub fn describe() -> String {
    let mut out = String::from(
        "Données de démonstration / Demonstration data (fictitious people; NAS partiel = first six digits of the SIN)\n",
    );
    for o in ORGANIZATIONS {
        out.push_str(&format!("\n  {} (NEQ {})\n", o.form.name, o.form.neq));
        for p in o.people {
            let profiles = profiles(p.profiles)
                .map(|s| s.label(Lang::Fr))
                .unwrap_or_default();
            let roles: Vec<&str> = p
                .roles
                .iter()
                .map(|r| match r {
                    OrgRole::Manager => "Gestionnaire",
                    OrgRole::Representative => "Représentant désigné",
                })
                .chain((!profiles.is_empty()).then_some(profiles.as_str()))
                .collect();
            let account = p.account.map_or("—".to_string(), |c| format!("code {c}"));
            out.push_str(&format!(
                "    {:<22} NAS partiel {}  {:<12} {:<44} {}\n",
                format!("{} {}", p.first, p.last),
                p.nas,
                account,
                p.email,
                roles.join(", ")
            ));
        }
    }
    for (neq, agency, kind) in CONTRACTS {
        out.push_str(&format!(
            "\n  Contrat / Contract: NEQ {neq} with {agency} ({kind}), in force for a year\n"
        ));
    }
    out.push_str(
        "\n  Officers enroll their organization in the agencies' services at /inscriptions; the\n\
         \x20 SAAQ's form asks two more questions and it has a state of its own.\n",
    );
    for (neq, agency, _, _) in ENROLLMENTS {
        out.push_str(&format!(
            "  Inscription / Enrollment: NEQ {neq} with {agency}, « Actif »: its officers grant its\n\
             \x20 services at /administration/droits\n"
        ));
    }
    out.push_str(
        "  Procurations externes / External: its officers may entrust one to Bélanger Comptables\n\
         \x20 (NEQ 1170000002) at /administration/procurations, whose officer (rsp300) accepts it\n\
         \x20 and assigns it to Émilie Fortin (usr600), within it.\n",
    );
    out.push_str(rights::DESCRIPTION);
    out.push_str("\n  Ministères et organismes / Agencies\n");
    for a in AGENCIES {
        let (name, email, code) = a.admin;
        out.push_str(&format!(
            "    {:<6} administrateur / administrator {name} (code {code}, {email})\n",
            a.code
        ));
    }
    out.push_str(&format!(
        "\n  Groupe central / Central: {} (code {}, {})\n\
         \n  Sign in at /connexion with a code above and the password {PASSWORD}; the second factor\n\
         \x20 is emailed, to read in DATA_DIR/mail. Anyone may request a registration code at\n\
         \x20 /demande (form 2490); once approved, central issues it at /central/demandes, and the\n\
         \x20 person registers at /inscription.\n",
        CENTRAL.0, CENTRAL.2, CENTRAL.1
    ));
    out
}
