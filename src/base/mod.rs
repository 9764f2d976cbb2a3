//! What every layer shares and that knows nothing of translation: the ids that name segments
//! and terms, [`Diagnostic`]s (the one type for warnings and problems, from a reader's line
//! numbers to a segment's check), turning bytes into text ([`decode`]), recognising a file's
//! kind from its bytes before anything else reads it ([`sniff`]), and a small XML tree
//! ([`xml`]) with depth and namespace checks.
//!
//! Nothing in here depends on another Tandem module; everything else may depend on this.

pub mod base64;
pub mod decode;
mod diagnostic;
mod ids;
mod index;
pub mod sniff;
pub mod time;
pub mod xml;

pub use diagnostic::{Diagnostic, Position, Severity, excerpt};
pub use ids::{MAX_ID, Numbered, SegmentId, TermId, repair_ids};
pub use index::IdIndex;
