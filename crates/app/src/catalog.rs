//! The names a procuration is read with: each agency's, and each task's as « Service :
//! Tâche », in both languages, for the pages and the emails.

use std::collections::BTreeMap;

use mandat_core::Lang;
use mandat_core::agency::Localized;
use mandat_core::decision::Access;
use mandat_core::ids::{AgencyId, TaskId};
use mandat_core::procuration::Procuration;
use mandat_mail::procurations::GrantLine;
use mandat_store::{Store, StoreError};

pub struct AgencyNames {
    pub name: Localized,
    /// In the catalog's order: by service, then by task code.
    pub tasks: Vec<(TaskId, Localized)>,
}

#[derive(Default)]
pub struct Catalog(pub BTreeMap<AgencyId, AgencyNames>);

impl Catalog {
    /// The names of these agencies and of their tasks.
    pub async fn load(
        store: &Store,
        agencies: impl IntoIterator<Item = AgencyId>,
    ) -> Result<Self, StoreError> {
        let mut catalog = Catalog::default();
        for id in agencies {
            if catalog.0.contains_key(&id) {
                continue;
            }
            let Some(agency) = store.agency(id).await? else {
                continue;
            };
            let mut tasks = Vec::new();
            for s in store.services_of(id).await? {
                for t in store.tasks_of(s.id).await? {
                    let both = Localized {
                        fr: format!("{} : {}", s.name.fr, t.name.fr),
                        en: format!("{}: {}", s.name.en, t.name.en),
                    };
                    tasks.push((t.id, both));
                }
            }
            let names = AgencyNames {
                name: agency.name,
                tasks,
            };
            catalog.0.insert(id, names);
        }
        Ok(catalog)
    }

    pub fn agency(&self, id: AgencyId, lang: Lang) -> String {
        self.0
            .get(&id)
            .map_or_else(|| id.to_string(), |a| a.name.get(lang).to_string())
    }

    /// What an access allows, as a sentence in both languages.
    pub fn access(&self, agency: AgencyId, access: &Access) -> Localized {
        match access {
            Access::Unrestricted => Localized {
                fr: "accès sans restriction (toutes les tâches)".into(),
                en: "unrestricted access (every task)".into(),
            },
            Access::Tasks(tasks) => {
                let names: Vec<&Localized> = self
                    .0
                    .get(&agency)
                    .map(|a| {
                        a.tasks
                            .iter()
                            .filter(|(id, _)| tasks.contains(id))
                            .map(|(_, n)| n)
                            .collect()
                    })
                    .unwrap_or_default();
                let join = |lang| {
                    names
                        .iter()
                        .map(|n| n.get(lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                Localized {
                    fr: format!("accès avec restriction : {}", join(Lang::Fr)),
                    en: format!("restricted access: {}", join(Lang::En)),
                }
            }
        }
    }

    /// Each agency of the procuration and what it allows there.
    pub fn lines(&self, p: &Procuration) -> Vec<GrantLine> {
        p.agencies
            .iter()
            .map(|a| GrantLine {
                agency: self.0.get(&a.agency).map_or_else(
                    || Localized {
                        fr: a.agency.to_string(),
                        en: a.agency.to_string(),
                    },
                    |n| n.name.clone(),
                ),
                access: self.access(a.agency, &a.access),
            })
            .collect()
    }
}
