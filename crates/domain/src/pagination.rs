//! Cursor pagination: a page ends with an opaque cursor naming the last row's sort position, so
//! rows added or removed meanwhile never shift a page (unlike offsets).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

pub const DEFAULT_PAGE_SIZE: u32 = 25;
pub const MAX_PAGE_SIZE: u32 = 200;

/// The position after which the next page starts: the last row's sort key and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    #[serde(rename = "k")]
    pub sort_key: String,
    #[serde(rename = "i")]
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).expect("a cursor always serialises"))
    }

    /// Refuses anything this server could not have handed out, including a sort key with control
    /// characters: no name has one, and a NUL cannot even be compared in PostgreSQL.
    pub fn decode(raw: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new("cursor", "is not a cursor this server handed out");
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| invalid())?;
        let cursor: Self = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        if cursor.sort_key.chars().any(char::is_control) {
            return Err(invalid());
        }
        Ok(cursor)
    }
}

/// The page size a client asked for, or the default; refuses zero and sizes above the maximum.
pub fn page_size(requested: Option<u32>) -> Result<u32, FieldError> {
    match requested {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(n) => Err(FieldError::new(
            "limit",
            format!("{n} is not between 1 and {MAX_PAGE_SIZE}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_foreign_cursors() {
        assert!(Cursor::decode("not base64!").is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode(b"{}")).is_err());
        assert!(Cursor::decode(&URL_SAFE_NO_PAD.encode(br#"{"k":"a\u0000","i":1}"#)).is_err());
    }

    #[test]
    fn page_size_is_bounded() {
        assert_eq!(page_size(None).unwrap(), DEFAULT_PAGE_SIZE);
        assert_eq!(page_size(Some(7)).unwrap(), 7);
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(MAX_PAGE_SIZE + 1)).is_err());
    }

    proptest! {
        #[test]
        fn cursors_round_trip(sort_key in "\\PC{0,60}", id in any::<i64>()) {
            let cursor = Cursor { sort_key, id };
            prop_assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        }
    }
}
