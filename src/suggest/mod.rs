//! What the translator is offered for a segment, from providers: glossary terms today
//! ([`Terminology`]); translation-memory matches and machine translation are the next
//! providers. A [`Provider`] answers for a segment's source text and says, with a generation
//! number, when its answers may have changed (a glossary edited or attached); a [`Cache`]
//! keeps each segment's answer until its *source* or the provider's generation changes, so
//! typing in the target never recomputes anything.

mod terminology;

pub use terminology::{EditRefused, Entry, LoadedGlossary, Source, Terminology};

use crate::base::SegmentId;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A source of suggestions for a segment.
pub trait Provider {
    type Item;
    /// Changes whenever answers may have changed.
    fn generation(&self) -> u64;
    fn suggest(&self, source: &str) -> Vec<Self::Item>;
}

/// One provider's answers per segment, kept until the segment's source or the provider's
/// generation changes.
pub struct Cache<T> {
    entries: HashMap<SegmentId, Cached<T>>,
}

struct Cached<T> {
    source: u64,
    generation: u64,
    items: Arc<[T]>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            entries: HashMap::new(),
        }
    }
}

fn fingerprint(text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

impl<T> Cache<T> {
    /// The answer for segment `id` with source `source`, computed only when it is not known
    /// for this source and generation.
    pub fn get<P: Provider<Item = T>>(
        &mut self,
        id: SegmentId,
        source: &str,
        provider: &P,
    ) -> Arc<[T]> {
        let source_print = fingerprint(source);
        let generation = provider.generation();
        if let Some(cached) = self.entries.get(&id)
            && cached.source == source_print
            && cached.generation == generation
        {
            return cached.items.clone();
        }
        let items: Arc<[T]> = provider.suggest(source).into();
        self.entries.insert(
            id,
            Cached {
                source: source_print,
                generation,
                items: items.clone(),
            },
        );
        items
    }

    /// How many answers are kept (for tests and figures).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    struct Counting {
        calls: Cell<usize>,
        generation: u64,
    }

    impl Provider for Counting {
        type Item = usize;
        fn generation(&self) -> u64 {
            self.generation
        }
        fn suggest(&self, source: &str) -> Vec<usize> {
            self.calls.set(self.calls.get() + 1);
            vec![source.len()]
        }
    }

    #[test]
    fn answers_are_recomputed_only_for_a_new_source_or_generation() {
        let mut provider = Counting {
            calls: Cell::new(0),
            generation: 1,
        };
        let mut cache = Cache::default();
        let id = SegmentId(1);
        assert_eq!(&*cache.get(id, "Eins.", &provider), &[5]);
        cache.get(id, "Eins.", &provider);
        assert_eq!(provider.calls.get(), 1);
        assert_eq!(&*cache.get(id, "Eins und zwei.", &provider), &[14]);
        assert_eq!(provider.calls.get(), 2);
        provider.generation = 2;
        cache.get(id, "Eins und zwei.", &provider);
        assert_eq!(provider.calls.get(), 3);
    }
}
