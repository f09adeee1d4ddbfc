//! The audit log: every sensitive action, written in the same transaction as the action.

use mandat_core::audit::{AuditAction, ChainKey, Detail};
use mandat_core::ids::{AccountId, AgencyId, OrgId, PersonId};
use sqlx::Row;

use mandat_core::secret;

use crate::rows::{PER_STATEMENT, values};
use crate::{Store, StoreError, Tx, from_micros, to_micros};

/// One event: who did what, to whom, from where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Who acted; `None` for someone not signed in (a failed sign-in, a registration).
    pub actor: Option<AccountId>,
    pub org: Option<OrgId>,
    pub person: Option<PersonId>,
    /// What happened.
    pub action: AuditAction,
    /// Why, and anything else worth keeping, in the reader's language once rendered; never a
    /// password, a code or a NAS partiel.
    pub detail: Detail,
    pub client_address: Option<String>,
    /// The agency the entry concerns, which may then read it (M12).
    pub agency: Option<AgencyId>,
}

/// An entry as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub at: time::OffsetDateTime,
    pub actor: Option<String>,
    /// Who acted, as the history shows them: a member's name; `None` for central (never
    /// named to officers, M23) and for no one.
    pub actor_name: Option<String>,
    pub actor_is_central: bool,
    pub action: String,
    pub detail: String,
    pub client_address: Option<String>,
}

/// What `mandat admin audit verify` finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditVerdict {
    /// Every entry links to the one before it, and the last one is the recorded head.
    Intact { entries: i64 },
    /// The mark of the entry the chain is keyed from is missing or not this key's: the
    /// chain was unkeyed by hand, or the key is not the one it was keyed with.
    Unkeyed,
    /// The first entry that does not hold, by its sequence number and id, and why.
    Broken {
        seq: Option<i64>,
        id: String,
        why: &'static str,
    },
}

/// The link of an entry to the one before: the HMAC-SHA-256 under the chain's key (from
/// `keyed_from` on), or the SHA-256 for entries written before the chain was keyed, of the
/// previous hash and the entry's content, in hex: the chain's one rule. An entry that names
/// an agency (since migration 0016) has it as a fourth element, so the entries written
/// before keep their hashes.
fn link(
    key: Option<&ChainKey>,
    previous: &str,
    (seq, at): (i64, i64),
    fields: [Option<&str>; 6],
    agency: Option<&str>,
) -> String {
    let content = match agency {
        None => serde_json::json!([seq, at, fields]),
        Some(agency) => serde_json::json!([seq, at, fields, agency]),
    }
    .to_string();
    let text = format!("{previous}\n{content}");
    match key {
        Some(key) => key.mac(&text),
        None => secret::digest(&text),
    }
}

/// The key for entry `seq`, if the chain is keyed by then.
fn key_for(key: &ChainKey, keyed_from: Option<i64>, seq: i64) -> Option<&ChainKey> {
    keyed_from.filter(|from| seq >= *from).map(|_| key)
}

impl AuditEntry {
    /// An entry of `action` that names nothing else yet.
    pub fn new(action: AuditAction) -> Self {
        AuditEntry {
            actor: None,
            org: None,
            person: None,
            action,
            detail: Detail::none(),
            client_address: None,
            agency: None,
        }
    }
}

impl Tx {
    /// Appends an entry to the chain. Taking the head locks it until the transaction ends, so
    /// concurrent writers chain one after the other.
    pub async fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
        self.audit_all(std::slice::from_ref(e)).await
    }

    /// Appends entries to the chain in their order, the head taken and moved once, a hundred
    /// rows per statement: what a job writing thousands at once needs.
    pub async fn audit_all(&mut self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let at = to_micros(self.now);
        let (last, mut hash, keyed_from) = self.take_head(entries.len()).await?;
        let chain = self.chain.clone();
        let mut seq = last - entries.len() as i64;
        for chunk in entries.chunks(PER_STATEMENT) {
            let sql = format!(
                "INSERT INTO audit_log (id, at, actor_id, org_id, person_id, action, detail, \
                 client_address, seq, hash, agency_id) VALUES {}",
                values(chunk.len(), 11)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for e in chunk {
                seq += 1;
                let (actor, org, person) = (
                    e.actor.map(|a| a.to_string()),
                    e.org.map(|o| o.to_string()),
                    e.person.map(|p| p.to_string()),
                );
                let detail = e.detail.stored();
                let fields = [
                    actor.as_deref(),
                    org.as_deref(),
                    person.as_deref(),
                    Some(e.action.code()),
                    Some(detail.as_str()),
                    e.client_address.as_deref(),
                ];
                let agency = e.agency.map(|a| a.to_string());
                let key = key_for(&chain, keyed_from, seq);
                hash = link(key, &hash, (seq, at), fields, agency.as_deref());
                q = q
                    .bind(uuid::Uuid::now_v7().to_string())
                    .bind(at)
                    .bind(actor)
                    .bind(org)
                    .bind(person)
                    .bind(e.action.code())
                    .bind(detail)
                    .bind(e.client_address.clone())
                    .bind(seq)
                    .bind(hash.clone())
                    .bind(agency);
            }
            q.execute(&mut *self.tx).await?;
        }
        self.move_head(&hash).await
    }

    /// Reserves `n` sequence numbers and returns the last one with the last hash and the
    /// entry the chain is keyed from, the head locked until the end.
    async fn take_head(&mut self, n: usize) -> Result<(i64, String, Option<i64>), StoreError> {
        let head = sqlx::query(
            "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash, keyed_from",
        )
        .bind(n as i64)
        .fetch_one(&mut *self.tx)
        .await?;
        let keyed_from = head.try_get("keyed_from")?;
        Ok((head.try_get("seq")?, head.try_get("hash")?, keyed_from))
    }

    async fn move_head(&mut self, hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(hash)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Gives entry `id` the next sequence number and its hash, and moves the head to it.
    async fn seal(&mut self, id: &str) -> Result<(), StoreError> {
        let (seq, previous, keyed_from) = self.take_head(1).await?;
        let row = sqlx::query(
            "SELECT at, actor_id, org_id, person_id, action, detail, client_address \
             FROM audit_log WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *self.tx)
        .await?;
        let content = content(&row)?;
        let hash = link(
            key_for(&self.chain, keyed_from, seq),
            &previous,
            (seq, row.try_get("at")?),
            content.each_ref().map(|f| f.as_deref()),
            None,
        );
        sqlx::query("UPDATE audit_log SET seq = $1, hash = $2 WHERE id = $3")
            .bind(seq)
            .bind(&hash)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        self.move_head(&hash).await
    }
}

/// An entry's text fields, in the chain's order.
fn content(row: &sqlx::any::AnyRow) -> Result<[Option<String>; 6], StoreError> {
    Ok([
        row.try_get("actor_id")?,
        row.try_get("org_id")?,
        row.try_get("person_id")?,
        Some(row.try_get("action")?),
        Some(row.try_get("detail")?),
        row.try_get("client_address")?,
    ])
}

impl Store {
    /// Seals, in the order they were written, entries written before the log was a chain:
    /// only until the chain is keyed, after which an unsealed row can only have been slipped
    /// in by hand, and stays unsealed for `verify` to name.
    pub(crate) async fn seal_legacy_audit(&self) -> Result<(), StoreError> {
        let keyed = sqlx::query("SELECT keyed_from FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?
            .try_get::<Option<i64>, _>("keyed_from")?;
        if keyed.is_some() {
            return Ok(());
        }
        let legacy: Vec<String> =
            sqlx::query("SELECT id FROM audit_log WHERE hash IS NULL ORDER BY at, id")
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<Result<_, _>>()?;
        if legacy.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        for id in &legacy {
            tx.seal(id).await?;
        }
        tx.commit().await
    }

    /// Keys the chain from the next entry on, if it is not keyed yet (issue 19, item 7). Only
    /// with a key made at this start (`new_key`): a chain found unkeyed under a key that
    /// existed before had its mark removed, or is not this key's database, and is refused
    /// rather than keyed again from its head, which would pass off an edit made meanwhile.
    pub async fn key_audit_chain(&self, new_key: bool) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let (last, _, keyed_from) = tx.take_head(0).await?;
        if keyed_from.is_some() {
            return Ok(());
        }
        if !new_key {
            return Err(StoreError::Corrupt(
                "the audit log is not keyed though its key existed before this start: the mark \
                 that pins it was removed, or the key belongs to another database; restore the \
                 database and data/secrets from the same backup"
                    .into(),
            ));
        }
        let from = last + 1;
        sqlx::query("UPDATE audit_head SET keyed_from = $1, keyed_mark = $2 WHERE id = 1")
            .bind(from)
            .bind(self.chain.mark(from))
            .execute(&mut *tx.tx)
            .await?;
        tx.commit().await?;
        tracing::info!(from, "the audit chain is keyed from this entry on");
        Ok(())
    }

    /// Walks the whole chain in order and names the first entry that does not hold.
    pub async fn verify_audit(&self) -> Result<AuditVerdict, StoreError> {
        if let Some(row) =
            sqlx::query("SELECT id FROM audit_log WHERE seq IS NULL OR hash IS NULL LIMIT 1")
                .fetch_optional(&self.pool)
                .await?
        {
            return Ok(AuditVerdict::Broken {
                seq: None,
                id: row.try_get("id")?,
                why: "not sealed",
            });
        }
        let mark = sqlx::query("SELECT keyed_from, keyed_mark FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let keyed_from: Option<i64> = mark.try_get("keyed_from")?;
        let keyed_mark: Option<String> = mark.try_get("keyed_mark")?;
        let Some(from) = keyed_from.filter(|from| keyed_mark == Some(self.chain.mark(*from)))
        else {
            return Ok(AuditVerdict::Unkeyed);
        };
        let (mut seq, mut previous, mut last_id) = (0i64, String::new(), String::new());
        loop {
            let rows = sqlx::query(
                "SELECT id, seq, hash, at, actor_id, org_id, person_id, action, detail, client_address, \
                 agency_id FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 10000",
            )
            .bind(seq)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let id: String = row.try_get("id")?;
                let found: i64 = row.try_get("seq")?;
                let broken = |why| {
                    Ok(AuditVerdict::Broken {
                        seq: Some(found),
                        id: id.clone(),
                        why,
                    })
                };
                if found != seq + 1 {
                    return broken("entries before it are missing");
                }
                let hash: String = row.try_get("hash")?;
                let expected = link(
                    key_for(&self.chain, Some(from), found),
                    &previous,
                    (found, row.try_get("at")?),
                    content(row)?.each_ref().map(|f| f.as_deref()),
                    row.try_get::<Option<String>, _>("agency_id")?.as_deref(),
                );
                if hash != expected {
                    return broken("its content or its hash was changed");
                }
                (seq, previous, last_id) = (found, hash, id);
            }
        }
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        if head_seq != seq || head_hash != previous {
            return Ok(AuditVerdict::Broken {
                seq: Some(seq),
                id: last_id,
                why: "the entries after it were removed",
            });
        }
        Ok(AuditVerdict::Intact { entries: seq })
    }
}

macro_rules! select_audit {
    () => {
        "SELECT l.at, l.actor_id, l.action, l.detail, l.client_address, \
         CAST(CASE WHEN a.kind = 'central' THEN 1 ELSE 0 END AS BIGINT) AS actor_is_central, \
         CASE WHEN a.kind = 'member' THEN p.first_name || ' ' || p.last_name END AS actor_name \
         FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id \
         LEFT JOIN people p ON p.id = a.person_id"
    };
}

impl Store {
    /// The events about a person, oldest first.
    pub async fn audit_of_person(&self, person: PersonId) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_where(
            concat!(select_audit!(), " WHERE l.person_id = $1 ORDER BY l.seq"),
            person.to_string(),
        )
        .await
    }

    /// The events of one action, oldest first.
    pub async fn audit_of_action(&self, action: &str) -> Result<Vec<AuditRecord>, StoreError> {
        self.audit_where(
            concat!(select_audit!(), " WHERE l.action = $1 ORDER BY l.seq"),
            action.to_string(),
        )
        .await
    }

    async fn audit_where(
        &self,
        query: &'static str,
        value: String,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        sqlx::query(query)
            .bind(value)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(AuditRecord {
                    at: from_micros(r.try_get("at")?)?,
                    actor: r.try_get("actor_id")?,
                    actor_name: r.try_get("actor_name")?,
                    actor_is_central: r.try_get::<i64, _>("actor_is_central")? == 1,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                    client_address: r.try_get("client_address")?,
                })
            })
            .collect()
    }
}
