//! One way for the app's small enums to have string ids (in `data-*`
//! attributes, share links, CSV and test hooks) and to be read back from
//! them: sort columns, sort direction, age buckets, statuses, the reference
//! time and policy shapes all implement [`Id`].
//!
//! ```
//! use lastaccessed::report::id::Id;
//! use lastaccessed::report::{ReferenceMode, Status};
//! assert_eq!(Status::Stale.id(), "stale");
//! assert_eq!(Status::from_id("never"), Some(Status::Never));
//! assert_eq!(ReferenceMode::from_id("now"), Some(ReferenceMode::Now));
//! assert_eq!(Status::from_id("Stale"), None);
//! ```

/// An enum with a fixed, lower-case string id per value.
pub trait Id: Sized + Copy + PartialEq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    fn id(self) -> &'static str;
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::Id;
    use crate::report::chart::Bucket;
    use crate::report::granted::PolicyKind;
    use crate::report::policy::Shape;
    use crate::report::table::{ActionColumn, Direction, ServiceColumn};
    use crate::report::{ReferenceMode, Status};

    /// Every id is distinct within its enum and reads back to its value.
    fn round_trips<T: Id + std::fmt::Debug>() {
        for v in T::ALL {
            assert_eq!(T::from_id(v.id()), Some(*v), "{v:?}");
            assert_eq!(T::ALL.iter().filter(|w| w.id() == v.id()).count(), 1);
        }
        assert_eq!(T::from_id("no-such-id"), None);
    }

    #[test]
    fn every_id_reads_back() {
        round_trips::<ServiceColumn>();
        round_trips::<ActionColumn>();
        round_trips::<Direction>();
        round_trips::<Bucket>();
        round_trips::<Status>();
        round_trips::<ReferenceMode>();
        round_trips::<Shape>();
        round_trips::<PolicyKind>();
    }
}
