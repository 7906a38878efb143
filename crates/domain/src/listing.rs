//! What lists share: which of active and archived things to show, and a page of results.

use std::str::FromStr;

use crate::error::FieldError;
use crate::pagination::Cursor;

/// Which people or teams a list shows. Anything but `Active` is for admins (see
/// [`crate::access::Viewer::may_list`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArchivedFilter {
    #[default]
    Active,
    Archived,
    All,
}

impl ArchivedFilter {
    pub const ALL: [ArchivedFilter; 3] = [Self::Active, Self::Archived, Self::All];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Archived => "archived",
            Self::All => "all",
        }
    }
}

impl FromStr for ArchivedFilter {
    type Err = FieldError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == raw.trim())
            .ok_or_else(|| {
                FieldError::new(
                    "archived",
                    format!("“{raw}” is not one of: active, archived, all"),
                )
            })
    }
}

/// One page of a list, where the next one starts and, for lists that page backwards too, where
/// the one before ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Give it as `after` for the next page; `None` on the last page.
    pub next: Option<Cursor>,
    /// Give it as `before` for the page before; `None` on the first page.
    pub previous: Option<Cursor>,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
            previous: self.previous,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archived_filter_round_trips() {
        for filter in ArchivedFilter::ALL {
            assert_eq!(filter.as_str().parse::<ArchivedFilter>().unwrap(), filter);
        }
        let error = "1".parse::<ArchivedFilter>().unwrap_err();
        assert_eq!(error.field, "archived");
    }
}
