//! The archive (audit chain) as the staff API shows it — one row per decision or change, hash-linked — the content
//! each kind of staff change writes into its row, and (feature `chain`) the one rule that hashes a row and checks a
//! chain: the edge hashes every row it appends with `row_hash`, and the console recomputes an export with
//! `verify_chain` in the browser. Content fields are declared in alphabetical order, so the stored text is the same
//! as when it was written from a sorted map.

use serde::{Deserialize, Serialize};

use crate::staff_views::DisclosureTexts;

/// One archive row as stored and exported (the NDJSON export writes exactly this; the CSV the same columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRow {
    pub seq: i64,
    pub review_id: Option<String>,
    pub review_seq: Option<i64>,
    pub action: Option<String>,
    pub prev_hash: String,
    pub content_hash: String,
    pub from_stage: Option<String>,
    pub to_stage: Option<String>,
    pub actor: String,
    pub role: String,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    pub at: i64,
    pub row_hash: String,
    pub person_id: Option<String>,
    pub credential_id: Option<String>,
    pub lineage_id: Option<String>,
    pub hash_version: i64,
}

/// `GET /v1/admin/reviews/{id}/audit`: the review's trail, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditTrail {
    pub review_id: String,
    pub entries: Vec<AuditRow>,
}

/// Archived when a product line is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductLineCreated<'a> {
    pub name: &'a str,
    pub product_line: &'a str,
    pub visible: bool,
}

/// What a catalogue PATCH asked to change (absent fields: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CatalogueChanges<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<Option<bool>>,
    /// A product's call to action (products only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cta: Option<CtaChange<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Option<bool>>,
}

/// What a product PATCH did to its call to action: archived as `null` (unchanged), `"removed"` or the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtaChange<'a> {
    Unchanged,
    Removed,
    Set(&'a crate::catalogue::ProductCta),
}

impl Serialize for CtaChange<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CtaChange::Unchanged => serializer.serialize_none(),
            CtaChange::Removed => serializer.serialize_str("removed"),
            CtaChange::Set(cta) => cta.serialize(serializer),
        }
    }
}

/// Archived when a product line, product or attribute changes; `subject` names the kind (`product_line`,
/// `product`, `attribute`) and `id` the thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueUpdated<'a> {
    pub subject: &'static str,
    pub id: &'a str,
    pub changes: CatalogueChanges<'a>,
}

impl Serialize for CatalogueUpdated<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("changes", &self.changes)?;
        map.serialize_entry(self.subject, self.id)?;
        map.end()
    }
}

/// Archived when a product is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductCreated<'a> {
    pub line_id: &'a str,
    pub name: &'a str,
    pub product: &'a str,
}

/// Archived when an attribute question is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeCreated<'a> {
    pub key: &'a str,
    pub label_en: &'a str,
    pub label_zh: &'a str,
    pub position: i64,
    pub product: &'a str,
}

/// Archived when a firm response is drafted: the text itself, since it will be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseDrafted<'a> {
    pub body: &'a str,
    pub body_hash: &'a str,
    pub response_id: &'a str,
    pub review_id: &'a str,
    pub status: &'a str,
}

/// Archived when an owner decides a firm response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseDecided<'a> {
    pub body_hash: &'a str,
    pub decision: &'a str,
    pub note: Option<&'a str>,
    pub response_id: &'a str,
    pub review_id: &'a str,
    pub status: &'a str,
}

/// Archived when a customer-service case is opened (by the screener or a person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationOpened<'a> {
    pub assignee: Option<&'a str>,
    pub due_at: i64,
    pub escalation_id: &'a str,
    pub note: Option<&'a str>,
    pub opened_by: &'a str,
    pub reason: &'a str,
    pub review_id: &'a str,
}

/// Archived when a case changes status, assignee or note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationChanged<'a> {
    pub assignee: Option<&'a str>,
    pub escalation_id: &'a str,
    pub from: &'a str,
    pub note: Option<&'a str>,
    pub review_id: &'a str,
    pub to: &'a str,
    pub version: i64,
}

/// Archived when a new disclosure version is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisclosurePublished<'a> {
    pub texts: &'a DisclosureTexts,
    pub version: i64,
}

/// Archived when a staff token is issued (never the token text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenIssued<'a> {
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub expires_at: i64,
    pub person_id: &'a str,
    pub role: &'a str,
    pub token_id: &'a str,
}

/// Archived when a staff token is revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRevocation<'a> {
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub person_id: &'a str,
    pub revoked_at: i64,
    pub token_id: &'a str,
}

/// Archived when a person is added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonAdded<'a> {
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub person_id: &'a str,
    pub role: &'a str,
}

/// Archived when a person's role, activity or name changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonChanged<'a> {
    pub active: Option<bool>,
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub display_name: Option<&'a str>,
    pub person_id: &'a str,
    pub previous_role: &'a str,
    pub role: Option<&'a str>,
}

/// The first admin named by an archived tenant creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstAdminArchived<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub person_id: &'a str,
}

/// Archived when the operator creates a tenant with its first admin and their first token (never its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantCreated<'a> {
    pub allowed_origins: &'a [String],
    pub expires_at: i64,
    pub first_admin: FirstAdminArchived<'a>,
    pub name: &'a str,
    pub tenant: &'a str,
    pub token_id: &'a str,
}

/// What the archive keeps of a webhook URL: its SHA-256 only, since URLs carry credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlDigest {
    pub sha256: String,
}

/// Archived when the webhook signing secret is rotated: never the secret, sealed or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookSecretRotated {
    pub previous_signs_until: i64,
    pub rotated_at: i64,
}

/// Archived when a member of staff reads a reviewer's contact e-mail: who (the row's person and credential) and
/// which review, never the e-mail itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRead<'a> {
    /// Whether an e-mail was shown (false: none was left, or it was erased).
    pub shown: bool,
    pub review_id: &'a str,
}

/// Archived when a reviewer's contact e-mail is erased on their request (GDPR Art. 17): who asked, who erased it
/// (the row's person and credential, repeated here), which review; never the e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactErased<'a> {
    pub erased_at: i64,
    pub erased_by: &'a str,
    pub note: Option<&'a str>,
    pub requested_by: &'a str,
    pub review_id: &'a str,
}

/// Archived when the archive is exported: by whom (the row's person and credential), which period and format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveExported<'a> {
    pub format: &'a str,
    /// Milliseconds, inclusive.
    pub from: i64,
    /// Milliseconds, exclusive.
    pub to: i64,
}

/// The `prev_hash` of a tenant's first archive row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash version every new row is written with.
pub const HASH_VERSION: i64 = 2;

/// The fields of one archive row that its hash covers, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFields<'a> {
    pub tenant: &'a str,
    pub review_id: Option<&'a str>,
    pub review_seq: Option<i64>,
    /// Absent only on rows written before actions were recorded (hashed as an absent field).
    pub action: Option<&'a str>,
    pub prev_hash: &'a str,
    pub content_hash: &'a str,
    pub from_stage: Option<&'a str>,
    pub to_stage: Option<&'a str>,
    pub actor: &'a str,
    pub role: &'a str,
    pub reason_code: Option<&'a str>,
    pub note: Option<&'a str>,
    pub at_ms: i64,
    /// Version 1 (rows before migration 0009) stops here; version 2 also covers the three fields below.
    pub hash_version: i64,
    pub person_id: Option<&'a str>,
    pub credential_id: Option<&'a str>,
    pub lineage_id: Option<&'a str>,
}

impl AuditRow {
    /// What this stored row's hash covers, as a row of `tenant`.
    pub fn fields<'a>(&'a self, tenant: &'a str) -> RowFields<'a> {
        RowFields {
            tenant,
            review_id: self.review_id.as_deref(),
            review_seq: self.review_seq,
            action: self.action.as_deref(),
            prev_hash: &self.prev_hash,
            content_hash: &self.content_hash,
            from_stage: self.from_stage.as_deref(),
            to_stage: self.to_stage.as_deref(),
            actor: &self.actor,
            role: &self.role,
            reason_code: self.reason_code.as_deref(),
            note: self.note.as_deref(),
            at_ms: self.at,
            hash_version: self.hash_version,
            person_id: self.person_id.as_deref(),
            credential_id: self.credential_id.as_deref(),
            lineage_id: self.lineage_id.as_deref(),
        }
    }
}

/// SHA-256 over the length-prefixed fields (no separator ambiguity; an absent field is `u64::MAX` with no bytes).
/// Version 2 appends the version itself and person, credential and lineage, so a version-1 row still verifies with
/// the fields it was written with.
#[cfg(feature = "chain")]
pub fn row_hash(fields: &RowFields<'_>) -> String {
    use sha2::{Digest, Sha256};
    let at = fields.at_ms.to_string();
    let review_seq = fields.review_seq.map(|seq| seq.to_string());
    let parts = [
        Some(fields.tenant),
        fields.review_id,
        review_seq.as_deref(),
        fields.action,
        Some(fields.prev_hash),
        Some(fields.content_hash),
        fields.from_stage,
        fields.to_stage,
        Some(fields.actor),
        Some(fields.role),
        fields.reason_code,
        fields.note,
        Some(at.as_str()),
    ];
    let version = fields.hash_version.to_string();
    let v2 = [
        Some(version.as_str()),
        fields.person_id,
        fields.credential_id,
        fields.lineage_id,
    ];
    let extra: &[Option<&str>] = if fields.hash_version >= 2 { &v2 } else { &[] };
    let mut hasher = Sha256::new();
    for part in parts.iter().chain(extra).copied() {
        match part {
            Some(text) => {
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update(u64::MAX.to_be_bytes()),
        }
    }
    hex::encode(hasher.finalize())
}

/// What a chain check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ChainCheck {
    /// Every row links to the one before and hashes to what it says.
    Intact { rows: usize },
    /// The first row where the chain breaks (`seq` as exported; `index`: its place in the rows checked).
    Broken {
        seq: i64,
        index: usize,
        reason: ChainBreak,
    },
}

/// Why a chain breaks at a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainBreak {
    /// The row does not name the row before it: a row was deleted, inserted or moved before it.
    PrevHashMismatch { expected: String, found: String },
    /// The row's content does not hash to its `row_hash`: the row was changed after it was written.
    RowHashMismatch { computed: String, stored: String },
}

impl ChainCheck {
    pub fn is_intact(&self) -> bool {
        matches!(self, ChainCheck::Intact { .. })
    }

    /// In words, for people: "intact (12 rows)" or where and why it breaks.
    pub fn describe(&self) -> String {
        match self {
            ChainCheck::Intact { rows } => format!("intact ({rows} rows)"),
            ChainCheck::Broken {
                seq,
                reason: ChainBreak::PrevHashMismatch { .. },
                ..
            } => format!(
                "broken at seq {seq}: it does not follow the row before it (a row was deleted, inserted or reordered)"
            ),
            ChainCheck::Broken {
                seq,
                reason: ChainBreak::RowHashMismatch { .. },
                ..
            } => format!(
                "broken at seq {seq}: its content does not match its hash (the row was changed)"
            ),
        }
    }
}

/// Checks a tenant's whole chain, oldest first from its first row (whose `prev_hash` is the genesis hash): each row
/// must name the hash of the row before it and hash to its own `row_hash`.
#[cfg(feature = "chain")]
pub fn verify_chain(tenant: &str, rows: &[AuditRow]) -> ChainCheck {
    verify_chain_after(tenant, GENESIS_HASH, rows)
}

/// Checks a stretch of a tenant's chain (e.g. a date-ranged export) whose row before it hashed to `prev_hash`.
#[cfg(feature = "chain")]
pub fn verify_chain_after(tenant: &str, prev_hash: &str, rows: &[AuditRow]) -> ChainCheck {
    let mut expected = prev_hash.to_owned();
    for (index, row) in rows.iter().enumerate() {
        if row.prev_hash != expected {
            return ChainCheck::Broken {
                seq: row.seq,
                index,
                reason: ChainBreak::PrevHashMismatch {
                    expected,
                    found: row.prev_hash.clone(),
                },
            };
        }
        let computed = row_hash(&row.fields(tenant));
        if computed != row.row_hash {
            return ChainCheck::Broken {
                seq: row.seq,
                index,
                reason: ChainBreak::RowHashMismatch {
                    computed,
                    stored: row.row_hash.clone(),
                },
            };
        }
        expected = computed;
    }
    ChainCheck::Intact { rows: rows.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_changes_name_only_what_was_asked_under_the_subject() {
        let updated = CatalogueUpdated {
            subject: "product_line",
            id: "brokerage",
            changes: CatalogueChanges {
                visible: Some(Some(false)),
                name: Some(None),
                ..CatalogueChanges::default()
            },
        };
        assert_eq!(
            serde_json::to_string(&updated).unwrap(),
            r#"{"changes":{"name":null,"visible":false},"product_line":"brokerage"}"#
        );
    }

    #[test]
    fn a_call_to_action_is_archived_set_removed_or_unchanged() {
        let cta = crate::catalogue::ProductCta {
            label: crate::catalogue::CtaLabel {
                en: Some("Open".into()),
                zh_cn: None,
            },
            url: "https://bank.example/open".into(),
        };
        let content = |change| {
            serde_json::to_string(&CatalogueUpdated {
                subject: "product",
                id: "roth-ira",
                changes: CatalogueChanges {
                    archived: Some(None),
                    cta: Some(change),
                    ..CatalogueChanges::default()
                },
            })
            .unwrap()
        };
        assert_eq!(
            content(CtaChange::Set(&cta)),
            r#"{"changes":{"archived":null,"cta":{"label":{"en":"Open"},"url":"https://bank.example/open"}},"product":"roth-ira"}"#
        );
        assert_eq!(
            content(CtaChange::Removed),
            r#"{"changes":{"archived":null,"cta":"removed"},"product":"roth-ira"}"#
        );
        assert_eq!(
            content(CtaChange::Unchanged),
            r#"{"changes":{"archived":null,"cta":null},"product":"roth-ira"}"#
        );
    }

    #[cfg(feature = "chain")]
    mod chain {
        use super::super::*;

        fn fields<'a>(note: Option<&'a str>, reason: Option<&'a str>) -> RowFields<'a> {
            RowFields {
                tenant: "harbor",
                review_id: Some("r1"),
                review_seq: Some(1),
                action: Some("submit"),
                prev_hash: "00",
                content_hash: "ab",
                from_stage: None,
                to_stage: Some("screening"),
                actor: "visitor",
                role: "author",
                reason_code: reason,
                note,
                at_ms: 1,
                hash_version: 1,
                person_id: None,
                credential_id: None,
                lineage_id: None,
            }
        }

        #[test]
        fn version_two_covers_person_credential_and_lineage_and_version_one_is_unchanged() {
            // A version-1 row's hash ignores the new fields, so rows written before migration 0009 still verify.
            let mut old = fields(None, None);
            let v1 = row_hash(&old);
            old.person_id = Some("p1");
            assert_eq!(v1, row_hash(&old));
            let mut new = fields(None, None);
            new.hash_version = 2;
            let v2 = row_hash(&new);
            assert_ne!(v1, v2);
            new.person_id = Some("p1");
            let with_person = row_hash(&new);
            assert_ne!(v2, with_person);
            new.person_id = None;
            new.credential_id = Some("p1");
            assert_ne!(with_person, row_hash(&new));
            new.credential_id = None;
            new.lineage_id = Some("p1");
            assert_ne!(with_person, row_hash(&new));
        }

        #[test]
        fn hash_changes_with_any_field_and_is_unambiguous() {
            let base = row_hash(&fields(None, None));
            assert_eq!(base, row_hash(&fields(None, None)));
            assert_ne!(base, row_hash(&fields(Some(""), None)));
            assert_ne!(
                row_hash(&fields(Some("ab"), None)),
                row_hash(&fields(None, Some("ab")))
            );
        }

        #[test]
        fn a_known_row_hashes_as_it_always_did() {
            // Pinned (computed independently): the edge has written rows with this rule since the first migration.
            assert_eq!(
                row_hash(&fields(None, None)),
                "ac495ab046841e7889a443c518e01d776c294d7526c77629a09daca6b141316a"
            );
        }

        /// A chain of `n` rows of tenant `harbor` as the edge writes them: version-1 rows first, then version 2.
        fn chain_of(n: usize) -> Vec<AuditRow> {
            let mut rows: Vec<AuditRow> = Vec::with_capacity(n);
            let mut prev = GENESIS_HASH.to_owned();
            for i in 0..n {
                let version = if i < 2 { 1 } else { 2 };
                let staff = i % 2 == 1;
                let mut row = AuditRow {
                    seq: i as i64 + 1,
                    review_id: (!staff).then(|| format!("r{i}")),
                    review_seq: (!staff).then_some(1),
                    action: Some(if staff { "settings_updated" } else { "submit" }.to_owned()),
                    prev_hash: prev.clone(),
                    content_hash: format!("{i:064x}"),
                    from_stage: None,
                    to_stage: (!staff).then(|| "screening".to_owned()),
                    actor: if staff { "Ola" } else { "author" }.to_owned(),
                    role: if staff { "admin" } else { "author" }.to_owned(),
                    reason_code: None,
                    note: staff.then(|| format!("{{\"n\":{i}}}")),
                    at: 1_767_225_600_000 + i as i64,
                    row_hash: String::new(),
                    person_id: (staff && version == 2).then(|| "p-1".to_owned()),
                    credential_id: (staff && version == 2).then(|| "tok-1".to_owned()),
                    lineage_id: None,
                    hash_version: version,
                };
                row.row_hash = row_hash(&row.fields("harbor"));
                prev = row.row_hash.clone();
                rows.push(row);
            }
            rows
        }

        #[test]
        fn an_intact_chain_says_so_with_its_length() {
            let rows = chain_of(6);
            let check = verify_chain("harbor", &rows);
            assert_eq!(check, ChainCheck::Intact { rows: 6 });
            assert_eq!(check.describe(), "intact (6 rows)");
            assert!(verify_chain("harbor", &[]).is_intact());
            // The same rows are not another tenant's chain: the tenant is hashed too.
            assert!(!verify_chain("other", &rows).is_intact());
            // A stretch of the chain verifies from the hash of the row before it.
            assert!(verify_chain_after("harbor", &rows[2].row_hash, &rows[3..]).is_intact());
        }

        #[test]
        fn a_changed_note_breaks_the_chain_at_that_row_by_its_hash() {
            let mut rows = chain_of(6);
            rows[3].note = Some("{\"n\":99}".to_owned());
            match verify_chain("harbor", &rows) {
                ChainCheck::Broken {
                    seq: 4,
                    index: 3,
                    reason: ChainBreak::RowHashMismatch { stored, .. },
                } => assert_eq!(stored, rows[3].row_hash),
                other => panic!("{other:?}"),
            }
            // Rewriting the row's own hash too only moves the break to the next row's link.
            rows[3].row_hash = row_hash(&rows[3].fields("harbor"));
            assert!(matches!(
                verify_chain("harbor", &rows),
                ChainCheck::Broken {
                    seq: 5,
                    reason: ChainBreak::PrevHashMismatch { .. },
                    ..
                }
            ));
        }

        #[test]
        fn a_deleted_row_breaks_the_chain_at_the_row_after_it() {
            let mut rows = chain_of(6);
            rows.remove(2);
            let check = verify_chain("harbor", &rows);
            assert!(
                matches!(
                    &check,
                    ChainCheck::Broken {
                        seq: 4,
                        index: 2,
                        reason: ChainBreak::PrevHashMismatch { .. },
                    }
                ),
                "{check:?}"
            );
            assert!(
                check
                    .describe()
                    .starts_with("broken at seq 4: it does not follow")
            );
            // Deleting the first row is found too: the chain starts at the genesis hash.
            let mut rows = chain_of(3);
            rows.remove(0);
            assert!(matches!(
                verify_chain("harbor", &rows),
                ChainCheck::Broken {
                    seq: 2,
                    index: 0,
                    ..
                }
            ));
        }

        #[test]
        fn a_reordered_pair_breaks_the_chain_where_the_order_changes() {
            let mut rows = chain_of(6);
            rows.swap(3, 4);
            assert!(matches!(
                verify_chain("harbor", &rows),
                ChainCheck::Broken {
                    seq: 5,
                    index: 3,
                    reason: ChainBreak::PrevHashMismatch { .. },
                }
            ));
        }

        #[test]
        fn a_check_reads_as_json_for_the_console() {
            let check = ChainCheck::Broken {
                seq: 7,
                index: 6,
                reason: ChainBreak::RowHashMismatch {
                    computed: "a".into(),
                    stored: "b".into(),
                },
            };
            assert_eq!(
                serde_json::to_string(&check).unwrap(),
                r#"{"state":"broken","seq":7,"index":6,"reason":{"kind":"row_hash_mismatch","computed":"a","stored":"b"}}"#
            );
        }
    }
}

/// Archived in the tenant's new database when the operator's move of it to another database finishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantMoved<'a> {
    pub from: &'a str,
    pub rows: u64,
    pub tenant: &'a str,
    pub to: &'a str,
}
