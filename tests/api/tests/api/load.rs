//! A submission load under faults, shared by the bounded test (`fault_load.rs`) and `cargo xtask soak`: clients on
//! threads submit clean reviews to several tenants and retry each with its Idempotency-Key until it is accepted, then
//! staff publish every review (compliance, then owner) with read-before-retry; the outcome is checked against what
//! the clients know they sent and printed as figures.
//!
//! The plan's sizes come from the environment so that one implementation serves both: `CANDOR_LOAD_SUBMISSIONS`,
//! `CANDOR_LOAD_TENANTS`, `CANDOR_LOAD_CLIENTS` (defaults: the bounded sizes of `cargo xtask test`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use candor_domain::aggregate::Aggregate;
use candor_domain::dto::{SubmitAccepted, Summary};
use candor_domain::rating::Rating;
use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::{assert_chain_intact, ndjson};
use crate::api::client::{clean_body, edge, header, retry_after, unique_key};
use crate::api::fixture::{PRODUCT, TestTenant};

/// The fault-plan header of the test hooks (see `faults.rs`).
pub const FAULTS: &str = "X-Candor-Test-Faults";
/// 10 % of D1 calls fail: half before they are sent, half after they committed.
pub const TEN_PERCENT: &str = "before=0.05,after=0.05";
/// The archive rows of a clean review published by compliance and owner, as sorted (action, from, to): intake
/// (`submit`), screening's automatic pass, and the two approvals.
const PUBLISHED_PATH: [(&str, &str, &str); 4] = [
    ("approve", "compliance_review", "owner_review"),
    ("approve", "owner_review", "published"),
    ("pass", "screening", "compliance_review"),
    ("submit", "", "screening"),
];
/// Answered attempts after which one submission or decision counts as lost (the test then fails).
const MAX_ATTEMPTS: usize = 200;
/// How long a client keeps trying one request that gets no answer (an edge restarting takes seconds).
const PATIENCE: Duration = Duration::from_secs(240);
/// The pause after an attempt that got no answer.
const NO_ANSWER_PAUSE: Duration = Duration::from_millis(250);

/// How much load: read from the environment, bounded defaults.
#[derive(Debug, Clone, Copy)]
pub struct LoadPlan {
    pub submissions: usize,
    pub tenants: usize,
    pub clients: usize,
}

impl LoadPlan {
    pub fn from_env(submissions: usize, tenants: usize, clients: usize) -> LoadPlan {
        let read = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|value| value.trim().parse().ok())
                .filter(|value: &usize| *value > 0)
                .unwrap_or(default)
        };
        LoadPlan {
            submissions: read("CANDOR_LOAD_SUBMISSIONS", submissions),
            tenants: read("CANDOR_LOAD_TENANTS", tenants),
            clients: read("CANDOR_LOAD_CLIENTS", clients),
        }
    }
}

/// One submission a client means to make: the tenant, its key and the draft.
#[derive(Debug, Clone)]
struct Job {
    tenant: usize,
    key: String,
    draft: Value,
}

/// What one attempt of a request came to.
enum Attempt {
    Answered(Response),
    /// No HTTP answer (connection refused or reset, timeout): the outcome is unknown, the client retries.
    NoAnswer,
}

/// Counters and latencies of one phase, shared by the client threads.
#[derive(Default)]
struct Tally {
    attempts: usize,
    unavailable: usize,
    rate_limited: usize,
    no_answer: usize,
    unknown_outcomes: usize,
    latencies_ms: Vec<f64>,
    unexpected: Vec<String>,
}

/// The figures of one phase.
#[derive(Debug, Clone, Default)]
pub struct PhaseFigures {
    pub attempts: usize,
    /// 503 `storage_unavailable` answers (the fault switch, or a real one).
    pub unavailable: usize,
    pub rate_limited: usize,
    pub no_answer: usize,
    /// Decisions answered 503 whose effect the client then found committed.
    pub unknown_outcomes: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub seconds: f64,
    pub unexpected: Vec<String>,
}

impl PhaseFigures {
    fn from(tally: Tally, seconds: f64) -> PhaseFigures {
        let mut latencies = tally.latencies_ms;
        latencies.sort_by(f64::total_cmp);
        let at = |share: f64| {
            latencies
                .get(((latencies.len() as f64 * share).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or_default()
        };
        PhaseFigures {
            attempts: tally.attempts,
            unavailable: tally.unavailable,
            rate_limited: tally.rate_limited,
            no_answer: tally.no_answer,
            unknown_outcomes: tally.unknown_outcomes,
            p50_ms: at(0.5),
            p99_ms: at(0.99),
            seconds,
            unexpected: tally.unexpected,
        }
    }
}

/// Everything a load run produced.
pub struct LoadRun {
    pub plan: LoadPlan,
    pub faults: String,
    pub tenants: Vec<TestTenant>,
    /// Per idempotency key: the job and every distinct answer it got (exactly one when all is well).
    answers: BTreeMap<String, (Job, Vec<SubmitAccepted>)>,
    pub submitting: PhaseFigures,
    pub publishing: PhaseFigures,
}

/// The checked outcome: what was sent, accepted and stored.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub sent: usize,
    pub accepted: usize,
    pub stored: usize,
    pub duplicates: usize,
    pub lost: usize,
    pub published: usize,
    pub archive_rows: usize,
}

/// Runs the whole load: tenants, submissions under `faults`, publication under `faults`.
pub fn run(plan: LoadPlan, faults: &str, label: &str) -> LoadRun {
    run_with(plan, faults, label, &|| {})
}

/// `run`, calling `midway` once, when a third of the submissions have been taken by the clients (the process-fault
/// test kills the edge then); the clients go on retrying through the outage.
pub fn run_with(plan: LoadPlan, faults: &str, label: &str, midway: &(dyn Fn() + Sync)) -> LoadRun {
    let tenants: Vec<TestTenant> = (0..plan.tenants).map(|_| TestTenant::new()).collect();
    let run_key = unique_key(label);
    let jobs: Vec<Job> = (0..plan.submissions)
        .map(|i| Job {
            tenant: i % plan.tenants,
            key: format!("{run_key}-{i}"),
            draft: draft(i),
        })
        .collect();

    let started = Instant::now();
    let tally = Mutex::new(Tally::default());
    let answers: Mutex<BTreeMap<String, (Job, Vec<SubmitAccepted>)>> = Mutex::new(BTreeMap::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..plan.clients {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(index) else { break };
                    if index == plan.submissions / 3 {
                        midway();
                    }
                    let got = submit_until_accepted(&tenants[job.tenant], job, faults, &tally);
                    answers
                        .lock()
                        .expect("answers")
                        .insert(job.key.clone(), (job.clone(), got));
                }
            });
        }
    });
    let submitting = PhaseFigures::from(
        tally.into_inner().expect("tally"),
        started.elapsed().as_secs_f64(),
    );
    let answers = answers.into_inner().expect("answers");

    let started = Instant::now();
    let tally = Mutex::new(Tally::default());
    let reviews: Vec<(usize, String)> = answers
        .values()
        .filter_map(|(job, got)| got.first().map(|answer| (job.tenant, answer.id.clone())))
        .collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..plan.clients {
            scope.spawn(|| {
                while let Some((tenant, review)) = reviews.get(next.fetch_add(1, Ordering::Relaxed))
                {
                    publish(&tenants[*tenant], review, faults, &tally);
                }
            });
        }
    });
    let publishing = PhaseFigures::from(
        tally.into_inner().expect("tally"),
        started.elapsed().as_secs_f64(),
    );
    LoadRun {
        plan,
        faults: faults.to_owned(),
        tenants,
        answers,
        submitting,
        publishing,
    }
}

/// A clean draft whose rating, recommendation and attribute scores vary with `i`, so the aggregates are not trivial.
fn draft(i: usize) -> Value {
    json!({
        "rating": 1 + i % 5,
        "attributes": { "fees": 1 + (i * 3) % 5, "service": 1 + (i * 7 + 2) % 5 },
        "would_recommend": !i.is_multiple_of(3),
        "title": "Load test review",
        "body": clean_body(),
        "nickname": "Load Client",
        "relationship": "client",
        "incentive": "none",
        "locale": "en",
        "terms_accepted": true
    })
}

/// Sends one request once (each from the next loopback address, so a client's retries never meet the per-visitor
/// limit); the dev proxy's own plain-text 503 counts as no answer.
fn attempt(request: reqwest::blocking::RequestBuilder, tally: &Mutex<Tally>) -> Attempt {
    let started = Instant::now();
    let outcome = request.send();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut tally = tally.lock().expect("tally");
    tally.attempts += 1;
    tally.latencies_ms.push(elapsed_ms);
    match outcome {
        Ok(response)
            if response.status() == StatusCode::SERVICE_UNAVAILABLE
                && header(&response, "Content-Type").starts_with("text/plain") =>
        {
            tally.no_answer += 1;
            Attempt::NoAnswer
        }
        Ok(response) => Attempt::Answered(response),
        Err(_) => {
            tally.no_answer += 1;
            Attempt::NoAnswer
        }
    }
}

/// Retries one submission with its key until it is accepted; then sends it once more without faults, which must
/// answer the same. Returns every distinct answer.
fn submit_until_accepted(
    tenant: &TestTenant,
    job: &Job,
    faults: &str,
    tally: &Mutex<Tally>,
) -> Vec<SubmitAccepted> {
    let path = format!("/v1/t/{}/products/{PRODUCT}/reviews", tenant.id);
    let body = job.draft.to_string();
    let request = |plan: &str| {
        edge()
            .request(Method::POST, &path)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", &job.key)
            .header(FAULTS, plan)
            .body(body.clone())
    };
    let mut answers: Vec<SubmitAccepted> = Vec::new();
    let mut plan = faults;
    let (mut answered, started) = (0, Instant::now());
    while answered < MAX_ATTEMPTS && started.elapsed() < PATIENCE {
        let Attempt::Answered(response) = attempt(request(plan), tally) else {
            std::thread::sleep(NO_ANSWER_PAUSE);
            continue;
        };
        answered += 1;
        match response.status() {
            StatusCode::ACCEPTED => {
                let answer: SubmitAccepted = response.json().expect("a 202 body");
                if !answers.contains(&answer) {
                    answers.push(answer);
                }
                if plan.is_empty() {
                    return answers;
                }
                plan = ""; // the late replay, without faults
            }
            StatusCode::SERVICE_UNAVAILABLE => tally.lock().expect("tally").unavailable += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                tally.lock().expect("tally").rate_limited += 1;
                std::thread::sleep(retry_after(&response));
            }
            status => {
                let text = response.text().unwrap_or_default();
                tally
                    .lock()
                    .expect("tally")
                    .unexpected
                    .push(format!("submission {}: {status} {text}", job.key));
                return answers;
            }
        }
    }
    answers
}

/// Compliance approves, then the owner approves; after a 503 or no answer the client reads the review's stage
/// before it decides again (staff writes carry no key: a committed decision must not be taken twice).
fn publish(tenant: &TestTenant, review: &str, faults: &str, tally: &Mutex<Tally>) {
    for (role, at, next) in [
        ("compliance", "compliance_review", "owner_review"),
        ("owner", "owner_review", "published"),
    ] {
        let mut decided = false;
        let (mut tries, started) = (0, Instant::now());
        while tries < MAX_ATTEMPTS && started.elapsed() < PATIENCE {
            tries += 1;
            let request = tenant
                .staff(
                    tenant.token(role),
                    Method::POST,
                    &format!("/v1/admin/reviews/{review}/decisions"),
                )
                .header(FAULTS, faults)
                .header("Content-Type", "application/json")
                .body(json!({ "decision": "approve" }).to_string());
            match attempt(request, tally) {
                Attempt::Answered(response) if response.status() == StatusCode::OK => {
                    decided = true;
                    break;
                }
                Attempt::Answered(response)
                    if response.status() != StatusCode::SERVICE_UNAVAILABLE =>
                {
                    let status = response.status();
                    let text = response.text().unwrap_or_default();
                    tally
                        .lock()
                        .expect("tally")
                        .unexpected
                        .push(format!("{role} on {review}: {status} {text}"));
                    return;
                }
                Attempt::Answered(_) => tally.lock().expect("tally").unavailable += 1,
                Attempt::NoAnswer => std::thread::sleep(NO_ANSWER_PAUSE),
            }
            match stage_of(tenant, review) {
                Some(stage) if stage == next => {
                    tally.lock().expect("tally").unknown_outcomes += 1;
                    decided = true;
                    break;
                }
                Some(stage) if stage == at => {}
                Some(stage) => {
                    tally
                        .lock()
                        .expect("tally")
                        .unexpected
                        .push(format!("{review} at {stage}, expected {at} or {next}"));
                    return;
                }
                None => std::thread::sleep(NO_ANSWER_PAUSE),
            }
        }
        if !decided {
            tally.lock().expect("tally").unexpected.push(format!(
                "{role} on {review}: no answer in {MAX_ATTEMPTS} attempts"
            ));
            return;
        }
    }
}

/// The review's stage as staff read it (without faults); `None` when the read got no answer.
fn stage_of(tenant: &TestTenant, review: &str) -> Option<String> {
    let response = tenant
        .staff(
            tenant.token("compliance"),
            Method::GET,
            &format!("/v1/admin/reviews/{review}"),
        )
        .send()
        .ok()?;
    if response.status() != StatusCode::OK {
        return None;
    }
    let review: Value = response.json().ok()?;
    review["stage"].as_str().map(str::to_owned)
}

impl LoadRun {
    /// Checks every guarantee and returns the figures; panics with the first broken one.
    /// - every accepted submission is stored exactly once, none is lost, no key got two answers;
    /// - each review's archive rows are exactly those of its path (submit, screening's pass, two approvals), one per
    ///   transition;
    /// - each tenant's published aggregates equal a rebuild from what the clients sent;
    /// - each tenant's chain verifies.
    pub fn check(&self) -> LoadReport {
        let mut report = LoadReport {
            sent: self.plan.submissions,
            ..LoadReport::default()
        };
        let problems: Vec<&String> = self
            .submitting
            .unexpected
            .iter()
            .chain(&self.publishing.unexpected)
            .collect();
        assert!(problems.is_empty(), "unexpected answers: {problems:#?}");

        let mut ids_by_tenant: Vec<HashMap<String, &Job>> =
            vec![HashMap::new(); self.tenants.len()];
        for (key, (job, answers)) in &self.answers {
            match answers.as_slice() {
                [] => report.lost += 1,
                [answer] => {
                    report.accepted += 1;
                    ids_by_tenant[job.tenant].insert(answer.id.clone(), job);
                }
                more => panic!("{key} got {} different answers: {more:?}", more.len()),
            }
        }
        report.lost += self.plan.submissions - self.answers.len();

        let mut wrong_paths: Vec<String> = Vec::new();
        for (index, tenant) in self.tenants.iter().enumerate() {
            let ids = &ids_by_tenant[index];
            let rows = ndjson(tenant, "");
            report.archive_rows += rows.len();
            assert_chain_intact(tenant, &rows);
            let mut per_review: HashMap<&str, Vec<(String, String, String)>> = HashMap::new();
            for row in &rows {
                if let Some(review) = row["review_id"].as_str() {
                    per_review.entry(review).or_default().push((
                        row["action"].as_str().unwrap_or_default().to_owned(),
                        row["from_stage"].as_str().unwrap_or_default().to_owned(),
                        row["to_stage"].as_str().unwrap_or_default().to_owned(),
                    ));
                }
            }
            let stored: HashSet<&str> = per_review
                .iter()
                .filter(|(_, moves)| moves.iter().any(|(action, _, _)| action == "submit"))
                .map(|(review, _)| *review)
                .collect();
            report.stored += stored.len();
            let known: HashSet<&str> = ids.keys().map(String::as_str).collect();
            assert_eq!(
                stored, known,
                "tenant {}: the stored reviews are exactly the accepted ones",
                tenant.id
            );
            for (review, moves) in &per_review {
                let submits = moves
                    .iter()
                    .filter(|(action, _, _)| action == "submit")
                    .count();
                report.duplicates += submits.saturating_sub(1);
                let mut path: Vec<(&str, &str, &str)> = moves
                    .iter()
                    .map(|(action, from, to)| (action.as_str(), from.as_str(), to.as_str()))
                    .collect();
                path.sort_unstable();
                if path != PUBLISHED_PATH {
                    wrong_paths.push(format!("{review}: {moves:?}"));
                }
            }
            report.published += per_review.len();
            assert_aggregates_equal_a_rebuild(tenant, ids.values().copied());
        }
        assert_eq!(report.duplicates, 0, "no review stored twice");
        assert!(
            wrong_paths.is_empty(),
            "one archive row per transition, exactly the published path: {wrong_paths:#?}"
        );
        assert_eq!(report.lost, 0, "no submission lost");
        report
    }

    /// The figures as one block of lines, for the test log and `cargo xtask soak`.
    pub fn print(&self, report: &LoadReport) {
        let phase = |name: &str, figures: &PhaseFigures| {
            println!(
                "  {name}: {} attempts in {:.1} s, {} retried after 503, {} without answer, {} rate limited, \
                 {} outcomes found committed after a 503; p50 {:.1} ms, p99 {:.1} ms",
                figures.attempts,
                figures.seconds,
                figures.unavailable,
                figures.no_answer,
                figures.rate_limited,
                figures.unknown_outcomes,
                figures.p50_ms,
                figures.p99_ms
            );
        };
        println!(
            "load under faults ({}): {} submissions from {} clients over {} tenants",
            if self.faults.is_empty() {
                "no storage faults"
            } else {
                &self.faults
            },
            self.plan.submissions,
            self.plan.clients,
            self.plan.tenants
        );
        println!(
            "  sent {}, accepted {}, stored {}, duplicates {}, lost {}, published {}, archive rows {} (chains intact)",
            report.sent,
            report.accepted,
            report.stored,
            report.duplicates,
            report.lost,
            report.published,
            report.archive_rows
        );
        phase("submitting", &self.submitting);
        phase("publishing", &self.publishing);
    }
}

/// The tenant's public summary (read past the cache) equals the aggregate rebuilt from the drafts the clients had
/// accepted, with the domain's own arithmetic: count, histogram, mean, would-recommend share and per attribute.
fn assert_aggregates_equal_a_rebuild<'a>(tenant: &TestTenant, jobs: impl Iterator<Item = &'a Job>) {
    let mut overall = Aggregate::default();
    let mut attributes: BTreeMap<String, Aggregate> = BTreeMap::new();
    for job in jobs {
        let rating =
            |value: &Value| Rating::new(value.as_i64().expect("a rating")).expect("1 to 5");
        let recommends = job.draft["would_recommend"] == true;
        overall.apply(rating(&job.draft["rating"]), recommends);
        for (key, score) in job.draft["attributes"].as_object().expect("attributes") {
            attributes
                .entry(key.clone())
                .or_default()
                .apply(rating(score), recommends);
        }
    }
    let response = edge().get_uncached(&format!("/v1/t/{}/products/{PRODUCT}/summary", tenant.id));
    assert_eq!(response.status(), StatusCode::OK);
    let summary: Summary = response.json().expect("a summary");
    let context = format!("tenant {}", tenant.id);
    assert_eq!(summary.count, overall.count, "{context}: count");
    assert_eq!(
        summary.histogram,
        Some(overall.histogram),
        "{context}: histogram"
    );
    assert_eq!(
        summary.would_recommend_percent,
        overall.would_recommend_percent(),
        "{context}: would recommend"
    );
    assert!(
        (summary.mean.unwrap_or_default() - overall.mean().unwrap_or_default()).abs() < 1e-9,
        "{context}: mean {:?} vs {:?}",
        summary.mean,
        overall.mean()
    );
    for score in &summary.attribute_scores {
        let expected = attributes.get(&score.key).copied().unwrap_or_default();
        assert_eq!(
            score.count, expected.count,
            "{context}: {} count",
            score.key
        );
        assert_eq!(
            score.histogram, expected.histogram,
            "{context}: {}",
            score.key
        );
    }
    assert_eq!(
        summary
            .attribute_scores
            .iter()
            .filter(|score| score.count > 0)
            .count(),
        attributes.len(),
        "{context}: every rated attribute has a score"
    );
}
