//! Align and Empower (DESIGN.md §1): linking each person's work to the larger purpose, giving
//! ownership and room, and sharing the chances to grow fairly.
//!
//! - [`objectives`]: organisation and team objectives with their why, in a tree, and the goals
//!   that serve them, with progress and check-ins.
//! - [`growth`]: a person's growth plan (skills, career conversations) and the private "lead or
//!   not?" reflection.
//! - [`empower`]: areas a person owns, decisions delegated at a level, opportunities.
//! - [`fairness`]: who is getting the stretch and visibility opportunities, in numbers.

pub mod empower;
pub mod fairness;
pub mod growth;
pub mod objectives;

use time::Date;

use crate::error::FieldError;

/// A date as people and the API write it: `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, raw: &str) -> Result<Date, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    Date::parse(
        raw,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        FieldError::new(
            field,
            format!("“{raw}” is not a date written as YYYY-MM-DD, such as 2026-12-04"),
        )
    })
}

/// An optional date: empty is none.
pub fn parse_optional_date(field: &'static str, raw: &str) -> Result<Option<Date>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, raw).map(Some)
    }
}

/// The calendar day at `at` in `time_zone` (UTC when it is not a zone): the "today" a person's
/// windows and dates are counted from.
pub fn local_today(at: crate::Timestamp, time_zone: &str) -> Date {
    crate::one_on_one::schedule::local_date(at, time_zone)
        .and_then(|d| {
            let month = time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
            Date::from_calendar_date(i32::from(d.year()), month, u8::try_from(d.day()).ok()?).ok()
        })
        .unwrap_or_else(|| at.date())
}

/// A period: from `starts_on` to `ends_on`, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub starts_on: Date,
    pub ends_on: Date,
}

/// The longest period an objective may span: long enough for a multi-year bet, short enough that
/// a typo (20026) is caught.
pub const PERIOD_MAX_DAYS: i64 = 5 * 366;

impl Period {
    /// A period whose end is not before its start and that is at most [`PERIOD_MAX_DAYS`] long.
    pub fn new(starts_on: Date, ends_on: Date) -> Result<Self, FieldError> {
        if ends_on < starts_on {
            return Err(FieldError::new(
                "ends_on",
                format!("ends before it starts ({starts_on}); choose a later end"),
            ));
        }
        if (ends_on - starts_on).whole_days() > PERIOD_MAX_DAYS {
            return Err(FieldError::new(
                "ends_on",
                "spans more than five years; choose a nearer end",
            ));
        }
        Ok(Self { starts_on, ends_on })
    }

    pub fn contains(&self, day: Date) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        self.starts_on <= other.ends_on && other.starts_on <= self.ends_on
    }

    /// Whether all of `other` lies within this period.
    pub fn covers(&self, other: &Period) -> bool {
        self.starts_on <= other.starts_on && other.ends_on <= self.ends_on
    }

    /// "2026-01-01 – 2026-03-31".
    pub fn describe(&self) -> String {
        format!("{} – {}", self.starts_on, self.ends_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn today_is_counted_in_the_persons_zone() {
        // 2026-11-25 23:30 UTC is already the 26th in Auckland, still the 25th in New York.
        let at = crate::Timestamp::parse_rfc3339("2026-11-25T23:30:00Z").unwrap();
        assert_eq!(local_today(at, "UTC"), date!(2026 - 11 - 25));
        assert_eq!(local_today(at, ""), date!(2026 - 11 - 25));
        assert_eq!(local_today(at, "Pacific/Auckland"), date!(2026 - 11 - 26));
        assert_eq!(local_today(at, "America/New_York"), date!(2026 - 11 - 25));
    }

    #[test]
    fn dates_and_periods() {
        assert_eq!(
            parse_date("d", " 2026-02-03 ").unwrap(),
            date!(2026 - 02 - 03)
        );
        assert!(parse_date("d", "03/02/2026").is_err());
        assert!(parse_date("d", "").is_err());
        assert_eq!(parse_optional_date("d", " ").unwrap(), None);
        let q1 = Period::new(date!(2026 - 01 - 01), date!(2026 - 03 - 31)).unwrap();
        assert!(q1.contains(date!(2026 - 03 - 31)));
        assert!(!q1.contains(date!(2026 - 04 - 01)));
        assert!(Period::new(date!(2026 - 02 - 01), date!(2026 - 01 - 31)).is_err());
        assert!(Period::new(date!(2026 - 01 - 01), date!(2036 - 01 - 01)).is_err());
        let q2 = Period::new(date!(2026 - 04 - 01), date!(2026 - 06 - 30)).unwrap();
        assert!(!q1.overlaps(&q2));
        let h1 = Period::new(date!(2026 - 01 - 01), date!(2026 - 06 - 30)).unwrap();
        assert!(h1.covers(&q2) && h1.overlaps(&q1) && !q1.covers(&h1));
    }
}
