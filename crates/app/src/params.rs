//! The one rule for query parameters, used by pages and the API alike: an absent or empty
//! parameter means its default; a value that does not parse, or is out of range, is a 400 that
//! names the parameter. So `?archived=maybe` or a broken cursor gets the same answer everywhere.

use std::str::FromStr;

use tend_domain::FieldError;
use tend_domain::listing::ArchivedFilter;
use tend_domain::org::{DEFAULT_DEPTH, MAX_DEPTH};
use tend_domain::pagination::{Cursor, page_size};

use crate::Error;

/// Longest search text accepted; longer is surely not a name or an email.
pub const SEARCH_MAX_CHARS: usize = 200;

fn present(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|r| !r.is_empty())
}

fn bad(error: FieldError) -> Error {
    Error::BadParameter(vec![error])
}

/// `active` (the default), `archived` or `all`.
pub fn archived(raw: Option<&str>) -> Result<ArchivedFilter, Error> {
    present(raw).map_or(Ok(ArchivedFilter::Active), |raw| raw.parse().map_err(bad))
}

/// A cursor this server handed out, or none for the first page.
pub fn cursor(raw: Option<&str>) -> Result<Option<Cursor>, Error> {
    present(raw).map(Cursor::decode).transpose().map_err(bad)
}

/// A cursor this server handed out, in the parameter `name` (`before`, say), or none.
pub fn cursor_named(name: &'static str, raw: Option<&str>) -> Result<Option<Cursor>, Error> {
    present(raw)
        .map(Cursor::decode)
        .transpose()
        .map_err(|e| bad(FieldError::new(name, e.message)))
}

/// A page size from 1 to the maximum; the default when absent.
pub fn limit(raw: Option<u32>) -> Result<u32, Error> {
    page_size(raw).map_err(bad)
}

/// An id (of a person, a team…) named by the parameter `name`, or none when absent.
pub fn id<T: FromStr>(name: &'static str, raw: Option<&str>) -> Result<Option<T>, Error> {
    present(raw)
        .map(|raw| {
            raw.parse()
                .map_err(|_| Error::parameter(name, format!("“{raw}” is not an id")))
        })
        .transpose()
}

/// Search text: trimmed, at most [`SEARCH_MAX_CHARS`], no control characters (a NUL cannot be
/// stored or searched in PostgreSQL). `None` when empty.
pub fn search(name: &'static str, raw: Option<&str>) -> Result<Option<String>, Error> {
    let Some(text) = present(raw) else {
        return Ok(None);
    };
    if text.chars().any(char::is_control) {
        return Err(Error::parameter(
            name,
            "must not contain control characters",
        ));
    }
    let count = text.chars().count();
    if count > SEARCH_MAX_CHARS {
        return Err(Error::parameter(
            name,
            format!("is {count} characters long; at most {SEARCH_MAX_CHARS} fit"),
        ));
    }
    Ok(Some(text.to_owned()))
}

/// How many levels of the org chart to draw: a whole number, capped at the maximum.
pub fn depth(raw: Option<&str>) -> Result<usize, Error> {
    match present(raw) {
        None => Ok(DEFAULT_DEPTH),
        Some(raw) => raw
            .parse::<usize>()
            .map(|d| d.clamp(1, MAX_DEPTH))
            .map_err(|_| Error::parameter("depth", format!("“{raw}” is not a whole number"))),
    }
}

/// What a recognition celebrates, or any when absent.
pub fn celebrates(
    raw: Option<&str>,
) -> Result<Option<tend_domain::recognition::Celebrates>, Error> {
    present(raw)
        .map(|raw| {
            raw.parse()
                .map_err(|e: FieldError| Error::parameter("celebrates", e.message))
        })
        .transpose()
}

/// A moment to list from: RFC 3339, or a date (`YYYY-MM-DD`, from its start in UTC).
pub fn since(raw: Option<&str>) -> Result<Option<tend_domain::Timestamp>, Error> {
    present(raw)
        .map(|raw| {
            tend_domain::Timestamp::parse_rfc3339(raw)
                .or_else(|| tend_domain::Timestamp::parse_rfc3339(&format!("{raw}T00:00:00Z")))
                .ok_or_else(|| {
                    Error::parameter(
                        "since",
                        format!("“{raw}” is not a date (YYYY-MM-DD) or an RFC 3339 time"),
                    )
                })
        })
        .transpose()
}

/// A day, `YYYY-MM-DD`, or none when absent.
pub fn date(name: &'static str, raw: Option<&str>) -> Result<Option<time::Date>, Error> {
    present(raw)
        .map(|raw| tend_domain::align::parse_date(name, raw).map_err(bad))
        .transpose()
}

/// `true` or `false` (also `1`/`0`, `on` from a checkbox); `false` when absent.
pub fn flag(name: &'static str, raw: Option<&str>) -> Result<bool, Error> {
    match present(raw) {
        None => Ok(false),
        Some("true" | "1" | "on" | "yes") => Ok(true),
        Some("false" | "0" | "off" | "no") => Ok(false),
        Some(other) => Err(Error::parameter(
            name,
            format!("“{other}” is not true or false"),
        )),
    }
}

/// A window of whole days, or none when absent; the use case checks its range.
pub fn days(raw: Option<&str>) -> Result<Option<u32>, Error> {
    present(raw)
        .map(|raw| {
            raw.parse::<u32>().map_err(|_| {
                Error::parameter("days", format!("“{raw}” is not a whole number of days"))
            })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tend_domain::PersonId;

    fn is_bad(result: Result<impl std::fmt::Debug, Error>, name: &str) -> bool {
        matches!(result, Err(Error::BadParameter(ref e)) if e[0].field == name)
    }

    #[test]
    fn dates_flags_and_days() {
        assert_eq!(date("on", None).unwrap(), None);
        assert!(date("on", Some("2026-02-30")).is_err());
        assert!(flag("visibility_only", Some("true")).unwrap());
        assert!(!flag("visibility_only", Some("")).unwrap());
        assert!(is_bad(
            flag("visibility_only", Some("maybe")),
            "visibility_only"
        ));
        assert_eq!(days(Some("90")).unwrap(), Some(90));
        assert!(is_bad(days(Some("-1")), "days"));
    }

    #[test]
    fn absent_and_empty_mean_the_default() {
        assert_eq!(archived(None).unwrap(), ArchivedFilter::Active);
        assert_eq!(archived(Some(" ")).unwrap(), ArchivedFilter::Active);
        assert_eq!(cursor(Some("")).unwrap(), None);
        assert_eq!(id::<PersonId>("team", Some("")).unwrap(), None);
        assert_eq!(search("q", Some("  ")).unwrap(), None);
        assert_eq!(depth(None).unwrap(), DEFAULT_DEPTH);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        assert!(is_bad(archived(Some("1")), "archived"));
        assert!(is_bad(cursor(Some("garbage")), "cursor"));
        assert!(is_bad(cursor_named("before", Some("garbage")), "before"));
        assert!(is_bad(limit(Some(0)), "limit"));
        assert!(is_bad(id::<PersonId>("team", Some("x")), "team"));
        assert!(is_bad(search("q", Some("a\0b")), "q"));
        assert!(is_bad(search("search", Some(&"x".repeat(201))), "search"));
        assert!(is_bad(depth(Some("deep")), "depth"));
        assert_eq!(depth(Some("99")).unwrap(), MAX_DEPTH);
    }
}
