//! `cargo xtask seed`: the demo bank's state, built only through the edge's real HTTP API (never SQL) on an edge
//! started with the test hooks on: the operator API creates the tenant, the admin its people and tokens, the marketer
//! the catalogue; generated clients submit reviews from many loopback addresses at instants spread over 18 months
//! (`X-Candor-Test-Clock`); the demo people moderate them with their tokens.
//!
//! Everything is drawn from one fixed seed (`plan`), so two runs from empty give the same per-review outcomes,
//! counts and aggregates (`report`); only ids and wall-clock times differ. This file never starts or stops an edge:
//! `edge.rs` does, and restarts the demo without the hooks.

use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use candor_domain::archive::{AuditRow, ChainCheck, verify_chain};
use candor_domain::review::ReviewDraft;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use reqwest::Method;
use reqwest::blocking::Client;
use serde_json::{Value, json};

use crate::seed_text::{self as text, PRODUCTS, Tone};

/// The one seed every demo state is drawn from.
pub const SEED: u64 = 0x00C4_4D02_2026_1201;
/// The tenant the demo site embeds.
pub const TENANT: &str = "harbor";
/// Reviews at scale 1 (the issue asks for at least 1,500).
const REVIEWS_AT_SCALE_ONE: f64 = 1_700.0;
/// The reviews span this many days before the anchor (18 months).
const SPAN_DAYS: i64 = 548;
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The demo's origins: the edge itself on both loopback names, the console behind the Access stand-in
/// (127.0.0.1:8788), and the second origin the demo serves (localhost:8789, another site than the edge's).
pub const DEMO_ORIGINS: [&str; 4] = [
    "http://127.0.0.1:8787",
    "http://localhost:8787",
    "http://127.0.0.1:8788",
    "http://localhost:8789",
];
/// The demo's people: role, display name (e-mail `<role>@harbor.example`). The admin is the tenant's first admin.
pub const DEMO_STAFF: [(&str, &str); 5] = [
    ("moderator", "Mia Moderator"),
    ("compliance", "Colin Compliance"),
    ("owner", "Olivia Owner"),
    ("admin", "Adam Admin"),
    ("marketer", "Maya Marketer"),
];
/// Loopback client addresses 127.0.0.2 ..= 127.0.0.254: each a visitor of its own to the per-address rate limit.
const VISITOR_ADDRESSES: usize = 253;
/// How many clients walk reviews at once. Every archived write appends to the tenant's one hash chain, so more
/// clients only lose the chain head more often: measured at scale 0.1, 8 clients took 135 s (624 lost heads, p50
/// write 1 s), 2 clients 30 s (none lost, p50 66 ms).
const WORKERS: usize = 2;
/// An active-trader outage: these days before the anchor bring a burst of low ratings and complaints.
const OUTAGE_DAYS: std::ops::Range<i64> = 250..262;

/// What a review's text carries beyond an ordinary experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Clean,
    /// Complaint language: held by screening, a case opened automatically; a moderator passes it.
    Complaint,
    /// A phone number or e-mail: held; a moderator rejects it (`personal_information`).
    Personal,
    Profanity,
    Promotion,
    /// Passes screening; compliance rejects it with this reason.
    Compliance(&'static str),
}

/// Where staff stop with a review: every queue keeps a few recent items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Walked through every stage it can reach.
    Done,
    /// Left waiting at screening (if held), compliance review or owner review.
    AtScreening,
    AtCompliance,
    AtOwner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseFate {
    Open,
    InProgress,
    Resolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseFate {
    Approved,
    Pending,
    Rejected,
}

/// One generated client review and everything that happens to it.
#[derive(Debug, Clone)]
struct Planned {
    key: String,
    product: usize,
    /// Milliseconds before the anchor.
    ago_ms: i64,
    draft: ReviewDraft,
    kind: Kind,
    stop: Stop,
    /// Compliance rejects an ordinary review (e.g. a non-client's) with this reason.
    compliance_reject: Option<&'static str>,
    owner_reject: bool,
    withdraw: bool,
    /// Visitors' reports (reason codes) and what compliance does: `Some(reason)` rejects, `None` clears; not at all
    /// when `flag_left_open`.
    flags: Vec<&'static str>,
    flag_reject: Option<&'static str>,
    flag_left_open: bool,
    helpful: usize,
    response: Option<(ResponseFate, usize)>,
    staff_case: bool,
    case_fate: CaseFate,
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.gen_bool(p.clamp(0.0, 1.0))
}

fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut draw = rng.gen_range(0..total);
    for (index, weight) in weights.iter().enumerate() {
        if draw < *weight {
            return index;
        }
        draw -= weight;
    }
    weights.len() - 1
}

/// How many reviews a scale stands for (at least 40, so every queue and outcome appears).
pub fn review_count(scale: f64) -> usize {
    ((REVIEWS_AT_SCALE_ONE * scale).round() as usize).max(40)
}

/// The whole demo, drawn from `SEED`: the same scale always gives the same reviews and fates, oldest first.
fn plan(scale: f64) -> Vec<Planned> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let count = review_count(scale);
    // Volume grows over the 18 months, with a review campaign about five months ago.
    let day_weights: Vec<u32> = (0..SPAN_DAYS)
        .map(|ago| {
            let growth = 60 + (SPAN_DAYS - ago) * 80 / SPAN_DAYS;
            let campaign = if (140..161).contains(&ago) { 90 } else { 0 };
            (growth + campaign) as u32
        })
        .collect();
    let shares: Vec<u32> = PRODUCTS.iter().map(|product| product.share).collect();
    let mut bodies: Vec<HashSet<String>> = vec![HashSet::new(); PRODUCTS.len()];
    let mut reviews: Vec<Planned> = (0..count)
        .map(|_| {
            // At least two hours old: every staff decision falls between the submission and the anchor.
            let ago_day = weighted(&mut rng, &day_weights) as i64;
            let ago_ms = ago_day * DAY_MS + 2 * HOUR_MS + rng.gen_range(0..14 * HOUR_MS);
            let product = weighted(&mut rng, &shares);
            generate(&mut rng, product, ago_ms, &mut bodies[product])
        })
        .collect();
    reviews.sort_by_key(|review| std::cmp::Reverse(review.ago_ms));
    for (index, review) in reviews.iter_mut().enumerate() {
        review.key = format!("demo-seed-{SEED:x}-{index:05}");
    }
    leave_recent_ones_in_queues(&mut reviews);
    reviews
}

/// The newest reviews stay in the queues, a few at each stage, as in a live programme.
fn leave_recent_ones_in_queues(reviews: &mut [Planned]) {
    let in_flight = (reviews.len() / 80).max(12);
    let start = reviews.len() - in_flight;
    for (turn, review) in reviews[start..].iter_mut().enumerate() {
        review.stop = match turn % 6 {
            0 => Stop::AtScreening,
            1 | 4 => Stop::AtCompliance,
            2 | 5 => Stop::AtOwner,
            _ => Stop::Done,
        };
        if turn % 6 == 0 {
            // Held for a person: complaint language in a critical review, otherwise a phone number or e-mail.
            review.kind = if review.draft.rating.is_some_and(|rating| rating <= 3) {
                Kind::Complaint
            } else {
                Kind::Personal
            };
            let zh = review.draft.locale == "zh-CN";
            let extra = if review.kind == Kind::Complaint {
                text::complaints(zh)[turn % 4]
            } else {
                text::personal_details(zh)[turn % 2]
            };
            review.draft.body = join(&[&review.draft.body, extra], zh);
        }
        review.withdraw = false;
        review.compliance_reject = None;
        review.owner_reject = false;
        if turn % 6 == 3 {
            // Published lately: one reported and waiting for compliance, one answer waiting for the owner.
            review.flags = vec!["off_topic"];
            review.flag_left_open = true;
            review.response = Some((ResponseFate::Pending, 0));
        }
    }
}

fn join(parts: &[&str], zh: bool) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| !part.is_empty())
        .collect();
    parts.join(if zh { "" } else { " " })
}

/// One client's review of `product`: rating, attribute scores that follow it, words from the templates.
fn generate(
    rng: &mut ChaCha8Rng,
    product: usize,
    ago_ms: i64,
    seen: &mut HashSet<String>,
) -> Planned {
    let spec = &PRODUCTS[product];
    let outage = spec.slug == "active-trader" && OUTAGE_DAYS.contains(&(ago_ms / DAY_MS));
    let stars = if outage {
        [30, 22, 18, 16, 14]
    } else {
        spec.stars
    };
    let rating = weighted(rng, &stars) as u8 + 1;
    let tone = Tone::of(rating);
    let zh = chance(rng, 0.26);
    let mut attributes = BTreeMap::new();
    for attribute in spec.attributes {
        if chance(rng, 0.85) {
            let bias = match (spec.slug, attribute.key) {
                ("active-trader", "fees") | ("checking", "mobile_app") => -0.4,
                ("high-yield-savings", "interest_rates") | (_, "trading_platform") => 0.3,
                _ => 0.0,
            };
            let noise: f64 = rng.gen_range(-1.2..1.2);
            let score = (f64::from(rating) + bias + noise).round().clamp(1.0, 5.0) as i64;
            attributes.insert(attribute.key.to_owned(), score);
        }
    }
    let recommend_odds = [0.03, 0.12, 0.45, 0.86, 0.97][usize::from(rating - 1)];
    let would_recommend = chance(rng, recommend_odds);

    let roll: f64 = rng.r#gen();
    let complaint_odds = match (tone, outage) {
        (Tone::Negative, true) => 0.5,
        (Tone::Negative, false) => 0.2,
        (Tone::Mixed, _) => 0.04,
        (Tone::Positive, _) => 0.0,
    };
    let kind = if roll < 0.012 {
        Kind::Personal
    } else if roll < 0.018 && tone == Tone::Negative {
        Kind::Profanity
    } else if roll < 0.024 {
        Kind::Promotion
    } else if roll < 0.044 {
        Kind::Compliance(pick(rng, text::compliance_problems(zh)).0)
    } else if rng.gen_bool(complaint_odds) {
        Kind::Complaint
    } else {
        Kind::Clean
    };

    // The words: an opener, what the client did, one or two attribute remarks, a closer; unique per product.
    let body = loop {
        let context = if zh {
            pick(rng, spec.context_zh)
        } else {
            pick(rng, spec.context_en)
        };
        let context = if zh {
            format!("{context}。")
        } else {
            format!("{context}.")
        };
        let mut remarks = Vec::new();
        let mut keys: Vec<&str> = spec.attributes.iter().map(|a| a.key).collect();
        keys.shuffle(rng);
        for (turn, key) in keys.iter().take(rng.gen_range(1..=3)).enumerate() {
            let good = match tone {
                Tone::Positive => chance(rng, 0.9),
                Tone::Negative => chance(rng, 0.1),
                Tone::Mixed => turn % 2 == 0,
            };
            let (en, zh_remarks) = text::attribute_remark(key, good);
            remarks.push(if zh {
                *pick(rng, zh_remarks)
            } else {
                *pick(rng, en)
            });
        }
        let extra = match kind {
            Kind::Clean => "",
            Kind::Complaint => pick(rng, text::complaints(zh)),
            Kind::Personal => pick(rng, text::personal_details(zh)),
            Kind::Profanity => pick(rng, text::profanities(zh)),
            Kind::Promotion => pick(rng, text::promotions(zh)),
            Kind::Compliance(reason) => text::compliance_problems(zh)
                .iter()
                .find(|(code, _)| *code == reason)
                .map(|(_, sentence)| *sentence)
                .unwrap_or_default(),
        };
        let mut parts = vec![
            *pick(rng, text::openers(tone, zh)),
            *pick(rng, text::tenures(zh)),
            context.as_str(),
        ];
        parts.extend(remarks);
        parts.push(extra);
        parts.push(*pick(rng, text::closers(tone, zh)));
        let body = join(&parts, zh);
        if seen.insert(body.clone()) {
            break body;
        }
    };
    let relationship = match rng.gen_range(0..100) {
        0..=4 => "employee",
        5..=10 => "non_client",
        _ => "client",
    };
    let incentive = match rng.gen_range(0..100) {
        0..=3 => "sweepstakes",
        4..=7 => "discount",
        8..=9 => "free_product",
        10 => "payment",
        _ => "none",
    };
    let segment = chance(rng, 0.6).then(|| (*pick(rng, text::segments(zh))).to_owned());
    let draft = ReviewDraft {
        rating: Some(i64::from(rating)),
        attributes,
        would_recommend: Some(would_recommend),
        title: (*pick(rng, text::titles(tone, zh))).to_owned(),
        body,
        nickname: (*pick(rng, text::nicknames(zh))).to_owned(),
        segment,
        relationship: relationship.to_owned(),
        incentive: incentive.to_owned(),
        locale: if zh { "zh-CN" } else { "en" }.to_owned(),
        contact_email: None,
        contact_consent: false,
        terms_accepted: true,
    };

    let compliance_reject =
        (relationship == "non_client" && chance(rng, 0.35)).then_some("not_a_client_experience");
    let flagged = chance(rng, 0.05);
    let flags: Vec<&'static str> = if flagged {
        (0..rng.gen_range(1..=3))
            .map(|_| {
                *pick(
                    rng,
                    &[
                        "off_topic",
                        "spam_or_advertising",
                        "not_a_client_experience",
                        "impersonation",
                    ],
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let flag_roll = rng.gen_range(0..10);
    let response_odds = match tone {
        Tone::Negative => 0.35,
        Tone::Mixed => 0.12,
        Tone::Positive => 0.03,
    };
    let response = chance(rng, response_odds).then(|| {
        let fate = match rng.gen_range(0..100) {
            0..=3 => ResponseFate::Rejected,
            4..=7 => ResponseFate::Pending,
            _ => ResponseFate::Approved,
        };
        (fate, rng.gen_range(0..3))
    });
    Planned {
        key: String::new(),
        product,
        ago_ms,
        draft,
        kind,
        stop: Stop::Done,
        compliance_reject,
        owner_reject: chance(rng, 0.005),
        withdraw: chance(rng, 0.004),
        flag_reject: (flag_roll < 2).then(|| flags.first().copied()).flatten(),
        flag_left_open: flag_roll == 9,
        flags,
        helpful: if chance(rng, 0.15) {
            rng.gen_range(1..=4)
        } else {
            0
        },
        response,
        staff_case: tone == Tone::Negative && chance(rng, 0.12),
        case_fate: match rng.gen_range(0..10) {
            0 => CaseFate::Open,
            1..=2 => CaseFate::InProgress,
            _ => CaseFate::Resolved,
        },
    }
}

/// The edge's HTTP API as the seed uses it: visitors from many loopback addresses, staff with their tokens, each
/// request at an instant of the seed's timeline (`X-Candor-Test-Clock`).
pub struct Api {
    base: String,
    visitors: Vec<OnceLock<Client>>,
    staff: Client,
}

/// A failed call: status and the edge's error body.
fn failure(method: &Method, path: &str, status: u16, body: &str) -> anyhow::Error {
    anyhow::anyhow!("{method} {path} answered {status}: {body}")
}

impl Api {
    pub fn new(base: &str) -> Result<Api> {
        Ok(Api {
            base: base.trim_end_matches('/').to_owned(),
            visitors: (0..VISITOR_ADDRESSES).map(|_| OnceLock::new()).collect(),
            staff: client(None)?,
        })
    }

    fn visitor(&self, index: usize) -> Result<&Client> {
        let slot = &self.visitors[index % VISITOR_ADDRESSES];
        if let Some(client) = slot.get() {
            return Ok(client);
        }
        let last = u8::try_from(index % VISITOR_ADDRESSES + 2)?;
        let built = client(Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))))?;
        Ok(slot.get_or_init(|| built))
    }

    /// Sends one request and returns the status and JSON body. A 429 or 503 is retried after its `retry_after`
    /// (with the same Idempotency-Key, so nothing is stored twice), a dropped connection after a short pause.
    fn send(
        &self,
        client: &Client,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<(u16, Value)> {
        let url = format!("{}{path}", self.base);
        let mut last_error = String::new();
        for attempt in 0..12u64 {
            let mut request = client.request(method.clone(), &url);
            for (name, value) in headers {
                request = request.header(*name, value);
            }
            if let Some(body) = body {
                request = request
                    .header("Content-Type", "application/json")
                    .body(body.to_string());
            }
            match request.send() {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let text = response.text().unwrap_or_default();
                    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                    if status == 429 || status == 503 {
                        let wait = value["error"]["retry_after"].as_u64().unwrap_or(1).max(1);
                        last_error = format!("{status}: {text}");
                        std::thread::sleep(Duration::from_secs(wait));
                        continue;
                    }
                    if !(200..300).contains(&status) {
                        return Err(failure(&method, path, status, &text));
                    }
                    return Ok((status, value));
                }
                Err(error) => {
                    last_error = error.to_string();
                    std::thread::sleep(Duration::from_millis(200 * (attempt + 1)));
                }
            }
        }
        bail!("{method} {path} kept failing: {last_error}")
    }

    /// A staff call with `token`, handled at `at` when given.
    fn staff(
        &self,
        token: &str,
        method: Method,
        path: &str,
        at: Option<i64>,
        body: Option<&Value>,
    ) -> Result<Value> {
        let mut headers = vec![("Authorization", format!("Bearer {token}"))];
        if let Some(at) = at {
            headers.push(("X-Candor-Test-Clock", at.to_string()));
        }
        Ok(self.send(&self.staff, method, path, &headers, body)?.1)
    }

    /// A public write from visitor address `visitor`, handled at `at`.
    fn public(
        &self,
        visitor: usize,
        path: &str,
        at: i64,
        extra: &[(&str, String)],
        body: &Value,
    ) -> Result<Value> {
        let mut headers = vec![("X-Candor-Test-Clock", at.to_string())];
        headers.extend(extra.iter().cloned());
        Ok(self
            .send(
                self.visitor(visitor)?,
                Method::POST,
                path,
                &headers,
                Some(body),
            )?
            .1)
    }

    /// Every row of the tenant's archive, oldest first (the admin's NDJSON export).
    fn archive(&self, admin: &str) -> Result<Vec<AuditRow>> {
        let response = self
            .staff
            .get(format!("{}/v1/admin/audit?format=ndjson", self.base))
            .header("Authorization", format!("Bearer {admin}"))
            .send()?;
        if !response.status().is_success() {
            bail!("the archive export answered {}", response.status());
        }
        response
            .text()?
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str(line).context("an archive row"))
            .collect()
    }
}

fn client(address: Option<IpAddr>) -> Result<Client> {
    // A fresh connection per request: the local runtime resets idle kept-alive connections under the next request.
    let builder = Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(60))
        .local_address(address);
    Ok(builder.build()?)
}

/// The demo people's tokens, by role: `(role, display name, token)`.
pub struct Staff {
    pub tokens: Vec<(String, String, String)>,
}

impl Staff {
    fn token(&self, role: &str) -> &str {
        self.tokens
            .iter()
            .find(|(r, _, _)| r == role)
            .map(|(_, _, token)| token.as_str())
            .unwrap_or_default()
    }

    /// The tokens file the demo prints (`.candor/demo-tokens.txt`).
    pub fn file_text(&self) -> String {
        let mut file = String::from(
            "# Staff tokens of the local demo tenant 'harbor' (created by cargo xtask seed; valid 365 days).\n\
             # Use as `Authorization: Bearer <token>` on /v1/admin/*. Local demo only: never reuse these anywhere.\n",
        );
        for (role, person, token) in &self.tokens {
            file.push_str(&format!("{role:<11} {person:<17} {token}\n"));
        }
        file
    }
}

/// What a seed run did: the people's tokens, and each review's idempotency key with the id the edge gave it.
pub struct Seeded {
    pub staff: Staff,
    pub reviews: Vec<(String, String)>,
    pub elapsed: Duration,
}

/// Creates the tenant, its people and catalogue, and the reviews of `scale` with their moderation, through the API
/// of the edge at `base` (test hooks on). `anchor_ms` is "now" of the timeline: the newest review is a few hours
/// before it.
pub fn populate(base: &str, platform_key: &str, scale: f64, anchor_ms: i64) -> Result<Seeded> {
    let started = Instant::now();
    let api = Api::new(base)?;
    let staff = create_tenant(&api, platform_key)?;
    create_catalogue(&api, &staff)?;
    let reviews = plan(scale);
    eprintln!(
        "xtask: seeding {} reviews through {base} (scale {scale})",
        reviews.len()
    );
    // Several clients at once, each taking the next review: every review's outcome depends on its own plan only
    // (bodies are unique per product, so duplicate screening never compares two of them), never on the order.
    let next = AtomicUsize::new(0);
    let outcomes: Vec<Result<Vec<(String, String)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let (api, staff, reviews, next) = (&api, &staff, &reviews, &next);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(review) = reviews.get(index) else {
                            return Ok(done);
                        };
                        let id = walk(api, staff, index, review, anchor_ms)
                            .with_context(|| format!("review {}", review.key))?;
                        done.push((review.key.clone(), id));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a seed worker panicked")))
            })
            .collect()
    });
    let mut done = Vec::new();
    for outcome in outcomes {
        done.extend(outcome?);
    }
    Ok(Seeded {
        staff,
        reviews: done,
        elapsed: started.elapsed(),
    })
}

fn create_tenant(api: &Api, platform_key: &str) -> Result<Staff> {
    let created = api.staff(
        platform_key,
        Method::POST,
        "/v1/platform/tenants",
        None,
        Some(&json!({
            "id": TENANT,
            "name": "Harbor Federal",
            "allowed_origins": DEMO_ORIGINS,
            "first_admin": { "email": "admin@harbor.example", "display_name": "Adam Admin" },
        })),
    )?;
    let bootstrap = created["token"]["token"]
        .as_str()
        .context("the operator API's answer has the first admin's token")?
        .to_owned();
    let bootstrap_id = created["token"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let admin_id = created["admin"]["id"]
        .as_str()
        .context("the operator API's answer has the first admin")?
        .to_owned();
    let mut tokens = Vec::new();
    for (role, name) in DEMO_STAFF {
        let person_id = if role == "admin" {
            admin_id.clone()
        } else {
            let person = api.staff(
                &bootstrap,
                Method::POST,
                "/v1/admin/people",
                None,
                Some(&json!({ "email": format!("{role}@harbor.example"), "display_name": name, "role": role })),
            )?;
            person["id"].as_str().context("a person id")?.to_owned()
        };
        let issued = api.staff(
            &bootstrap,
            Method::POST,
            "/v1/admin/tokens",
            None,
            Some(&json!({ "person_id": person_id, "expires_in_days": 365 })),
        )?;
        let token = issued["token"].as_str().context("a token")?.to_owned();
        tokens.push((role.to_owned(), name.to_owned(), token));
    }
    let staff = Staff { tokens };
    // The operator's 30-day bootstrap token is no longer needed: the admin's own token revokes it.
    if !bootstrap_id.is_empty() {
        api.staff(
            staff.token("admin"),
            Method::DELETE,
            &format!("/v1/admin/tokens/{bootstrap_id}"),
            None,
            None,
        )?;
    }
    let mut settings = api.staff(
        staff.token("admin"),
        Method::GET,
        "/v1/admin/settings",
        None,
        None,
    )?;
    settings["allowed_origins"] = json!(DEMO_ORIGINS);
    settings["access_audience"] = json!(crate::edge::DEMO_AUDIENCE);
    api.staff(
        staff.token("admin"),
        Method::PUT,
        "/v1/admin/settings",
        None,
        Some(&settings),
    )?;
    Ok(staff)
}

fn create_catalogue(api: &Api, staff: &Staff) -> Result<()> {
    let marketer = staff.token("marketer");
    let post = |path: &str, body: Value| api.staff(marketer, Method::POST, path, None, Some(&body));
    for (id, name) in text::LINES {
        post("/v1/admin/product-lines", json!({ "id": id, "name": name }))?;
    }
    for product in &PRODUCTS {
        post(
            "/v1/admin/products",
            json!({ "id": product.slug, "line_id": product.line, "name": product.name }),
        )?;
        for (position, attribute) in product.attributes.iter().enumerate() {
            post(
                "/v1/admin/attributes",
                json!({
                    "product": product.slug, "key": attribute.key, "label_en": attribute.label_en,
                    "label_zh": attribute.label_zh, "position": position + 1,
                }),
            )?;
        }
        api.staff(
            marketer,
            Method::PATCH,
            &format!("/v1/admin/products/{}", product.slug),
            None,
            Some(&json!({ "cta": {
                "label": { "en": product.cta_en, "zh-CN": product.cta_zh },
                "url": format!("http://127.0.0.1:8787/demo/open/{}.html", product.slug),
            }})),
        )?;
    }
    api.staff(
        marketer,
        Method::PUT,
        "/v1/admin/disclosure",
        None,
        Some(&json!({ "texts": { "en": text::DISCLOSURE_EN, "zh-CN": text::DISCLOSURE_ZH } })),
    )?;
    Ok(())
}

/// One review's life: submitted by its client, then moderated by the demo people as its plan says. Returns its id.
fn walk(
    api: &Api,
    staff: &Staff,
    index: usize,
    review: &Planned,
    anchor_ms: i64,
) -> Result<String> {
    let submitted_at = anchor_ms - review.ago_ms;
    // Staff act hours to days later, but before the anchor: the newest reviews' steps fall a second apart.
    let mut step = 0;
    let mut next = |hours: i64| {
        step += 1;
        (submitted_at + hours * HOUR_MS)
            .min(anchor_ms - 60_000)
            .max(submitted_at + step * 1_000)
    };
    let product = PRODUCTS[review.product].slug;
    let accepted = api.public(
        index,
        &format!("/v1/t/{TENANT}/products/{product}/reviews"),
        submitted_at,
        &[("Idempotency-Key", review.key.clone())],
        &serde_json::to_value(&review.draft)?,
    )?;
    let id = accepted["id"].as_str().context("a review id")?.to_owned();
    let mut stage = accepted["status"].as_str().unwrap_or_default().to_owned();
    let decide = |role: &str, at: i64, decision: &str, reason: Option<&str>| -> Result<String> {
        let mut body = json!({ "decision": decision });
        if let Some(reason) = reason {
            body["reason_code"] = json!(reason);
        }
        let taken = api.staff(
            staff.token(role),
            Method::POST,
            &format!("/v1/admin/reviews/{id}/decisions"),
            Some(at),
            Some(&body),
        )?;
        Ok(taken["stage"].as_str().unwrap_or_default().to_owned())
    };

    // The author changes their mind before staff decide (a review the screener rejected can no longer be withdrawn).
    if review.withdraw && stage != "rejected" {
        let token = accepted["status_token"].as_str().unwrap_or_default();
        api.public(
            index,
            &format!("/v1/t/{TENANT}/reviews/{id}/withdraw"),
            next(20),
            &[("Authorization", format!("Bearer {token}"))],
            &json!({}),
        )?;
        return Ok(id);
    }
    if stage == "screening" {
        if review.stop == Stop::AtScreening {
            return Ok(id);
        }
        let reason = match review.kind {
            Kind::Personal => Some("personal_information"),
            Kind::Profanity => Some("profanity"),
            Kind::Promotion => Some("spam_or_advertising"),
            _ => None,
        };
        stage = match reason {
            Some(reason) => decide("moderator", next(3), "reject", Some(reason))?,
            None => decide("moderator", next(3), "pass", None)?,
        };
    }
    if stage == "compliance_review" {
        if review.stop == Stop::AtCompliance {
            return Ok(id);
        }
        let reason = match review.kind {
            Kind::Compliance(reason) => Some(reason),
            _ => review.compliance_reject,
        };
        stage = match reason {
            Some(reason) => decide("compliance", next(26), "reject", Some(reason))?,
            None => decide("compliance", next(26), "approve", None)?,
        };
    }
    if stage == "owner_review" {
        if review.stop == Stop::AtOwner {
            return Ok(id);
        }
        stage = if review.owner_reject {
            decide("owner", next(50), "reject", Some("legal_or_compliance"))?
        } else {
            decide("owner", next(50), "approve", None)?
        };
    }
    if stage == "published" {
        after_publication(api, staff, index, review, &id, &mut next)?;
    }
    Ok(id)
}

/// Helpful votes, visitors' reports and compliance's answer to them, the firm's response, customer-service cases.
fn after_publication(
    api: &Api,
    staff: &Staff,
    index: usize,
    review: &Planned,
    id: &str,
    next: &mut impl FnMut(i64) -> i64,
) -> Result<()> {
    let zh = review.draft.locale == "zh-CN";
    for vote in 0..review.helpful {
        api.public(
            index * 7 + 13 + vote * 31,
            &format!("/v1/t/{TENANT}/reviews/{id}/helpful"),
            next(60 + vote as i64 * 24),
            &[],
            &json!({}),
        )?;
    }
    if let Some((fate, which)) = review.response {
        let drafted = api.staff(
            staff.token("compliance"),
            Method::POST,
            &format!("/v1/admin/reviews/{id}/responses"),
            Some(next(70)),
            Some(&json!({ "body": text::firm_responses(zh)[which % text::firm_responses(zh).len()] })),
        )?;
        let response_id = drafted["id"].as_str().context("a response id")?;
        let decision = match fate {
            ResponseFate::Approved => Some("approve"),
            ResponseFate::Rejected => Some("reject"),
            ResponseFate::Pending => None,
        };
        if let Some(decision) = decision {
            api.staff(
                staff.token("owner"),
                Method::POST,
                &format!("/v1/admin/responses/{response_id}/decisions"),
                Some(next(90)),
                Some(&json!({ "decision": decision })),
            )?;
        }
    }
    // A case: opened by the screener on complaint language, or by compliance on a harsh review.
    let mut case = None;
    if review.kind == Kind::Complaint {
        let record = api.staff(
            staff.token("compliance"),
            Method::GET,
            &format!("/v1/admin/reviews/{id}"),
            None,
            None,
        )?;
        case = record["escalations"]
            .as_array()
            .and_then(|cases| cases.first())
            .cloned();
    } else if review.staff_case {
        case = Some(api.staff(
            staff.token("compliance"),
            Method::POST,
            &format!("/v1/admin/reviews/{id}/escalations"),
            Some(next(75)),
            Some(&json!({ "note": "Client unhappy with the product; please call back." })),
        )?);
    }
    if let Some(case) = case
        && review.case_fate != CaseFate::Open
    {
        let case_id = case["id"].as_str().context("a case id")?;
        let updated = api.staff(
            staff.token("moderator"),
            Method::PATCH,
            &format!("/v1/admin/escalations/{case_id}"),
            Some(next(80)),
            Some(&json!({
                "status": "in_progress", "assignee": "Client service desk", "version": case["version"],
            })),
        )?;
        if review.case_fate == CaseFate::Resolved {
            api.staff(
                staff.token("moderator"),
                Method::PATCH,
                &format!("/v1/admin/escalations/{case_id}"),
                Some(next(140)),
                Some(&json!({
                    "status": "resolved", "note": "Called the client back; resolved.", "version": updated["version"],
                })),
            )?;
        }
    }
    for (turn, reason) in review.flags.iter().enumerate() {
        api.public(
            index * 11 + 5 + turn * 37,
            &format!("/v1/t/{TENANT}/reviews/{id}/flags"),
            next(100 + turn as i64 * 12),
            &[],
            &json!({ "reason": reason }),
        )?;
    }
    if !review.flags.is_empty() && !review.flag_left_open {
        let body = match review.flag_reject {
            Some(reason) => json!({ "decision": "reject", "reason_code": reason }),
            None => json!({ "decision": "clear_flag" }),
        };
        api.staff(
            staff.token("compliance"),
            Method::POST,
            &format!("/v1/admin/reviews/{id}/decisions"),
            Some(next(130)),
            Some(&body),
        )?;
    }
    Ok(())
}

/// Reviews per product and stage, as staff see them now (`GET /v1/admin/reviews`, all pages).
pub fn stage_counts(base: &str, staff: &Staff) -> Result<BTreeMap<String, BTreeMap<String, u64>>> {
    let api = Api::new(base)?;
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for item in all_reviews(&api, staff)? {
        let product = item["product"].as_str().unwrap_or_default().to_owned();
        let stage = item["stage"].as_str().unwrap_or_default().to_owned();
        *counts.entry(product).or_default().entry(stage).or_default() += 1;
    }
    Ok(counts)
}

fn all_reviews(api: &Api, staff: &Staff) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/v1/admin/reviews?limit=100&cursor={cursor}"),
            None => "/v1/admin/reviews?limit=100".to_owned(),
        };
        let page = api.staff(staff.token("compliance"), Method::GET, &path, None, None)?;
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return Ok(items),
        }
    }
}

/// Prints the counts per product and stage, and the time the seed took.
pub fn print_counts(counts: &BTreeMap<String, BTreeMap<String, u64>>, elapsed: Duration) {
    let stages = [
        "screening",
        "compliance_review",
        "owner_review",
        "published",
        "rejected",
        "withdrawn",
    ];
    println!(
        "  {:<20}{:>10}{:>12}{:>8}{:>11}{:>10}{:>11}{:>8}",
        "product",
        "screening",
        "compliance",
        "owner",
        "published",
        "rejected",
        "withdrawn",
        "total"
    );
    let mut totals = [0u64; 6];
    for (product, by_stage) in counts {
        let row: Vec<u64> = stages
            .iter()
            .map(|stage| by_stage.get(*stage).copied().unwrap_or(0))
            .collect();
        for (total, value) in totals.iter_mut().zip(&row) {
            *total += value;
        }
        println!(
            "  {product:<20}{:>10}{:>12}{:>8}{:>11}{:>10}{:>11}{:>8}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row.iter().sum::<u64>()
        );
    }
    println!(
        "  {:<20}{:>10}{:>12}{:>8}{:>11}{:>10}{:>11}{:>8}",
        "all",
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[4],
        totals[5],
        totals.iter().sum::<u64>()
    );
    println!("  seeded in {:.1} s", elapsed.as_secs_f64());
}

/// What two runs from empty must agree on: per product the public summary and the stage counts, and per review
/// (by idempotency key, never by id) its stage, reason, flags, findings, helpful votes, cases and responses.
pub fn report(base: &str, seeded: &Seeded) -> Result<Value> {
    let api = Api::new(base)?;
    let staff = &seeded.staff;
    let mut products = serde_json::Map::new();
    for product in &PRODUCTS {
        let (_, summary) = api.send(
            &api.staff,
            Method::GET,
            &format!("/v1/t/{TENANT}/products/{}/summary", product.slug),
            &[("X-Candor-Test-Bypass-Cache", "1".to_owned())],
            None,
        )?;
        products.insert(product.slug.to_owned(), summary);
    }
    let counts = stage_counts(base, staff)?;
    let mut reviews = serde_json::Map::new();
    for (key, id) in &seeded.reviews {
        let record = api.staff(
            staff.token("compliance"),
            Method::GET,
            &format!("/v1/admin/reviews/{id}"),
            None,
            None,
        )?;
        let findings: Vec<String> = record["findings"]
            .as_array()
            .map(|findings| {
                findings
                    .iter()
                    .map(|finding| finding["kind"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let statuses = |field: &str| -> Vec<String> {
            let mut list: Vec<String> = record[field]
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|row| row["status"].as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            list.sort();
            list
        };
        reviews.insert(
            key.clone(),
            json!({
                "product": record["product"], "stage": record["stage"], "reason": record["reason_code"],
                "flagged": record["flagged"], "flags": record["flags"].as_array().map(Vec::len),
                "helpful": record["helpful"], "findings": findings,
                "cases": statuses("escalations"), "responses": statuses("responses"),
                "rating": record["rating"], "title": record["title"],
            }),
        );
    }
    Ok(json!({
        "products": products,
        "stages": counts,
        "reviews": reviews,
    }))
}

/// Checks the tenant's archive chain from its first row, as the console does.
pub fn check_chain(base: &str, staff: &Staff) -> Result<ChainCheck> {
    let api = Api::new(base)?;
    let rows = api.archive(staff.token("admin"))?;
    Ok(verify_chain(TENANT, &rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_domain::screening::{ScreeningOutcome, screen};

    #[test]
    fn the_plan_is_the_same_every_time_and_large_enough() {
        let first = plan(1.0);
        let second = plan(1.0);
        assert!(first.len() >= 1_500);
        assert_eq!(first.len(), second.len());
        for (a, b) in first.iter().zip(&second) {
            assert_eq!((&a.key, &a.draft, a.ago_ms), (&b.key, &b.draft, b.ago_ms));
        }
    }

    #[test]
    fn every_planned_review_is_valid_and_only_the_planted_ones_are_held() {
        let mut held_clean = Vec::new();
        for review in plan(1.0) {
            let attributes: Vec<&str> = PRODUCTS[review.product]
                .attributes
                .iter()
                .map(|a| a.key)
                .collect();
            let valid = review
                .draft
                .validate(&attributes)
                .unwrap_or_else(|errors| panic!("{} is invalid: {errors:?}", review.key));
            let outcome = screen(&valid, &[]);
            match review.kind {
                Kind::Clean | Kind::Compliance(_) => {
                    if outcome != ScreeningOutcome::Pass {
                        held_clean.push((review.draft.body.clone(), outcome));
                    }
                }
                _ => assert_ne!(outcome, ScreeningOutcome::Pass, "{}", review.draft.body),
            }
        }
        assert!(held_clean.is_empty(), "{held_clean:#?}");
    }

    #[test]
    fn the_plan_has_low_ratings_both_languages_and_every_queue() {
        let reviews = plan(0.1);
        let low = reviews
            .iter()
            .filter(|r| r.draft.rating.is_some_and(|rating| rating <= 2))
            .count();
        assert!(low * 100 / reviews.len() >= 8, "{low} of {}", reviews.len());
        assert!(reviews.iter().any(|r| r.draft.locale == "zh-CN"));
        for stop in [Stop::AtScreening, Stop::AtCompliance, Stop::AtOwner] {
            assert!(reviews.iter().any(|r| r.stop == stop), "{stop:?}");
        }
        assert!(reviews.iter().any(|r| r.flag_left_open));
        assert!(
            reviews
                .iter()
                .all(|r| r.ago_ms >= 0 && r.ago_ms < SPAN_DAYS * DAY_MS)
        );
    }
}
