//! The isolate's own memory in front of the Cache API: the rendered bytes and ETag of public reads (summaries,
//! first views, list pages) by cache key, each entry at most `TTL_MS` old, all of them together at most
//! `MAX_BYTES` (the oldest go first), and dropped by product when a write changes what they show. A pure struct:
//! the caller passes the time, so its bounds are tested natively.
//!
//! Under steady traffic one read refreshes an entry in its last second (`REFRESH_AHEAD_MS`) while the others still
//! get it, so the isolate never sends a crowd of concurrent reads to the Cache API or D1 when an entry expires.
//!
//! Never answers an entry older than its TTL, never holds more than its byte cap, and never keeps a fill that began
//! before a forget (`epoch`): a read that raced a write cannot put the old bytes back.

use std::collections::{BTreeMap, HashMap};

/// How long an entry answers: the staleness it adds on another isolate, and the most a forgotten write could be
/// missed by an isolate that did not see the write.
pub const TTL_MS: i64 = 5_000;
/// In an entry's last second the first read that finds it refreshes it (it is told "missing"); the others still get
/// it until the TTL.
pub const REFRESH_AHEAD_MS: i64 = 1_000;
/// All entries of one isolate together (a Worker isolate has 128 MB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// What an entry costs beyond its strings (the two maps' bookkeeping), so many small entries still count.
const ENTRY_OVERHEAD_BYTES: usize = 128;

/// A cached answer: its body and its ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub body: Vec<u8>,
    pub etag: String,
}

/// Whose answer a key holds: the product a write forgets it by.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    pub key: &'a str,
    pub tenant: &'a str,
    pub product: &'a str,
}

struct Stored {
    tenant: String,
    product: String,
    entry: Entry,
    stored_at_ms: i64,
    seq: u64,
    bytes: usize,
    /// A read was told to refresh this entry: the others keep getting it until the TTL.
    refreshing: bool,
}

/// The memory of one isolate.
pub struct IsolateCache {
    ttl_ms: i64,
    refresh_ahead_ms: i64,
    max_bytes: usize,
    entries: HashMap<String, Stored>,
    /// Keys by insertion order: the first is the oldest (every entry lives equally long).
    by_age: BTreeMap<u64, String>,
    next_seq: u64,
    bytes: usize,
    /// Counts forgets: a fill that saw another epoch when its read began is dropped.
    epoch: u64,
}

impl IsolateCache {
    pub fn new(ttl_ms: i64, refresh_ahead_ms: i64, max_bytes: usize) -> IsolateCache {
        IsolateCache {
            ttl_ms,
            refresh_ahead_ms,
            max_bytes,
            entries: HashMap::new(),
            by_age: BTreeMap::new(),
            next_seq: 0,
            bytes: 0,
            epoch: 0,
        }
    }

    /// The epoch a read takes when it begins and hands back to `insert`.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The bytes all entries count for.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entry under `key` if it is younger than the TTL at `now_ms` (an expired one is dropped). In the entry's
    /// last `refresh_ahead_ms` the first caller gets `None`, to refresh it; the others still get the entry.
    pub fn get(&mut self, key: &str, now_ms: i64) -> Option<Entry> {
        let fresh = self
            .entries
            .get(key)
            .map(|stored| self.fresh(stored, now_ms))?;
        if !fresh {
            self.remove(key);
            return None;
        }
        let refresh_from = self.ttl_ms - self.refresh_ahead_ms;
        let stored = self.entries.get_mut(key)?;
        if !stored.refreshing && now_ms - stored.stored_at_ms >= refresh_from {
            stored.refreshing = true;
            return None;
        }
        Some(stored.entry.clone())
    }

    /// Keeps `entry` under `owner.key` unless a forget happened since the read began (`epoch_seen`) or it alone is
    /// larger than the cap; makes room by dropping expired entries, then the oldest. Whether it was kept.
    pub fn insert(&mut self, owner: Owner<'_>, entry: Entry, epoch_seen: u64, now_ms: i64) -> bool {
        if epoch_seen != self.epoch {
            return false;
        }
        self.remove(owner.key);
        let bytes = ENTRY_OVERHEAD_BYTES
            + owner.key.len()
            + owner.tenant.len()
            + owner.product.len()
            + entry.body.len()
            + entry.etag.len();
        if bytes > self.max_bytes {
            return false;
        }
        self.drop_expired(now_ms);
        while self.bytes + bytes > self.max_bytes {
            let Some((_, oldest)) = self.by_age.pop_first() else {
                break;
            };
            self.remove(&oldest);
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.by_age.insert(seq, owner.key.to_owned());
        self.entries.insert(
            owner.key.to_owned(),
            Stored {
                tenant: owner.tenant.to_owned(),
                product: owner.product.to_owned(),
                entry,
                stored_at_ms: now_ms,
                seq,
                bytes,
                refreshing: false,
            },
        );
        self.bytes += bytes;
        true
    }

    /// Drops every entry of these products of `tenant`, and makes reads that began before now keep nothing.
    pub fn forget(&mut self, tenant: &str, products: &[String]) {
        self.epoch += 1;
        let keys: Vec<String> = self
            .entries
            .iter()
            .filter(|(_, stored)| stored.tenant == tenant && products.contains(&stored.product))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            self.remove(&key);
        }
    }

    fn fresh(&self, stored: &Stored, now_ms: i64) -> bool {
        let age = now_ms - stored.stored_at_ms;
        (0..self.ttl_ms).contains(&age)
    }

    fn drop_expired(&mut self, now_ms: i64) {
        while let Some((_, key)) = self.by_age.first_key_value() {
            let expired = self
                .entries
                .get(key)
                .is_none_or(|stored| !self.fresh(stored, now_ms));
            if !expired {
                break;
            }
            let key = key.clone();
            self.remove(&key);
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some(stored) = self.entries.remove(key) {
            self.by_age.remove(&stored.seq);
            self.bytes -= stored.bytes;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ENTRY_OVERHEAD_BYTES, Entry, IsolateCache, Owner};

    fn owner<'a>(key: &'a str, product: &'a str) -> Owner<'a> {
        Owner {
            key,
            tenant: "harbor",
            product,
        }
    }

    fn entry(size: usize) -> Entry {
        Entry {
            body: vec![b'x'; size],
            etag: "\"e\"".to_owned(),
        }
    }

    #[test]
    fn an_entry_answers_until_its_ttl_and_never_after() {
        let mut cache = IsolateCache::new(5_000, 0, 1 << 20);
        assert!(cache.insert(owner("k", "p"), entry(10), 0, 1_000));
        assert_eq!(cache.get("k", 1_000), Some(entry(10)));
        assert_eq!(cache.get("k", 5_999), Some(entry(10)));
        assert_eq!(cache.get("k", 6_000), None, "5 s after it was stored");
        assert_eq!(cache.len(), 0, "an expired entry is dropped");
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn one_read_refreshes_an_entry_in_its_last_second_while_the_others_still_get_it() {
        let mut cache = IsolateCache::new(5_000, 1_000, 1 << 20);
        cache.insert(owner("k", "p"), entry(10), 0, 0);
        assert!(cache.get("k", 3_999).is_some());
        assert_eq!(
            cache.get("k", 4_000),
            None,
            "the first read in the last second refreshes"
        );
        assert!(
            cache.get("k", 4_001).is_some(),
            "the others still get the entry"
        );
        assert!(cache.get("k", 4_999).is_some());
        assert_eq!(
            cache.get("k", 5_000),
            None,
            "never after the TTL, refreshed or not"
        );
        // The refresh stores a new entry, which lives its own TTL.
        cache.insert(owner("k", "p"), entry(10), 0, 4_500);
        assert!(cache.get("k", 5_000).is_some());
        assert_eq!(
            cache.get("k", 8_500),
            None,
            "its own last second: one refresh again"
        );
        assert!(cache.get("k", 9_499).is_some());
        assert_eq!(cache.get("k", 9_500), None);
    }

    #[test]
    fn a_clock_that_went_back_does_not_keep_an_entry_alive() {
        let mut cache = IsolateCache::new(5_000, 0, 1 << 20);
        cache.insert(owner("k", "p"), entry(10), 0, 10_000);
        assert_eq!(cache.get("k", 9_999), None);
    }

    #[test]
    fn the_byte_cap_evicts_the_oldest_first() {
        let size = 1_000;
        let one = ENTRY_OVERHEAD_BYTES + 1 + "harbor".len() + 1 + size + 3;
        let mut cache = IsolateCache::new(5_000, 0, 3 * one);
        for (at, key) in ["a", "b", "c"].into_iter().enumerate() {
            assert!(cache.insert(owner(key, "p"), entry(size), 0, at as i64));
        }
        assert_eq!(cache.bytes(), 3 * one);
        assert!(
            cache.get("a", 10).is_some(),
            "a read does not make an entry younger"
        );
        assert!(cache.insert(owner("d", "p"), entry(size), 0, 10));
        assert_eq!(cache.get("a", 10), None, "the oldest went first");
        for key in ["b", "c", "d"] {
            assert!(cache.get(key, 10).is_some(), "{key}");
        }
        assert_eq!(cache.bytes(), 3 * one);
        // One twice the size makes room for itself by dropping the two oldest.
        assert!(cache.insert(owner("e", "p"), entry(size + one), 0, 11));
        assert_eq!(cache.get("b", 11), None);
        assert_eq!(cache.get("c", 11), None);
        assert!(cache.get("d", 11).is_some());
        assert!(cache.bytes() <= 3 * one);
    }

    #[test]
    fn an_entry_larger_than_the_cap_is_not_kept_and_evicts_nothing() {
        let mut cache = IsolateCache::new(5_000, 0, 2_000);
        assert!(cache.insert(owner("small", "p"), entry(10), 0, 0));
        assert!(!cache.insert(owner("huge", "p"), entry(2_000), 0, 0));
        assert!(cache.get("small", 0).is_some());
        assert!(cache.get("huge", 0).is_none());
    }

    #[test]
    fn expired_entries_make_room_before_live_ones() {
        let size = 1_000;
        let one = ENTRY_OVERHEAD_BYTES + 1 + "harbor".len() + 1 + size + 3;
        let mut cache = IsolateCache::new(5_000, 0, 2 * one);
        cache.insert(owner("a", "p"), entry(size), 0, 0);
        cache.insert(owner("b", "p"), entry(size), 0, 4_000);
        // At 5,000 "a" has expired: it goes, "b" stays.
        assert!(cache.insert(owner("c", "p"), entry(size), 0, 5_000));
        assert!(cache.get("b", 5_000).is_some());
        assert!(cache.get("c", 5_000).is_some());
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn replacing_a_key_counts_its_bytes_once() {
        let mut cache = IsolateCache::new(5_000, 0, 1 << 20);
        cache.insert(owner("k", "p"), entry(100), 0, 0);
        let once = cache.bytes();
        cache.insert(owner("k", "p"), entry(100), 0, 1);
        assert_eq!(cache.bytes(), once);
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn forget_drops_only_the_named_products_of_the_tenant() {
        let mut cache = IsolateCache::new(5_000, 0, 1 << 20);
        cache.insert(owner("summary-p", "p"), entry(10), 0, 0);
        cache.insert(owner("page-p", "p"), entry(10), 0, 0);
        cache.insert(owner("summary-q", "q"), entry(10), 0, 0);
        cache.insert(
            Owner {
                key: "other-tenant-p",
                tenant: "other",
                product: "p",
            },
            entry(10),
            0,
            0,
        );
        cache.forget("harbor", &["p".to_owned()]);
        assert_eq!(cache.get("summary-p", 1), None);
        assert_eq!(cache.get("page-p", 1), None);
        assert!(cache.get("summary-q", 1).is_some());
        assert!(cache.get("other-tenant-p", 1).is_some());
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn a_read_that_began_before_a_forget_keeps_nothing() {
        let mut cache = IsolateCache::new(5_000, 0, 1 << 20);
        let began = cache.epoch();
        cache.forget("harbor", &["p".to_owned()]);
        assert!(!cache.insert(owner("k", "p"), entry(10), began, 0));
        assert_eq!(cache.get("k", 0), None);
        assert!(cache.insert(owner("k", "p"), entry(10), cache.epoch(), 0));
    }
}
