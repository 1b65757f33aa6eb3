//! The caches of public reads — summaries, first views, review forms and the widget's list pages — in two tiers: the isolate's own
//! memory (`isolate`: entries live at most 5 s, 8 MB per isolate), then the Cache API (`caches.default`, one key per
//! product and label locale, or per list query, filled on a miss with `s-maxage=30`). Every write that changes what a
//! summary shows (publication, withdrawal, catalogue, settings, disclosure, an approved firm response) calls
//! `forget_summaries`, which drops the product's entries in this isolate and deletes its keys in this data centre,
//! so read-after-write holds locally; elsewhere the two TTLs bound staleness (5 s + 30 s).
//!
//! Never caches anything a visitor or staff member wrote that is not public, never caches an error, and never
//! answers from a stale key on purpose: a failed delete is logged and the TTL takes over.

mod isolate;

use std::cell::RefCell;

use futures_util::future::join_all;
use worker::{Cache, Response};

use crate::audit::sha256_hex;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::runtime;
use crate::store::Store;

use isolate::Entry;
use isolate::{IsolateCache, Owner};

/// A request header that makes a read skip the cache, honoured only with the local test hooks on (bench).
pub const TEST_BYPASS_HEADER: &str = "X-Candor-Test-Bypass-Cache";

pub const SUMMARY_CACHE_CONTROL: &str = "public, max-age=0, s-maxage=30";

thread_local! {
    /// This isolate's memory (a Worker isolate runs one thread; requests interleave only at `await`).
    static MEMORY: RefCell<IsolateCache> =
        RefCell::new(IsolateCache::new(isolate::TTL_MS, isolate::REFRESH_AHEAD_MS, isolate::MAX_BYTES));
}

/// The Worker's time for the isolate's entries: never a test's `X-Candor-Test-Clock`, which names the instant a
/// request acts at, not how old an entry is.
fn now_ms() -> i64 {
    Clock::default().now_ms()
}

/// What a cached read answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Summary,
    FirstView,
    ReviewPage,
}

impl Kind {
    fn content_type(self) -> &'static str {
        match self {
            Kind::Summary | Kind::ReviewPage => "application/json",
            Kind::FirstView => "text/html; charset=utf-8",
        }
    }
}

/// One cacheable read: its kind, its key and the product whose writes forget it.
pub struct Slot {
    kind: Kind,
    origin: String,
    tenant: String,
    product: String,
    key: String,
}

impl Slot {
    pub fn summary(origin: &str, tenant: &str, product: &str, chinese: bool) -> Slot {
        Slot::new(
            Kind::Summary,
            origin,
            tenant,
            product,
            summary_key(origin, tenant, product, chinese),
        )
    }

    pub fn first_view(
        origin: &str,
        tenant: &str,
        product: &str,
        chinese: bool,
        page: bool,
    ) -> Slot {
        Slot::new(
            Kind::FirstView,
            origin,
            tenant,
            product,
            first_view_key(origin, tenant, product, chinese, page),
        )
    }

    /// A product's review form (one per label language), fetched when a visitor opens it.
    pub fn form(origin: &str, tenant: &str, product: &str, chinese: bool) -> Slot {
        Slot::new(
            Kind::FirstView,
            origin,
            tenant,
            product,
            form_key(origin, tenant, product, chinese),
        )
    }

    /// A page of the widget's list; `query` is the page's parameters in one canonical spelling.
    pub fn review_page(origin: &str, tenant: &str, product: &str, query: &str) -> Slot {
        Slot::new(
            Kind::ReviewPage,
            origin,
            tenant,
            product,
            format!("{}?{query}", review_pages_base(origin, tenant, product)),
        )
    }

    fn new(kind: Kind, origin: &str, tenant: &str, product: &str, key: String) -> Slot {
        Slot {
            kind,
            origin: origin.to_owned(),
            tenant: tenant.to_owned(),
            product: product.to_owned(),
            key,
        }
    }

    fn owner(&self) -> Owner<'_> {
        Owner {
            key: &self.key,
            tenant: &self.tenant,
            product: &self.product,
        }
    }
}

/// What a lookup found: the answer (200, or 304 for the version the client holds), or the miss to fill.
pub enum Lookup {
    Hit(Response),
    Miss(Fill),
}

/// A read that found nothing: it remembers the epoch it began in, so a write that lands meanwhile wins.
pub struct Fill {
    slot: Slot,
    /// The Cache API key (list pages: under the product's current generation); none when it could not be named.
    shared_key: Option<String>,
    epoch: u64,
    if_none_match: Option<String>,
}

/// Looks in the isolate's memory, then in the Cache API (a hit there is remembered in memory), and answers a hit
/// against the request's `If-None-Match`. `bypass` (the bench's uncached read, test hooks only) looks nowhere but
/// still fills.
pub async fn lookup(
    slot: Slot,
    bypass: bool,
    if_none_match: Option<String>,
) -> Result<Lookup, ApiError> {
    let epoch = MEMORY.with(|memory| memory.borrow().epoch());
    if !bypass
        && let Some(entry) = MEMORY.with(|memory| memory.borrow_mut().get(&slot.key, now_ms()))
    {
        return respond(slot.kind, if_none_match.as_deref(), entry).map(Lookup::Hit);
    }
    let shared_key = shared_key(&slot).await;
    if !bypass
        && let Some(key) = &shared_key
        && let Some(entry) = shared_get(key).await
    {
        remember(&slot, entry.clone(), epoch);
        return respond(slot.kind, if_none_match.as_deref(), entry).map(Lookup::Hit);
    }
    Ok(Lookup::Miss(Fill {
        slot,
        shared_key,
        epoch,
        if_none_match,
    }))
}

impl Fill {
    /// Answers with the bytes just built, and keeps them in both tiers unless a write forgot the product since the
    /// read began.
    pub async fn answer(self, body: Vec<u8>) -> Result<Response, ApiError> {
        let entry = Entry {
            etag: etag_of(&body),
            body,
        };
        self.store(&entry).await;
        respond(self.slot.kind, self.if_none_match.as_deref(), entry)
    }

    async fn store(&self, entry: &Entry) {
        if !remember(&self.slot, entry.clone(), self.epoch) {
            return;
        }
        let Some(key) = &self.shared_key else { return };
        if let Err(error) = shared_put(key, self.slot.kind, entry).await {
            worker::console_warn!("cache put failed for {key}: {error}");
        }
        // A write that forgot the product while the put was on its way may have deleted before the put landed.
        if MEMORY.with(|memory| memory.borrow().epoch()) != self.epoch {
            delete(&Cache::default(), key).await;
        }
    }
}

/// The strong ETag of an answer's bytes.
fn etag_of(body: &[u8]) -> String {
    format!("\"{}\"", &sha256_hex(body)[..32])
}

/// The answer, or `304` when the client holds this version (`If-None-Match`, one or several tags).
fn respond(kind: Kind, if_none_match: Option<&str>, entry: Entry) -> Result<Response, ApiError> {
    let not_modified =
        if_none_match.is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == entry.etag));
    let mut response = if not_modified {
        Response::empty()?.with_status(304)
    } else {
        Response::from_bytes(entry.body)?
    };
    let headers = response.headers_mut();
    headers.set("Content-Type", kind.content_type())?;
    headers.set("ETag", &entry.etag)?;
    headers.set("Cache-Control", SUMMARY_CACHE_CONTROL)?;
    Ok(response)
}

/// The cache key of a product's summary: the same for every spelling of the query, one per label language.
pub fn summary_key(origin: &str, tenant: &str, product: &str, chinese: bool) -> String {
    let locale = if chinese { "zh-CN" } else { "en" };
    format!("{origin}/v1/t/{tenant}/products/{product}/summary?locale={locale}")
}

/// The cache key of a product's first view: one per label language, fragment or iframe page.
pub fn first_view_key(
    origin: &str,
    tenant: &str,
    product: &str,
    chinese: bool,
    page: bool,
) -> String {
    let locale = if chinese { "zh-CN" } else { "en" };
    let page = if page { "&page=1" } else { "" };
    format!("{origin}/v1/t/{tenant}/embed/{product}?locale={locale}{page}")
}

/// The cache key of a product's review form: one per label language.
pub fn form_key(origin: &str, tenant: &str, product: &str, chinese: bool) -> String {
    let locale = if chinese { "zh-CN" } else { "en" };
    format!("{origin}/v1/t/{tenant}/embed/{product}/form?locale={locale}")
}

fn review_pages_base(origin: &str, tenant: &str, product: &str) -> String {
    format!("{origin}/v1/t/{tenant}/embed/{product}/reviews")
}

/// The Cache API key that holds the product's list-page generation: list pages have too many keys to delete one
/// by one (every sort, filter and cursor), so their keys carry a random generation and a forget deletes only it.
fn generation_key(origin: &str, tenant: &str, product: &str) -> String {
    format!("{}?generation", review_pages_base(origin, tenant, product))
}

/// Where a slot lives in the Cache API: its key, or for a list page its key under the current generation (a new
/// one when none is cached). None when the generation could neither be read nor made.
async fn shared_key(slot: &Slot) -> Option<String> {
    if slot.kind != Kind::ReviewPage {
        return Some(slot.key.clone());
    }
    let key = generation_key(&slot.origin, &slot.tenant, &slot.product);
    let cache = Cache::default();
    let cached = match cache.get(key.as_str(), true).await {
        Ok(Some(mut response)) => response.text().await.ok(),
        _ => None,
    };
    let generation = match cached {
        Some(generation) => generation,
        None => {
            let generation = runtime::random_hex(8).ok()?;
            let response = Response::ok(generation.clone())
                .and_then(|mut response| {
                    response
                        .headers_mut()
                        .set("Cache-Control", SUMMARY_CACHE_CONTROL)?;
                    Ok(response)
                })
                .ok()?;
            if let Err(error) = cache.put(key.as_str(), response).await {
                worker::console_warn!("cache put failed for {key}: {error}");
                return None;
            }
            generation
        }
    };
    Some(format!("{}&generation={generation}", slot.key))
}

/// Keeps an entry in this isolate's memory unless a forget happened since `epoch`; whether no forget did.
fn remember(slot: &Slot, entry: Entry, epoch: u64) -> bool {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.epoch() != epoch {
            return false;
        }
        memory.insert(slot.owner(), entry, epoch, now_ms());
        true
    })
}

async fn shared_get(key: &str) -> Option<Entry> {
    let mut response = Cache::default().get(key, true).await.ok()??;
    let etag = response.headers().get("ETag").ok()??;
    let body = response.bytes().await.ok()?;
    Some(Entry { body, etag })
}

async fn shared_put(key: &str, kind: Kind, entry: &Entry) -> Result<(), ApiError> {
    let mut response = Response::from_bytes(entry.body.clone())?;
    let headers = response.headers_mut();
    headers.set("Content-Type", kind.content_type())?;
    headers.set("ETag", &entry.etag)?;
    headers.set("Cache-Control", SUMMARY_CACHE_CONTROL)?;
    Cache::default().put(key, response).await?;
    Ok(())
}

async fn delete(cache: &Cache, key: &str) {
    if let Err(error) = cache.delete(key, true).await {
        worker::console_warn!("cache delete failed for {key}: {error}");
    }
}

/// Forgets what these products show: their entries in this isolate's memory, and in the Cache API their summaries
/// (both label languages), first views, review forms and list pages (their generation).
pub async fn forget_summaries(origin: &str, tenant: &str, products: &[String]) {
    MEMORY.with(|memory| memory.borrow_mut().forget(tenant, products));
    let mut keys = Vec::with_capacity(products.len() * 9);
    for product in products {
        for chinese in [false, true] {
            keys.push(summary_key(origin, tenant, product, chinese));
            // The first view shows the summary, the disclosure and the newest reviews.
            for page in [false, true] {
                keys.push(first_view_key(origin, tenant, product, chinese, page));
            }
            // The form asks the product's attribute questions.
            keys.push(form_key(origin, tenant, product, chinese));
        }
        keys.push(generation_key(origin, tenant, product));
    }
    // All at once: a write waits for one round of deletes, not seven per product in a row.
    let cache = Cache::default();
    join_all(keys.iter().map(|key| delete(&cache, key))).await;
}

/// Forgets the cached summaries of every product of the tenant (after a change that shows in all of them:
/// visibility, archiving, questions, settings, the disclosure).
pub async fn forget_tenant_summaries(
    store: &Store,
    origin: &str,
    tenant: &str,
) -> Result<(), ApiError> {
    let products: Vec<String> = store
        .catalogue_products(tenant)
        .await?
        .into_iter()
        .map(|product| product.id)
        .collect();
    forget_summaries(origin, tenant, &products).await;
    Ok(())
}
