//! The same grants in Cedar. Cedar has no index of its own: its documentation asks the
//! application to hand each request the entities that matter ("slicing"). Each person's grants
//! are built once as entities, before timing, and one fixed policy checks a grant named in
//! the request's context; the application asks for each of the person's grants in turn until
//! one allows, as Cedar has no "some grant such that".

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid,
    PolicySet, Request, RestrictedExpression,
};

use crate::data::{Ask, Dataset, LayerRow, TASKS};

const POLICY: &str = r#"
permit(principal, action == Action::"act", resource)
when {
  context.code_active && context.enrolled && context.task_of_service &&
  context.grant.holder == principal &&
  context.grant.org == context.org && context.grant.agency == context.agency &&
  (context.grant.all_tasks || context.grant.tasks.contains(resource)) &&
  context.grant.starts <= context.day && context.day <= context.grant.ends &&
  (!context.grant.external ||
    ((context.grant.m_all_tasks || context.grant.m_tasks.contains(resource)) &&
     context.grant.m_starts <= context.day && context.day <= context.grant.m_ends))
};
"#;

fn uid(kind: &str, id: &str) -> EntityUid {
    let name = EntityTypeName::from_str(kind).unwrap_or_else(|e| panic!("{kind}: {e}"));
    EntityUid::from_type_name_and_id(name, EntityId::new(id))
}

fn task(agency: u8, t: u8) -> EntityUid {
    uid("Task", &format!("{agency}/{t}"))
}

fn layer(
    attrs: &mut HashMap<String, RestrictedExpression>,
    prefix: &str,
    agency: u8,
    l: &LayerRow,
) {
    let tasks = (0..TASKS)
        .filter(|t| l.tasks.is_some_and(|m| m & (1 << t) != 0))
        .map(|t| RestrictedExpression::new_entity_uid(task(agency, t)));
    attrs.insert(
        format!("{prefix}all_tasks"),
        RestrictedExpression::new_bool(l.tasks.is_none()),
    );
    attrs.insert(
        format!("{prefix}tasks"),
        RestrictedExpression::new_set(tasks),
    );
    let starts = l.starts.map_or(i64::MIN, i64::from);
    attrs.insert(
        format!("{prefix}starts"),
        RestrictedExpression::new_long(starts),
    );
    attrs.insert(
        format!("{prefix}ends"),
        RestrictedExpression::new_long(i64::from(l.ends)),
    );
}

pub struct Cedar {
    authorizer: Authorizer,
    policies: PolicySet,
    action: EntityUid,
    people: HashMap<u32, Entities>,
}

impl Default for Cedar {
    fn default() -> Self {
        Cedar {
            authorizer: Authorizer::new(),
            policies: POLICY.parse().unwrap_or_else(|e| panic!("policy: {e}")),
            action: uid("Action", "act"),
            people: HashMap::new(),
        }
    }
}

impl Cedar {
    /// The person's grants as entities, `Grant::"person/i"`, once.
    pub fn load(&mut self, ds: &Dataset, person: u32) {
        let holder = uid("User", &person.to_string());
        let entities = ds.of(person).iter().enumerate().map(|(i, r)| {
            let mut attrs = HashMap::new();
            attrs.insert(
                "holder".into(),
                RestrictedExpression::new_entity_uid(holder.clone()),
            );
            let org = uid("Org", &r.org.to_string());
            attrs.insert("org".into(), RestrictedExpression::new_entity_uid(org));
            let agency = uid("Agency", &r.agency.to_string());
            attrs.insert(
                "agency".into(),
                RestrictedExpression::new_entity_uid(agency),
            );
            layer(&mut attrs, "", r.agency, &r.own);
            attrs.insert(
                "external".into(),
                RestrictedExpression::new_bool(r.mandate.is_some()),
            );
            if let Some(m) = &r.mandate {
                layer(&mut attrs, "m_", r.agency, m);
            }
            Entity::new(
                uid("Grant", &format!("{person}/{i}")),
                attrs,
                HashSet::new(),
            )
            .unwrap_or_else(|e| panic!("entity: {e}"))
        });
        let entities = Entities::from_entities(entities, None).unwrap_or_else(|e| panic!("{e}"));
        self.people.insert(person, entities);
    }

    pub fn ask(&self, ds: &Dataset, a: &Ask) -> bool {
        let Some(entities) = self.people.get(&a.person) else {
            return false;
        };
        let principal = uid("User", &a.person.to_string());
        let resource = task(a.agency, a.task);
        let org = uid("Org", &a.org.to_string());
        let agency = uid("Agency", &a.agency.to_string());
        (0..ds.of(a.person).len()).any(|i| {
            let grant = uid("Grant", &format!("{}/{i}", a.person));
            let context = Context::from_pairs([
                ("grant".into(), RestrictedExpression::new_entity_uid(grant)),
                (
                    "org".into(),
                    RestrictedExpression::new_entity_uid(org.clone()),
                ),
                (
                    "agency".into(),
                    RestrictedExpression::new_entity_uid(agency.clone()),
                ),
                (
                    "day".into(),
                    RestrictedExpression::new_long(i64::from(a.day)),
                ),
                ("code_active".into(), RestrictedExpression::new_bool(true)),
                ("enrolled".into(), RestrictedExpression::new_bool(true)),
                (
                    "task_of_service".into(),
                    RestrictedExpression::new_bool(true),
                ),
            ])
            .unwrap_or_else(|e| panic!("context: {e}"));
            let request = Request::new(
                principal.clone(),
                self.action.clone(),
                resource.clone(),
                context,
                None,
            )
            .unwrap_or_else(|e| panic!("request: {e}"));
            self.authorizer
                .is_authorized(&request, &self.policies, entities)
                .decision()
                == Decision::Allow
        })
    }
}
