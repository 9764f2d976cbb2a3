//! A lookup cache from an id to where its item is (a position in a list, a block and index),
//! kept beside the data it indexes: built on first use, checked on every hit against the data
//! (a stale entry costs a rebuild, never a wrong answer), and told about the changes that
//! would make it stale. Invisible to equality and serialisation: it is a cache, not data.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

pub struct IdIndex<K, V> {
    map: Mutex<Option<HashMap<K, V>>>,
}

impl<K: Hash + Eq + Copy, V: Copy> IdIndex<K, V> {
    /// Where `id` is. `holds` tells whether a location really holds `id`; `build` lists every
    /// id with its location. With `trust_absent`, an id the (fresh) index does not know is
    /// taken as absent without a rebuild; otherwise `build` runs again to make sure.
    pub fn get(
        &self,
        id: K,
        trust_absent: bool,
        holds: impl Fn(V) -> bool,
        build: impl FnOnce() -> HashMap<K, V>,
    ) -> Option<V> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        match map.as_ref().map(|m| m.get(&id).copied()) {
            Some(Some(at)) if holds(at) => return Some(at),
            Some(None) if trust_absent => return None,
            _ => {}
        }
        let rebuilt = build();
        let found = rebuilt.get(&id).copied();
        *map = Some(rebuilt);
        found
    }

    /// Records that `id` is now at `at` (an item added at the end), if the index is built.
    pub fn insert(&mut self, id: K, at: V) {
        if let Some(map) = self.map.get_mut().unwrap_or_else(|e| e.into_inner()) {
            map.insert(id, at);
        }
    }

    /// Forgets `id` (the last item was removed).
    pub fn remove(&mut self, id: K) {
        if let Some(map) = self.map.get_mut().unwrap_or_else(|e| e.into_inner()) {
            map.remove(&id);
        }
    }

    /// Forgets everything; the next lookup rebuilds.
    pub fn invalidate(&mut self) {
        *self.map.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl<K, V> Default for IdIndex<K, V> {
    fn default() -> Self {
        IdIndex {
            map: Mutex::new(None),
        }
    }
}

impl<K, V> Clone for IdIndex<K, V> {
    /// A clone starts without an index (it is rebuilt on first use).
    fn clone(&self) -> Self {
        IdIndex::default()
    }
}

impl<K, V> PartialEq for IdIndex<K, V> {
    /// The index is a cache: it never makes two values different.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<K, V> Eq for IdIndex<K, V> {}

impl<K, V> std::fmt::Debug for IdIndex<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdIndex")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_entries_are_rebuilt_and_absent_ones_trusted_or_not() {
        let mut list = vec![10u64, 20, 30];
        let mut index: IdIndex<u64, usize> = IdIndex::default();
        let get = |index: &IdIndex<u64, usize>, list: &[u64], id: u64, trust: bool| {
            index.get(
                id,
                trust,
                |at| list.get(at) == Some(&id),
                || list.iter().enumerate().map(|(i, id)| (*id, i)).collect(),
            )
        };
        assert_eq!(get(&index, &list, 20, true), Some(1));
        list.remove(0);
        assert_eq!(get(&index, &list, 20, true), Some(0), "stale: rebuilt");
        list.push(40);
        assert_eq!(get(&index, &list, 40, true), None, "trusted absent");
        assert_eq!(get(&index, &list, 40, false), Some(2), "checked");
        list.push(50);
        index.insert(50, 3);
        assert_eq!(get(&index, &list, 50, true), Some(3));
        index.invalidate();
        assert_eq!(get(&index, &list, 30, true), Some(1));
    }
}
