//! Time zones: the IANA names people choose from, and the local time in one.
//!
//! The list is the tz database bundled with `jiff` (compiled into the binary, so every install
//! offers the same zones and nothing is read from the disk). It holds the current names and the
//! older ones kept as links (`Asia/Calcutta`, `US/Pacific`), so a value that was a valid name
//! before stays valid; only `Factory` (a placeholder meaning "no zone") is left out.

use std::sync::OnceLock;

use crate::error::FieldError;
use crate::timestamp::Timestamp;

/// The tz database's placeholder zone: a name, but not a place anyone is in.
const NOT_A_PLACE: &str = "Factory";

/// Every time zone name a person may choose, sorted (bytewise: areas first, then the few
/// names without an area such as `UTC`, each in alphabetical order).
pub fn names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_owned())
            .filter(|name| name != NOT_A_PLACE)
            .collect();
        names.sort();
        names.dedup();
        names
    })
}

/// The listed name `raw` spells, ignoring case (`europe/lisbon` is `Europe/Lisbon`).
pub fn find(raw: &str) -> Option<&'static str> {
    static LOWER: OnceLock<Vec<(String, usize)>> = OnceLock::new();
    let lower = LOWER.get_or_init(|| {
        let mut lower: Vec<(String, usize)> = names()
            .iter()
            .enumerate()
            .map(|(i, name)| (name.to_ascii_lowercase(), i))
            .collect();
        lower.sort();
        lower
    });
    let wanted = raw.trim().to_ascii_lowercase();
    lower
        .binary_search_by(|(name, _)| name.as_str().cmp(&wanted))
        .ok()
        .map(|at| names()[lower[at].1].as_str())
}

/// A time zone a person chose: one of [`names`], in its own spelling; empty means "not said".
pub fn parse(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    find(value).map(str::to_owned).ok_or_else(|| {
        FieldError::new(
            "time_zone",
            format!(
                "“{value}” is not a time zone name such as Europe/Lisbon; pick one from the list"
            ),
        )
    })
}

/// The wall-clock time (`14:05`, 24-hour) at `at` in the zone `name`; `None` for a name that is
/// not a zone.
pub fn local_time(name: &str, at: Timestamp) -> Option<String> {
    let zone = find(name)?;
    let tz = jiff::tz::db().get(zone).ok()?;
    let instant = jiff::Timestamp::from_second(at.unix()).ok()?;
    let civil = tz.to_datetime(instant);
    Some(format!("{:02}:{:02}", civil.hour(), civil.minute()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_list_is_the_iana_names() {
        let names = names();
        assert!(names.len() > 400, "{} names", names.len());
        for zone in [
            "Europe/Lisbon",
            "America/Argentina/Buenos_Aires",
            "America/Los_Angeles",
            "Asia/Kolkata",
            "Asia/Calcutta",
            "US/Pacific",
            "Etc/GMT+5",
            "UTC",
        ] {
            assert!(names.iter().any(|n| n == zone), "{zone} is listed");
        }
        assert!(!names.iter().any(|n| n == "Factory"));
        assert!(
            names.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
    }

    #[test]
    fn only_listed_names_are_time_zones() {
        assert_eq!(parse(" Europe/Lisbon ").unwrap(), "Europe/Lisbon");
        assert_eq!(parse("europe/LISBON").unwrap(), "Europe/Lisbon");
        assert_eq!(parse("").unwrap(), "");
        assert_eq!(parse("  ").unwrap(), "");
        for wrong in [
            "Lisbon",
            "Pacific Time",
            "Europe/Atlantis",
            "not a zone!",
            "Factory",
            "+01:00",
        ] {
            let error = parse(wrong).unwrap_err();
            assert_eq!(error.field, "time_zone");
            assert!(error.message.contains(wrong), "{error}");
        }
    }

    #[test]
    fn local_time_follows_the_zone_and_its_summer_time() {
        let winter = Timestamp::parse_rfc3339("2026-01-15T13:05:00Z").unwrap();
        let summer = Timestamp::parse_rfc3339("2026-07-15T13:05:00Z").unwrap();
        assert_eq!(
            local_time("Europe/Lisbon", winter).as_deref(),
            Some("13:05")
        );
        assert_eq!(
            local_time("Europe/Lisbon", summer).as_deref(),
            Some("14:05")
        );
        assert_eq!(local_time("Asia/Kolkata", winter).as_deref(), Some("18:35"));
        assert_eq!(
            local_time("America/Los_Angeles", summer).as_deref(),
            Some("06:05")
        );
        assert_eq!(local_time("UTC", summer).as_deref(), Some("13:05"));
        assert_eq!(local_time("Lisbon", summer), None);
        assert_eq!(local_time("", summer), None);
    }

    proptest! {
        #[test]
        fn every_listed_zone_is_accepted_in_any_case(i in 0usize..10_000, upper in any::<bool>()) {
            let name = &names()[i % names().len()];
            let typed = if upper { name.to_uppercase() } else { name.to_lowercase() };
            prop_assert_eq!(&parse(&typed).unwrap(), name);
            prop_assert!(local_time(name, Timestamp::from_unix(1_800_000_000).unwrap()).is_some());
        }
    }
}
