//! Committing one review transition that `candor_domain::decide` accepted: the conditional stage update, its
//! archive row and the aggregate changes of both scopes (overall and per attribute) in one D1 batch.
//!
//! Never decides anything itself: the domain says whether a transition is allowed and what it changes.

use std::collections::BTreeMap;

use candor_domain::moderation::StageDecider;
use candor_domain::{
    Actor, AggregateChange, AggregatePair, Decision, Incentive, Locale, Rating, ReasonCode,
    Relationship, ReviewState, Role, Stage, Transition, ValidReview, decide,
};

use crate::audit::{self, Entry};
use crate::auth::Staff;
use crate::chain::{self, Step};
use crate::clock::Clock;
use crate::edge_cache;
use crate::error::ApiError;
use crate::store::{NewFlag, ReviewRow, Store, TransitionWrite};

/// The state machine's view of a stored review: stage, open flag, reason, and who decided which stage.
pub async fn state_of(
    store: &Store,
    tenant: &str,
    review: &ReviewRow,
) -> Result<ReviewState, ApiError> {
    let stage = Stage::parse(&review.stage).ok_or(ApiError::Misconfigured("stored stage"))?;
    let deciders = store
        .deciders(tenant, &review.id)
        .await?
        .into_iter()
        .filter_map(|row| {
            let stage = Role::parse(&row.role)?.decides()?;
            Some(StageDecider {
                stage,
                actor_id: row.actor,
            })
        })
        .collect();
    Ok(ReviewState {
        stage,
        flagged: review.flagged == 1,
        reason: review.reason_code.as_deref().and_then(ReasonCode::parse),
        deciders,
    })
}

/// The stored review as the domain's `ValidReview` (it was valid at intake, and its text never changes).
pub fn valid_review_of(review: &ReviewRow) -> Result<ValidReview, ApiError> {
    let broken = || ApiError::Misconfigured("stored review");
    let attributes: BTreeMap<String, i64> =
        serde_json::from_str(&review.attributes).map_err(|_| broken())?;
    let attributes = attributes
        .into_iter()
        .map(|(key, stars)| Rating::new(stars).map(|rating| (key, rating)))
        .collect::<Result<_, _>>()
        .map_err(|_| broken())?;
    Ok(ValidReview {
        rating: Rating::new(i64::from(review.rating)).map_err(|_| broken())?,
        attributes,
        would_recommend: review.would_recommend == 1,
        title: review.title.clone(),
        body: review.body.clone(),
        nickname: review.nickname.clone(),
        segment: review.segment.clone(),
        relationship: Relationship::parse(&review.relationship).ok_or_else(broken)?,
        incentive: Incentive::parse(&review.incentive).ok_or_else(broken)?,
        locale: Locale::parse(&review.locale).ok_or_else(broken)?,
        contact_email: review.contact_email.clone(),
    })
}

/// One request to move a review.
pub struct Move<'a> {
    pub actor: Actor,
    /// The member of staff deciding (name and credential for the archive row); `None` for author and visitor.
    pub by: Option<&'a Staff>,
    pub decision: Decision,
    pub reason: Option<ReasonCode>,
    pub note: Option<&'a str>,
    pub flag: Option<NewFlag<'a>>,
    /// The request's clock: the decision's time.
    pub clock: Clock,
}

/// Decides and stores one transition. A decision taken on a version that another decision replaced
/// meanwhile answers 409 `stage_already_decided`; nothing of it is written.
pub async fn commit(
    store: &Store,
    origin: &str,
    tenant: &str,
    review: &ReviewRow,
    state: &ReviewState,
    request: Move<'_>,
) -> Result<Transition, ApiError> {
    let transition = decide(
        state,
        &request.actor,
        request.decision,
        request.reason,
        request.note,
    )?;
    let sign = match transition.aggregate {
        AggregateChange::Apply => 1,
        AggregateChange::Revert => -1,
        AggregateChange::None => 0,
    };
    let deltas = AggregatePair::deltas(&valid_review_of(review)?, sign);
    let entry = match request.by {
        Some(staff) => Entry::by_staff(&transition.audit, &staff.display_name, &staff.token_id),
        None => Entry::from(&transition.audit),
    };
    let lineage = review.lineage_id.as_deref().unwrap_or(&review.id);
    let reason_code = match transition.to {
        Stage::Rejected | Stage::Withdrawn => transition.audit.reason.map(ReasonCode::code),
        _ => None,
    };
    let (transition, deltas, entry, request) = (&transition, &deltas, &entry, &request);
    chain::append(store, tenant, "transition", |head| async move {
        let now_ms = request.clock.now_ms();
        let mut rows = audit::chain(
            tenant,
            &review.id,
            head,
            &review.content_hash,
            std::slice::from_ref(entry),
            review.version,
            Some(lineage),
            now_ms,
        );
        let Some(audit) = rows.pop() else {
            return Err(ApiError::Misconfigured("audit chain"));
        };
        let write = TransitionWrite {
            tenant,
            review_id: &review.id,
            product_id: &review.product_id,
            from: transition.from,
            to: transition.to,
            version: review.version,
            flagged: transition.flagged,
            reason_code,
            audit,
            deltas: deltas.clone(),
            flag: request.flag.as_ref().map(|flag| NewFlag {
                id: flag.id,
                visitor: flag.visitor,
                reason: flag.reason,
                note: flag.note,
            }),
            now_ms,
        };
        let outcome = store.apply_transition(&write).await;
        Ok(Step::sent(&write.audit.row_hash, (), outcome))
    }, |message| async move {
        // The archive's trigger refuses a person deciding a second stage of one lineage.
        if message.contains("four_eyes") {
            return Err(ApiError::forbidden(
                "four_eyes",
                "The same person cannot decide two stages of one review or of its revisions.",
            ));
        }
        if store.review_version(tenant, &review.id).await? != Some(review.version) {
            return Err(ApiError::conflict(
                "stage_already_decided",
                "Someone else decided this review a moment ago; reload it and decide again if needed.",
            ));
        }
        if let Some(flag) = &request.flag
            && store.flag_exists(tenant, &review.id, flag.visitor).await?
        {
            return Err(already_flagged());
        }
        Ok(None)
    })
    .await?;
    if transition.aggregate != AggregateChange::None {
        edge_cache::forget_summaries(origin, tenant, std::slice::from_ref(&review.product_id))
            .await;
    }
    Ok(transition.clone())
}

pub fn already_flagged() -> ApiError {
    ApiError::conflict(
        "already_flagged",
        "You already reported this review; compliance will look at it.",
    )
}
