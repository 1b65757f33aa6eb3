//! The moderation state machine: who may decide what at which stage, four-eyes between stages, and the audit event every transition yields.
//!
//! Nothing here ever sees a star value: `ReviewState` holds no rating, so no rule can depend on one.

use serde::{Deserialize, Serialize};

use crate::stage::Stage;

/// Longest staff note kept with a decision, in Unicode scalar values.
pub const NOTE_MAX: usize = 2_000;

/// A staff role; a token carries exactly one. Each deciding role owns one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Decides held items at `screening`.
    Moderator,
    /// Decides `compliance_review`, and flags on published reviews.
    Compliance,
    /// The registered principal; decides `owner_review`.
    Owner,
    /// Manages tokens and settings; decides nothing.
    Admin,
    /// Manages catalogue, visibility and disclosure; decides nothing.
    Marketer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Moderator,
        Role::Compliance,
        Role::Owner,
        Role::Admin,
        Role::Marketer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Compliance => "compliance",
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Marketer => "marketer",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }

    /// The stage whose queue this role works, if it decides reviews at all.
    pub fn decides(self) -> Option<Stage> {
        match self {
            Role::Moderator => Some(Stage::Screening),
            Role::Compliance => Some(Stage::ComplianceReview),
            Role::Owner => Some(Stage::OwnerReview),
            Role::Admin | Role::Marketer => None,
        }
    }
}

/// Who acts: a staff member in one role, the review's author (holding its status token),
/// a visitor (flags), or the automatic screener.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    Staff(Role),
    Author,
    Visitor,
    Screener,
}

impl ActorRole {
    /// The name stored in the audit trail: the staff role's name, or `author`, `visitor`, `screener`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorRole::Staff(role) => role.as_str(),
            ActorRole::Author => "author",
            ActorRole::Visitor => "visitor",
            ActorRole::Screener => "screener",
        }
    }

    pub fn parse(name: &str) -> Option<ActorRole> {
        match name {
            "author" => Some(ActorRole::Author),
            "visitor" => Some(ActorRole::Visitor),
            "screener" => Some(ActorRole::Screener),
            other => Role::parse(other).map(ActorRole::Staff),
        }
    }
}

/// One acting party: `id` names the person (a staff member's id, the review id for its author,
/// a hashed visitor key, or `screener`), `role` what they act as.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub id: String,
    pub role: ActorRole,
}

impl Actor {
    pub const SCREENER_ID: &'static str = "screener";

    pub fn staff(id: impl Into<String>, role: Role) -> Actor {
        Actor {
            id: id.into(),
            role: ActorRole::Staff(role),
        }
    }

    pub fn author(id: impl Into<String>) -> Actor {
        Actor {
            id: id.into(),
            role: ActorRole::Author,
        }
    }

    pub fn visitor(id: impl Into<String>) -> Actor {
        Actor {
            id: id.into(),
            role: ActorRole::Visitor,
        }
    }

    pub fn screener() -> Actor {
        Actor {
            id: Actor::SCREENER_ID.to_owned(),
            role: ActorRole::Screener,
        }
    }
}

/// What an actor asks for. Staff send `pass | approve | reject | send_back | clear_flag`;
/// visitors `flag`; authors `withdraw | revise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Pass,
    Approve,
    Reject,
    SendBack,
    Flag,
    ClearFlag,
    Withdraw,
    Revise,
}

impl Decision {
    pub const ALL: [Decision; 8] = [
        Decision::Pass,
        Decision::Approve,
        Decision::Reject,
        Decision::SendBack,
        Decision::Flag,
        Decision::ClearFlag,
        Decision::Withdraw,
        Decision::Revise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Pass => "pass",
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::SendBack => "send_back",
            Decision::Flag => "flag",
            Decision::ClearFlag => "clear_flag",
            Decision::Withdraw => "withdraw",
            Decision::Revise => "revise",
        }
    }

    pub fn parse(name: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == name)
    }
}

/// Why a review was rejected or withdrawn. None of them means "negative" or "low rating".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    PersonalInformation,
    Profanity,
    SpamOrAdvertising,
    OffTopic,
    NotAClientExperience,
    LegalOrCompliance,
    Duplicate,
    Impersonation,
    WithdrawnByAuthor,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 9] = [
        ReasonCode::PersonalInformation,
        ReasonCode::Profanity,
        ReasonCode::SpamOrAdvertising,
        ReasonCode::OffTopic,
        ReasonCode::NotAClientExperience,
        ReasonCode::LegalOrCompliance,
        ReasonCode::Duplicate,
        ReasonCode::Impersonation,
        ReasonCode::WithdrawnByAuthor,
    ];

    /// Stable machine code (API, audit, widget string tables).
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::PersonalInformation => "personal_information",
            ReasonCode::Profanity => "profanity",
            ReasonCode::SpamOrAdvertising => "spam_or_advertising",
            ReasonCode::OffTopic => "off_topic",
            ReasonCode::NotAClientExperience => "not_a_client_experience",
            ReasonCode::LegalOrCompliance => "legal_or_compliance",
            ReasonCode::Duplicate => "duplicate",
            ReasonCode::Impersonation => "impersonation",
            ReasonCode::WithdrawnByAuthor => "withdrawn_by_author",
        }
    }

    pub fn parse(code: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether the author may submit a revision after a rejection for this reason.
    pub fn is_fixable(self) -> bool {
        matches!(
            self,
            ReasonCode::PersonalInformation
                | ReasonCode::Profanity
                | ReasonCode::SpamOrAdvertising
                | ReasonCode::OffTopic
        )
    }

    /// Whether staff (or the screener) may give this reason for a rejection.
    pub fn is_for_rejection(self) -> bool {
        self != ReasonCode::WithdrawnByAuthor
    }

    /// The statement of reasons shown to the author, in English (the widget translates by code).
    pub fn public_text(self) -> &'static str {
        match self {
            ReasonCode::PersonalInformation => {
                "Your review contains personal or financial information, such as an account or card number, an e-mail address or a phone number. Remove it and submit a revision; we never publish such details."
            }
            ReasonCode::Profanity => {
                "Your review contains profanity or abusive language. You may submit a revision without it; your rating and opinion are welcome either way."
            }
            ReasonCode::SpamOrAdvertising => {
                "Your review contains advertising, promotional links or repeated text. You may submit a revision that describes your own experience."
            }
            ReasonCode::OffTopic => {
                "Your review does not describe this product or service. You may submit a revision about your experience with it."
            }
            ReasonCode::NotAClientExperience => {
                "Your review does not describe an experience as a client or prospective client of this firm, so it cannot be published."
            }
            ReasonCode::LegalOrCompliance => {
                "Your review cannot be published for a legal or regulatory reason. If it describes a problem with your account, our customer service will contact you if you left a contact address."
            }
            ReasonCode::Duplicate => {
                "Your review repeats a review that was already submitted, so it was not published a second time."
            }
            ReasonCode::Impersonation => {
                "Your review appears to be written in someone else's name, so it cannot be published."
            }
            ReasonCode::WithdrawnByAuthor => "You withdrew this review.",
        }
    }

    /// Guidance for staff on when this reason applies.
    pub fn internal_text(self) -> &'static str {
        match self {
            ReasonCode::PersonalInformation => {
                "Contains data that identifies a person or an account: card, IBAN, account, SSN, phone, e-mail, address. Fixable."
            }
            ReasonCode::Profanity => {
                "Contains profanity, slurs or personal abuse. Criticism, however harsh, is not profanity. Fixable."
            }
            ReasonCode::SpamOrAdvertising => {
                "Promotes another product or site, carries link spam, or is repetition spam. Fixable."
            }
            ReasonCode::OffTopic => {
                "Is not about this product or the firm's service. A low rating is never off topic. Fixable."
            }
            ReasonCode::NotAClientExperience => {
                "The author states no experience with the firm (e.g. commentary on markets or news). Final."
            }
            ReasonCode::LegalOrCompliance => {
                "Publishing would breach a law or rule (e.g. defamation, a testimonial rule, an ongoing legal matter). Record the rule in the note. Final."
            }
            ReasonCode::Duplicate => {
                "Same text as a review already submitted for this product. Final."
            }
            ReasonCode::Impersonation => {
                "Written in another person's name or by someone posing as staff. Final."
            }
            ReasonCode::WithdrawnByAuthor => {
                "Set automatically when the author withdraws; never chosen by staff."
            }
        }
    }
}

/// One staff member's decision on a stage, remembered for four-eyes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageDecider {
    pub stage: Stage,
    pub actor_id: String,
}

/// Everything the state machine needs to know about a review, and nothing more (no rating, no text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewState {
    pub stage: Stage,
    /// A visitor flagged the published review and compliance has not yet cleared or rejected it.
    pub flagged: bool,
    /// The reason of the latest rejection or withdrawal, if the review is rejected or withdrawn.
    pub reason: Option<ReasonCode>,
    /// Every staff decision so far, in order, across revisions.
    pub deciders: Vec<StageDecider>,
}

impl Default for ReviewState {
    fn default() -> Self {
        ReviewState::submitted()
    }
}

impl ReviewState {
    /// A freshly submitted review, waiting at `screening`.
    pub fn submitted() -> ReviewState {
        ReviewState {
            stage: Stage::Screening,
            flagged: false,
            reason: None,
            deciders: Vec::new(),
        }
    }

    /// Rebuilds the state from the audit trail of one review, oldest first.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a AuditEvent>) -> ReviewState {
        let mut state = ReviewState::submitted();
        for event in events {
            state.absorb(event);
        }
        state
    }

    /// The state after a transition that `decide` returned for this state.
    pub fn apply(&mut self, transition: &Transition) {
        self.absorb(&transition.audit);
    }

    fn absorb(&mut self, event: &AuditEvent) {
        self.stage = event.to;
        match event.decision {
            Decision::Flag => self.flagged = true,
            Decision::ClearFlag => self.flagged = false,
            _ if event.to != Stage::Published => self.flagged = false,
            _ => {}
        }
        self.reason = match event.to {
            Stage::Rejected | Stage::Withdrawn => event.reason,
            _ => None,
        };
        if let ActorRole::Staff(role) = event.role
            && let Some(stage) = role.decides()
        {
            self.deciders.push(StageDecider {
                stage,
                actor_id: event.actor_id.clone(),
            });
        }
    }

    /// Whether the item sits in some staff queue, and whose.
    pub fn waiting_for(&self) -> Option<Role> {
        match self.stage {
            Stage::Screening => Some(Role::Moderator),
            Stage::ComplianceReview => Some(Role::Compliance),
            Stage::OwnerReview => Some(Role::Owner),
            Stage::Published if self.flagged => Some(Role::Compliance),
            Stage::Published | Stage::Rejected | Stage::Withdrawn => None,
        }
    }

    /// Whether the author may submit a revision now.
    pub fn can_revise(&self) -> bool {
        self.stage == Stage::Rejected && self.reason.is_some_and(ReasonCode::is_fixable)
    }
}

/// How a transition changes the product's published aggregates (see `AggregatePair`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AggregateChange {
    None,
    /// The review becomes published: `AggregatePair::apply`.
    Apply,
    /// The review stops being published: `AggregatePair::revert`.
    Revert,
}

/// The audit row's decided content; the edge adds id, hashes and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub from: Stage,
    pub to: Stage,
    pub actor_id: String,
    pub role: ActorRole,
    pub decision: Decision,
    pub reason: Option<ReasonCode>,
    pub note: Option<String>,
}

/// An accepted decision: what changes, and what to append to the audit trail, in one storage batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
    pub aggregate: AggregateChange,
    /// Whether the review waits in compliance's flag queue afterwards.
    pub flagged: bool,
    pub audit: AuditEvent,
}

/// Why a decision was refused. The API maps these to 403 (role) or 409/422 (state, input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModerationError {
    #[error("the {role} role decides no reviews")]
    RoleDecidesNothing { role: &'static str },
    #[error("a {role} cannot decide a review at {stage}")]
    WrongRole {
        role: &'static str,
        stage: &'static str,
    },
    #[error("'{decision}' is not possible for a review at {stage}")]
    NotAllowed {
        decision: &'static str,
        stage: &'static str,
    },
    #[error("a rejection needs a reason code")]
    ReasonRequired,
    #[error("'{decision}' takes no reason code")]
    ReasonNotAllowed { decision: &'static str },
    #[error("the reason '{reason}' cannot be given for a rejection")]
    ReasonNotForRejection { reason: &'static str },
    #[error(
        "the same person cannot decide two stages of one review (already decided {other_stage})"
    )]
    FourEyes { other_stage: &'static str },
    #[error("this published review has no open flag")]
    NotFlagged,
    #[error("this review was rejected for a reason that cannot be fixed by a revision")]
    NotRevisable,
    #[error("a note has at most {NOTE_MAX} characters")]
    NoteTooLong,
}

impl ModerationError {
    /// Stable machine code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            ModerationError::RoleDecidesNothing { .. } | ModerationError::WrongRole { .. } => {
                "wrong_role"
            }
            ModerationError::NotAllowed { .. } => "decision_not_allowed",
            ModerationError::ReasonRequired => "reason_required",
            ModerationError::ReasonNotAllowed { .. } => "reason_not_allowed",
            ModerationError::ReasonNotForRejection { .. } => "reason_not_for_rejection",
            ModerationError::FourEyes { .. } => "four_eyes",
            ModerationError::NotFlagged => "not_flagged",
            ModerationError::NotRevisable => "not_revisable",
            ModerationError::NoteTooLong => "note_too_long",
        }
    }

    /// Whether the refusal is about who acts (403) rather than about the review's state or the input.
    pub fn is_forbidden(&self) -> bool {
        matches!(
            self,
            ModerationError::RoleDecidesNothing { .. }
                | ModerationError::WrongRole { .. }
                | ModerationError::FourEyes { .. }
        )
    }
}

/// The decisions staff may take on a review at `stage` (`flagged`: a visitor reported it while published), in the
/// order a console offers them. The same table as [`decide`]; a test holds them together.
pub fn staff_decisions(stage: Stage, flagged: bool) -> &'static [Decision] {
    match stage {
        Stage::Screening => &[Decision::Pass, Decision::Reject],
        Stage::ComplianceReview | Stage::OwnerReview => {
            &[Decision::Approve, Decision::Reject, Decision::SendBack]
        }
        Stage::Published if flagged => &[Decision::ClearFlag, Decision::Reject],
        Stage::Published | Stage::Rejected | Stage::Withdrawn => &[],
    }
}

/// Decides one request against the review's current state. Pure: the caller persists the
/// returned transition with a conditional update on `from`, so a racing second decision fails.
pub fn decide(
    current: &ReviewState,
    actor: &Actor,
    decision: Decision,
    reason: Option<ReasonCode>,
    note: Option<&str>,
) -> Result<Transition, ModerationError> {
    use Decision::*;
    use Stage::*;

    let note = note.map(str::trim).filter(|note| !note.is_empty());
    if note.is_some_and(|note| note.chars().count() > NOTE_MAX) {
        return Err(ModerationError::NoteTooLong);
    }
    let from = current.stage;
    let not_allowed = || ModerationError::NotAllowed {
        decision: decision.as_str(),
        stage: from.as_str(),
    };

    // Which stage a staff decision counts for; author, visitor and screener actions count for none.
    let (to, deciding_stage) = match actor.role {
        ActorRole::Staff(role) => {
            let Some(own_stage) = role.decides() else {
                return Err(ModerationError::RoleDecidesNothing {
                    role: role.as_str(),
                });
            };
            let queue = current.waiting_for();
            if queue != Some(role) {
                return Err(match queue {
                    Some(_) => ModerationError::WrongRole {
                        role: role.as_str(),
                        stage: from.as_str(),
                    },
                    None if from == Published && role == Role::Compliance => {
                        ModerationError::NotFlagged
                    }
                    None => not_allowed(),
                });
            }
            let to = match (from, decision) {
                (Screening, Pass) => ComplianceReview,
                (ComplianceReview | OwnerReview, Approve) => next_stage(from),
                (Screening | ComplianceReview | OwnerReview | Published, Reject) => Rejected,
                (ComplianceReview, SendBack) => Screening,
                (OwnerReview, SendBack) => ComplianceReview,
                (Published, ClearFlag) => Published,
                _ => return Err(not_allowed()),
            };
            (to, Some(own_stage))
        }
        ActorRole::Screener => match (from, decision) {
            (Screening, Pass) => (ComplianceReview, None),
            (Screening, Reject) => (Rejected, None),
            (Screening, _) => return Err(not_allowed()),
            _ => {
                return Err(ModerationError::WrongRole {
                    role: actor.role.as_str(),
                    stage: from.as_str(),
                });
            }
        },
        ActorRole::Visitor => match (from, decision) {
            (Published, Flag) => (Published, None),
            _ => return Err(not_allowed()),
        },
        ActorRole::Author => match (from, decision) {
            (from, Withdraw) if from.author_may_withdraw() => (Withdrawn, None),
            (Rejected, Revise) if current.can_revise() => (Screening, None),
            (Rejected, Revise) => return Err(ModerationError::NotRevisable),
            _ => return Err(not_allowed()),
        },
    };

    let reason = match decision {
        Reject => match reason {
            None => return Err(ModerationError::ReasonRequired),
            Some(reason) if !reason.is_for_rejection() => {
                return Err(ModerationError::ReasonNotForRejection {
                    reason: reason.code(),
                });
            }
            Some(reason) => Some(reason),
        },
        Withdraw => match reason {
            None | Some(ReasonCode::WithdrawnByAuthor) => Some(ReasonCode::WithdrawnByAuthor),
            Some(_) => {
                return Err(ModerationError::ReasonNotAllowed {
                    decision: decision.as_str(),
                });
            }
        },
        // A send-back may say what compliance should look at again; it ends nothing.
        SendBack => match reason {
            Some(reason) if !reason.is_for_rejection() => {
                return Err(ModerationError::ReasonNotForRejection {
                    reason: reason.code(),
                });
            }
            reason => reason,
        },
        Pass | Approve | Flag | ClearFlag | Revise => match reason {
            None => None,
            Some(_) => {
                return Err(ModerationError::ReasonNotAllowed {
                    decision: decision.as_str(),
                });
            }
        },
    };

    if let Some(stage) = deciding_stage
        && let Some(other) = current
            .deciders
            .iter()
            .find(|d| d.actor_id == actor.id && d.stage != stage)
    {
        return Err(ModerationError::FourEyes {
            other_stage: other.stage.as_str(),
        });
    }

    let aggregate = match (from == Published, to == Published) {
        (false, true) => AggregateChange::Apply,
        (true, false) => AggregateChange::Revert,
        _ => AggregateChange::None,
    };
    let flagged = to == Published && decision != ClearFlag && (current.flagged || decision == Flag);

    Ok(Transition {
        from,
        to,
        aggregate,
        flagged,
        audit: AuditEvent {
            from,
            to,
            actor_id: actor.id.clone(),
            role: actor.role,
            decision,
            reason,
            note: note.map(str::to_owned),
        },
    })
}

fn next_stage(stage: Stage) -> Stage {
    match stage {
        Stage::Screening => Stage::ComplianceReview,
        Stage::ComplianceReview => Stage::OwnerReview,
        _ => Stage::Published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(
        state: &mut ReviewState,
        actor: &Actor,
        decision: Decision,
        reason: Option<ReasonCode>,
    ) -> Result<Transition, ModerationError> {
        let transition = decide(state, actor, decision, reason, None)?;
        state.apply(&transition);
        Ok(transition)
    }

    /// What a console offers is exactly what `decide` accepts from the role that owns the stage.
    #[test]
    fn staff_decisions_are_the_decisions_decide_accepts() {
        for stage in Stage::ALL {
            for flagged in [false, true] {
                if flagged && stage != Stage::Published {
                    continue;
                }
                let state = ReviewState {
                    stage,
                    flagged,
                    reason: Some(ReasonCode::OffTopic).filter(|_| stage == Stage::Rejected),
                    deciders: Vec::new(),
                };
                let offered = staff_decisions(stage, flagged);
                let Some(role) = state.waiting_for() else {
                    assert!(offered.is_empty(), "{stage:?}");
                    continue;
                };
                let actor = Actor::staff("p-1", role);
                for decision in Decision::ALL {
                    let reason =
                        Some(ReasonCode::OffTopic).filter(|_| decision == Decision::Reject);
                    let accepted = decide(&state, &actor, decision, reason, None).is_ok();
                    assert_eq!(
                        accepted,
                        offered.contains(&decision),
                        "{stage:?} flagged={flagged} {decision:?}"
                    );
                }
            }
        }
    }

    fn published_by(moderator: &str, compliance: &str, owner: &str) -> ReviewState {
        let mut state = ReviewState::submitted();
        run(
            &mut state,
            &Actor::staff(moderator, Role::Moderator),
            Decision::Pass,
            None,
        )
        .unwrap();
        run(
            &mut state,
            &Actor::staff(compliance, Role::Compliance),
            Decision::Approve,
            None,
        )
        .unwrap();
        let last = run(
            &mut state,
            &Actor::staff(owner, Role::Owner),
            Decision::Approve,
            None,
        )
        .unwrap();
        assert_eq!(last.aggregate, AggregateChange::Apply);
        state
    }

    #[test]
    fn happy_path_publishes_and_applies_aggregates() {
        let state = published_by("m", "c", "o");
        assert_eq!(state.stage, Stage::Published);
        assert_eq!(state.waiting_for(), None);
    }

    #[test]
    fn screener_passes_straight_to_compliance() {
        let mut state = ReviewState::submitted();
        let t = run(&mut state, &Actor::screener(), Decision::Pass, None).unwrap();
        assert_eq!((t.from, t.to), (Stage::Screening, Stage::ComplianceReview));
        assert_eq!(t.audit.role.as_str(), "screener");
        assert!(state.deciders.is_empty());
    }

    #[test]
    fn rejections_need_a_reason_that_is_not_withdrawal() {
        let state = ReviewState::submitted();
        let moderator = Actor::staff("m", Role::Moderator);
        assert_eq!(
            decide(&state, &moderator, Decision::Reject, None, None),
            Err(ModerationError::ReasonRequired)
        );
        assert_eq!(
            decide(
                &state,
                &moderator,
                Decision::Reject,
                Some(ReasonCode::WithdrawnByAuthor),
                None
            )
            .map_err(|e| e.code()),
            Err("reason_not_for_rejection")
        );
        let t = decide(
            &state,
            &moderator,
            Decision::Reject,
            Some(ReasonCode::Profanity),
            Some(" see line 2 "),
        )
        .unwrap();
        assert_eq!(t.audit.reason, Some(ReasonCode::Profanity));
        assert_eq!(t.audit.note.as_deref(), Some("see line 2"));
    }

    #[test]
    fn approvals_take_no_reason() {
        let mut state = ReviewState::submitted();
        run(&mut state, &Actor::screener(), Decision::Pass, None).unwrap();
        assert_eq!(
            decide(
                &state,
                &Actor::staff("c", Role::Compliance),
                Decision::Approve,
                Some(ReasonCode::OffTopic),
                None
            )
            .map_err(|e| e.code()),
            Err("reason_not_allowed")
        );
    }

    #[test]
    fn each_role_decides_only_its_stage() {
        let state = ReviewState::submitted();
        assert_eq!(
            decide(
                &state,
                &Actor::staff("c", Role::Compliance),
                Decision::Pass,
                None,
                None
            ),
            Err(ModerationError::WrongRole {
                role: "compliance",
                stage: "screening"
            })
        );
        for role in [Role::Admin, Role::Marketer] {
            assert!(
                decide(&state, &Actor::staff("a", role), Decision::Pass, None, None)
                    .is_err_and(|e| e.is_forbidden())
            );
        }
        assert!(
            decide(
                &state,
                &Actor::staff("m", Role::Moderator),
                Decision::Approve,
                None,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn the_same_person_cannot_decide_two_stages() {
        let mut state = ReviewState::submitted();
        run(
            &mut state,
            &Actor::staff("alex", Role::Moderator),
            Decision::Pass,
            None,
        )
        .unwrap();
        assert_eq!(
            decide(
                &state,
                &Actor::staff("alex", Role::Compliance),
                Decision::Approve,
                None,
                None
            ),
            Err(ModerationError::FourEyes {
                other_stage: "screening"
            })
        );
        run(
            &mut state,
            &Actor::staff("casey", Role::Compliance),
            Decision::Approve,
            None,
        )
        .unwrap();
        assert!(
            decide(
                &state,
                &Actor::staff("casey", Role::Owner),
                Decision::Approve,
                None,
                None
            )
            .is_err_and(|e| e.code() == "four_eyes")
        );
        // Sent back, the same compliance officer may decide compliance again.
        run(
            &mut state,
            &Actor::staff("olive", Role::Owner),
            Decision::SendBack,
            None,
        )
        .unwrap();
        assert_eq!(state.stage, Stage::ComplianceReview);
        run(
            &mut state,
            &Actor::staff("casey", Role::Compliance),
            Decision::Approve,
            None,
        )
        .unwrap();
    }

    #[test]
    fn flags_queue_for_compliance_without_unpublishing() {
        let mut state = published_by("m", "c", "o");
        let compliance = Actor::staff("c2", Role::Compliance);
        assert_eq!(
            decide(
                &state,
                &compliance,
                Decision::Reject,
                Some(ReasonCode::LegalOrCompliance),
                None
            ),
            Err(ModerationError::NotFlagged)
        );
        let t = run(&mut state, &Actor::visitor("v"), Decision::Flag, None).unwrap();
        assert_eq!(
            (t.to, t.aggregate, t.flagged),
            (Stage::Published, AggregateChange::None, true)
        );
        assert_eq!(state.waiting_for(), Some(Role::Compliance));
        let t = run(&mut state, &compliance, Decision::ClearFlag, None).unwrap();
        assert!(!t.flagged && !state.flagged);
        run(&mut state, &Actor::visitor("v"), Decision::Flag, None).unwrap();
        // The owner who published cannot handle the flag under a compliance token.
        assert!(
            decide(
                &state,
                &Actor::staff("o", Role::Compliance),
                Decision::ClearFlag,
                None,
                None
            )
            .is_err_and(|e| e.code() == "four_eyes")
        );
        let t = run(
            &mut state,
            &compliance,
            Decision::Reject,
            Some(ReasonCode::LegalOrCompliance),
        )
        .unwrap();
        assert_eq!(
            (t.to, t.aggregate),
            (Stage::Rejected, AggregateChange::Revert)
        );
        assert!(!state.can_revise());
    }

    #[test]
    fn authors_withdraw_anytime_before_the_end_and_revise_fixable_rejections() {
        let mut state = published_by("m", "c", "o");
        let t = run(&mut state, &Actor::author("r1"), Decision::Withdraw, None).unwrap();
        assert_eq!(
            (t.to, t.aggregate),
            (Stage::Withdrawn, AggregateChange::Revert)
        );
        assert_eq!(t.audit.reason, Some(ReasonCode::WithdrawnByAuthor));
        assert!(decide(&state, &Actor::author("r1"), Decision::Withdraw, None, None).is_err());
        assert!(decide(&state, &Actor::author("r1"), Decision::Revise, None, None).is_err());

        let mut state = ReviewState::submitted();
        run(
            &mut state,
            &Actor::screener(),
            Decision::Reject,
            Some(ReasonCode::PersonalInformation),
        )
        .unwrap();
        assert!(state.can_revise());
        let t = run(&mut state, &Actor::author("r2"), Decision::Revise, None).unwrap();
        assert_eq!((t.from, t.to), (Stage::Rejected, Stage::Screening));

        let mut state = ReviewState::submitted();
        run(
            &mut state,
            &Actor::staff("m", Role::Moderator),
            Decision::Reject,
            Some(ReasonCode::Duplicate),
        )
        .unwrap();
        assert_eq!(
            decide(&state, &Actor::author("r3"), Decision::Revise, None, None),
            Err(ModerationError::NotRevisable)
        );
    }

    #[test]
    fn replaying_the_audit_trail_gives_the_same_state() {
        let mut state = ReviewState::submitted();
        let mut trail = Vec::new();
        for (actor, decision) in [
            (Actor::screener(), Decision::Pass),
            (Actor::staff("c", Role::Compliance), Decision::Approve),
            (Actor::staff("o", Role::Owner), Decision::Approve),
            (Actor::visitor("v"), Decision::Flag),
        ] {
            trail.push(run(&mut state, &actor, decision, None).unwrap().audit);
        }
        assert_eq!(ReviewState::replay(&trail), state);
    }

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(
                ActorRole::parse(role.as_str()),
                Some(ActorRole::Staff(role))
            );
        }
        for decision in Decision::ALL {
            assert_eq!(Decision::parse(decision.as_str()), Some(decision));
            assert_eq!(
                serde_json::to_string(&decision).unwrap(),
                format!("\"{}\"", decision.as_str())
            );
        }
        for reason in ReasonCode::ALL {
            assert_eq!(ReasonCode::parse(reason.code()), Some(reason));
            assert_eq!(
                serde_json::to_string(&reason).unwrap(),
                format!("\"{}\"", reason.code())
            );
            assert!(!reason.public_text().is_empty() && !reason.internal_text().is_empty());
        }
        let fixable: Vec<_> = ReasonCode::ALL
            .into_iter()
            .filter(|r| r.is_fixable())
            .map(ReasonCode::code)
            .collect();
        assert_eq!(
            fixable,
            [
                "personal_information",
                "profanity",
                "spam_or_advertising",
                "off_topic"
            ]
        );
    }

    #[test]
    fn no_reason_code_means_negative_or_low_rating() {
        for reason in ReasonCode::ALL {
            let words = format!(
                "{} {} {}",
                reason.code(),
                reason.public_text(),
                reason.internal_text()
            )
            .to_lowercase();
            for banned in [
                "negative",
                "low rating",
                "low_rating",
                "one star",
                "unfavourable",
            ] {
                assert!(
                    !words.contains(banned) || words.contains("never"),
                    "{}: mentions {banned}",
                    reason.code()
                );
            }
        }
    }

    fn any_actor() -> impl Strategy<Value = Actor> {
        let ids = prop_oneof![Just("ann"), Just("bob"), Just("cat")];
        let deciding = prop_oneof![
            Just(Role::Moderator),
            Just(Role::Compliance),
            Just(Role::Owner)
        ];
        prop_oneof![
            6 => (ids.clone(), deciding).prop_map(|(id, role)| Actor::staff(id, role)),
            1 => (ids, prop::sample::select(Role::ALL.to_vec()))
                .prop_map(|(id, role)| Actor::staff(id, role)),
            1 => Just(Actor::author("r")),
            1 => Just(Actor::visitor("v")),
            1 => Just(Actor::screener()),
        ]
    }

    /// Biased towards decisions that move a review forward, so that publication is reached often.
    fn any_step() -> impl Strategy<Value = (Actor, Decision, Option<ReasonCode>)> {
        (
            any_actor(),
            prop_oneof![
                4 => Just(Decision::Approve),
                2 => Just(Decision::Pass),
                1 => prop::sample::select(Decision::ALL.to_vec()),
            ],
            prop_oneof![
                3 => Just(None),
                1 => prop::sample::select(ReasonCode::ALL.to_vec()).prop_map(Some),
            ],
        )
    }

    #[test]
    fn random_sequences_reach_publication_often() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let strategy = prop::collection::vec(any_step(), 0..60);
        let mut published = 0;
        for _ in 0..256 {
            let steps = strategy.new_tree(&mut runner).unwrap().current();
            let mut state = ReviewState::submitted();
            for (actor, decision, reason) in steps {
                if let Ok(t) = decide(&state, &actor, decision, reason, None) {
                    state.apply(&t);
                    published += usize::from(t.aggregate == AggregateChange::Apply);
                }
            }
        }
        assert!(
            published > 50,
            "only {published} publications in 256 sequences"
        );
    }

    proptest! {
        #[test]
        fn publication_needs_compliance_and_owner_approval_by_different_people(
            steps in prop::collection::vec(any_step(), 0..60)
        ) {
            let mut state = ReviewState::submitted();
            let mut trail: Vec<AuditEvent> = Vec::new();
            for (actor, decision, reason) in steps {
                let Ok(transition) = decide(&state, &actor, decision, reason, None) else { continue };
                prop_assert_eq!(transition.from, state.stage);
                let event = transition.audit.clone();
                if event.to == Stage::Rejected {
                    prop_assert!(event.reason.is_some_and(ReasonCode::is_for_rejection));
                }
                if event.from != Stage::Published && event.to == Stage::Published {
                    prop_assert_eq!(event.role, ActorRole::Staff(Role::Owner));
                    prop_assert_eq!(event.decision, Decision::Approve);
                    let entered_owner_review = trail.iter().rev().find(|e| e.to == Stage::OwnerReview);
                    let Some(compliance) = entered_owner_review else {
                        return Err(TestCaseError::fail("published without a compliance approval"));
                    };
                    prop_assert_eq!(compliance.role, ActorRole::Staff(Role::Compliance));
                    prop_assert_eq!(compliance.decision, Decision::Approve);
                    prop_assert_ne!(&compliance.actor_id, &event.actor_id);
                    prop_assert_eq!(state.stage, Stage::OwnerReview);
                }
                prop_assert_eq!(
                    transition.aggregate == AggregateChange::Apply,
                    event.from != Stage::Published && event.to == Stage::Published
                );
                prop_assert_eq!(
                    transition.aggregate == AggregateChange::Revert,
                    event.from == Stage::Published && event.to != Stage::Published
                );
                state.apply(&transition);
                prop_assert_eq!(state.flagged, transition.flagged);
                trail.push(event);
                prop_assert_eq!(&ReviewState::replay(&trail), &state);
                // Four-eyes holds over the whole history.
                for a in &state.deciders {
                    for b in &state.deciders {
                        prop_assert!(a.actor_id != b.actor_id || a.stage == b.stage);
                    }
                }
            }
        }

        #[test]
        fn a_reject_without_reason_is_always_refused(
            steps in prop::collection::vec(any_step(), 0..40),
            actor in any_actor(),
        ) {
            let mut state = ReviewState::submitted();
            for (step_actor, decision, reason) in steps {
                if let Ok(t) = decide(&state, &step_actor, decision, reason, None) {
                    state.apply(&t);
                }
            }
            prop_assert!(decide(&state, &actor, Decision::Reject, None, None).is_err());
        }
    }
}
