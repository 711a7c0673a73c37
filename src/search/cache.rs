//! Answers kept for one generation of the index: what the engine computed for a request, so
//! that the same request asked again (a second visit to a page, the page reloaded, a popular
//! word, a filter clicked off again) is answered without searching.
//!
//! In: a key naming what was computed (a request, or a query and facet dimension), the
//! searcher generation it was computed under, and the value. Out: the value, while the index
//! is still at that generation. A new commit is a new generation and empties the cache, so an
//! answer is never older than the index it is served from. A cache holds values up to a fixed
//! weight (a number of entries, or of what they hold, such as the hits of answers) and drops
//! the least recently used first.

use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

use lru::LruCache;

/// Values by key for one searcher generation, least recently used dropped first.
pub struct GenerationCache<K: Hash + Eq, V: Clone> {
    state: Mutex<State<K, V>>,
    /// Most total weight kept.
    budget: usize,
    /// The weight of one value.
    weigh: fn(&V) -> usize,
}

struct State<K: Hash + Eq, V> {
    generation: u64,
    entries: LruCache<K, V>,
    /// Total weight of `entries`.
    used: usize,
}

impl<K: Hash + Eq, V: Clone> GenerationCache<K, V> {
    /// A cache of at most `capacity` entries; 0 keeps nothing.
    pub fn new(capacity: usize) -> Self {
        GenerationCache::weighted(capacity, |_| 1)
    }

    /// A cache of values weighing `weigh` each, at most `budget` in all; 0 keeps nothing, and
    /// a value heavier than the budget is not kept.
    pub fn weighted(budget: usize, weigh: fn(&V) -> usize) -> Self {
        GenerationCache {
            state: Mutex::new(State {
                generation: 0,
                entries: LruCache::unbounded(),
                used: 0,
            }),
            budget,
            weigh,
        }
    }

    /// The value kept for `key` under `generation`.
    pub fn get(&self, generation: u64, key: &K) -> Option<V> {
        let mut state = self.lock();
        if state.generation != generation {
            return None;
        }
        state.entries.get(key).cloned()
    }

    /// Keep `value` for `key` under `generation`; a generation other than the one kept so far
    /// replaces everything.
    pub fn put(&self, generation: u64, key: K, value: V) {
        let weight = (self.weigh)(&value);
        let mut state = self.lock();
        if state.generation != generation {
            state.generation = generation;
            state.entries.clear();
            state.used = 0;
        }
        if weight > self.budget {
            return;
        }
        if let Some((_, old)) = state.entries.push(key, value) {
            state.used = state.used.saturating_sub((self.weigh)(&old));
        }
        state.used += weight;
        while state.used > self.budget {
            let Some((_, dropped)) = state.entries.pop_lru() else {
                state.used = 0;
                break;
            };
            state.used = state.used.saturating_sub((self.weigh)(&dropped));
        }
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, State<K, V>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_live_for_one_generation_and_the_least_used_goes_first() {
        let cache: GenerationCache<&str, u32> = GenerationCache::new(2);
        cache.put(1, "a", 10);
        cache.put(1, "b", 20);
        assert_eq!(cache.get(1, &"a"), Some(10));
        // "b" is now the least recently used: a third entry drops it.
        cache.put(1, "c", 30);
        assert_eq!(cache.get(1, &"b"), None);
        assert_eq!(cache.get(1, &"a"), Some(10));
        assert_eq!(cache.len(), 2);
        // Another generation sees nothing, and keeping a value for it drops the old ones.
        assert_eq!(cache.get(2, &"a"), None);
        cache.put(2, "d", 40);
        assert_eq!(cache.get(1, &"a"), None);
        assert_eq!(cache.get(2, &"d"), Some(40));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_weighted_cache_keeps_its_budget() {
        let cache: GenerationCache<u8, Vec<u8>> = GenerationCache::weighted(5, Vec::len);
        cache.put(1, 1, vec![0; 2]);
        cache.put(1, 2, vec![0; 2]);
        // Replacing a value counts only the new one.
        cache.put(1, 2, vec![0; 3]);
        assert_eq!(cache.len(), 2);
        // Six would be over: the least recently used goes.
        cache.put(1, 3, vec![0; 1]);
        assert_eq!(cache.get(1, &1), None);
        assert_eq!(cache.get(1, &2), Some(vec![0; 3]));
        assert_eq!(cache.get(1, &3), Some(vec![0; 1]));
        // A value heavier than the whole budget is not kept, and drops nothing.
        cache.put(1, 4, vec![0; 6]);
        assert_eq!(cache.get(1, &4), None);
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn a_cache_of_nothing_keeps_nothing() {
        let cache: GenerationCache<u8, u8> = GenerationCache::new(0);
        cache.put(1, 1, 1);
        assert_eq!(cache.get(1, &1), None);
        assert!(cache.is_empty());
    }
}
