//! When a series meets: a cadence, and the first meeting's wall-clock date and time in the time
//! zone of the person who set it up. Every later occurrence keeps that wall-clock time in that
//! zone, so a 10:00 meeting in Lisbon stays at 10:00 in Lisbon across summer time, and its UTC
//! instant moves instead.
//!
//! - weekly and fortnightly: the same weekday every 7 or 14 days;
//! - monthly: the same weekday in the same week of the month as the first meeting (the second
//!   Tuesday), or the last such weekday when the first was the fifth.

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::error::FieldError;
use crate::time_zone;
use crate::timestamp::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Fortnightly,
    Monthly,
}

string_enum!(Cadence, "cadence",
    Cadence::Weekly => "weekly", "Every week",
    Cadence::Fortnightly => "fortnightly", "Every two weeks",
    Cadence::Monthly => "monthly", "Every month",
);

impl Cadence {
    /// The usual number of days between two meetings (monthly: 28 to 35; 30 is used for
    /// "how overdue" and for estimates).
    pub fn days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Fortnightly => 14,
            Cadence::Monthly => 30,
        }
    }
}

/// The rule that places every occurrence of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub cadence: Cadence,
    /// The first meeting's date and time on the wall clock of `time_zone`.
    pub first: DateTime,
    /// An IANA time zone name (`Europe/Lisbon`).
    pub time_zone: String,
}

/// How far ahead a first meeting may be set.
const FIRST_MEETING_WITHIN_DAYS: i64 = 366;
/// Occurrences are counted up to here; beyond, nothing is scheduled (about 190 years weekly).
pub const MAX_OCCURRENCE: u32 = 10_000;

impl Schedule {
    /// A schedule whose first meeting is at `first` (an instant), read on the wall clock of
    /// `time_zone` (empty means UTC). The first meeting must lie ahead of `now`, within a year.
    pub fn starting_at(
        cadence: Cadence,
        first: Timestamp,
        time_zone: &str,
        now: Timestamp,
    ) -> Result<Self, FieldError> {
        if first <= now {
            return Err(FieldError::new(
                "first_meeting_at",
                "must be in the future: a series starts with a meeting still to come",
            ));
        }
        if (first - now).whole_days() > FIRST_MEETING_WITHIN_DAYS {
            return Err(FieldError::new(
                "first_meeting_at",
                "must be within a year from now",
            ));
        }
        let zone_name = zone_or_utc(time_zone)?;
        let zone = zone(&zone_name);
        let instant = jiff::Timestamp::from_second(first.unix())
            .map_err(|_| FieldError::new("first_meeting_at", "is not a time Tend can place"))?;
        Ok(Self {
            cadence,
            first: zone.to_datetime(instant),
            time_zone: zone_name,
        })
    }

    /// A schedule from a wall-clock date and time typed into a form (`2026-12-01`, `10:00`) in
    /// `time_zone`.
    pub fn from_wall_clock(
        cadence: Cadence,
        date: &str,
        time: &str,
        time_zone: &str,
        now: Timestamp,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let date: Option<Date> = date.trim().parse().ok().or_else(|| {
            errors.push(FieldError::new(
                "date",
                "must be a date written as YYYY-MM-DD, such as 2026-12-01",
            ));
            None
        });
        let time: Option<jiff::civil::Time> = time.trim().parse().ok().or_else(|| {
            errors.push(FieldError::new(
                "time",
                "must be a time written as HH:MM, such as 10:00",
            ));
            None
        });
        let zone_name = zone_or_utc(time_zone).map_err(|e| errors.push(e)).ok();
        let (Some(date), Some(time), Some(zone_name)) = (date, time, zone_name) else {
            return Err(errors);
        };
        let first = date.to_datetime(time);
        let instant = local_instant(&zone(&zone_name), first)
            .ok_or_else(|| vec![FieldError::new("date", "is not a date Tend can place")])?;
        Self::starting_at(cadence, instant, &zone_name, now).map_err(|e| {
            vec![FieldError::new(
                "date",
                e.message.replace("must be", "the first meeting must be"),
            )]
        })
    }

    /// The wall-clock date and time of occurrence `k` (0 is the first meeting).
    pub fn local(&self, k: u32) -> Option<DateTime> {
        if k > MAX_OCCURRENCE {
            return None;
        }
        let day = self.first.date();
        let date = match self.cadence {
            Cadence::Weekly => day
                .checked_add(jiff::Span::new().days(i64::from(k) * 7))
                .ok()?,
            Cadence::Fortnightly => day
                .checked_add(jiff::Span::new().days(i64::from(k) * 14))
                .ok()?,
            Cadence::Monthly => {
                let month = day
                    .first_of_month()
                    .checked_add(jiff::Span::new().months(i64::from(k)))
                    .ok()?;
                match week_of_month(day) {
                    Some(nth) => month.nth_weekday_of_month(nth, day.weekday()).ok()?,
                    None => month.nth_weekday_of_month(-1, day.weekday()).ok()?,
                }
            }
        };
        Some(date.to_datetime(self.first.time()))
    }

    /// When occurrence `k` starts. A wall-clock time that does not exist that day (the hour
    /// skipped when summer time starts) is read as the same time after the change, as calendar
    /// apps do.
    pub fn occurrence(&self, k: u32) -> Option<Timestamp> {
        local_instant(&zone(&self.time_zone), self.local(k)?)
    }

    /// The first occurrence numbered at least `from` that starts after `after`: the next meeting
    /// once the one before it is over, never on a date already used.
    pub fn next_after(&self, after: Timestamp, from: u32) -> Option<(u32, Timestamp)> {
        let first = self.occurrence(0)?;
        // Start near the answer: occurrences are at least 28 days apart monthly, 7 or 14 otherwise.
        let gap = match self.cadence {
            Cadence::Weekly => 7,
            Cadence::Fortnightly => 14,
            Cadence::Monthly => 31,
        };
        let elapsed_days = (after - first).whole_days().max(0);
        let estimate = u32::try_from(elapsed_days / gap).unwrap_or(MAX_OCCURRENCE);
        let mut k = from.max(estimate.saturating_sub(1));
        while k <= MAX_OCCURRENCE {
            let at = self.occurrence(k)?;
            if at > after {
                return Some((k, at));
            }
            k += 1;
        }
        None
    }

    /// The RRULE of this cadence (RFC 5545), for calendars: `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`.
    pub fn rrule(&self) -> String {
        let day = weekday_code(self.first.date().weekday());
        match self.cadence {
            Cadence::Weekly => format!("FREQ=WEEKLY;BYDAY={day}"),
            Cadence::Fortnightly => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
            Cadence::Monthly => {
                let nth = week_of_month(self.first.date()).unwrap_or(-1);
                format!("FREQ=MONTHLY;BYDAY={nth}{day}")
            }
        }
    }

    /// In words: "Every week on Tuesday at 10:00 (Europe/Lisbon)".
    pub fn describe(&self) -> String {
        let weekday = weekday_name(self.first.date().weekday());
        let at = format!("{:02}:{:02}", self.first.hour(), self.first.minute());
        let when = match self.cadence {
            Cadence::Weekly => format!("Every week on {weekday}"),
            Cadence::Fortnightly => format!("Every two weeks on {weekday}"),
            Cadence::Monthly => match week_of_month(self.first.date()) {
                Some(nth) => format!("Every month on the {} {weekday}", ordinal(nth)),
                None => format!("Every month on the last {weekday}"),
            },
        };
        format!("{when} at {at} ({})", self.time_zone)
    }

    /// The first meeting's wall clock as stored: `2026-12-01T10:00:00`.
    pub fn first_text(&self) -> String {
        self.first.to_string()
    }

    /// A schedule as stored; `None` when the stored text is not one.
    pub fn from_stored(cadence: Cadence, first: &str, time_zone: &str) -> Option<Self> {
        Some(Self {
            cadence,
            first: first.parse().ok()?,
            time_zone: time_zone::find(time_zone)?.to_owned(),
        })
    }
}

/// The wall-clock date and time at `at` in `time_zone` (UTC when it is not a zone), for showing a
/// meeting time to the person it belongs to: `Tue 1 Dec 2026, 10:00`.
pub fn wall_clock(at: Timestamp, time_zone: &str) -> String {
    let zone = time_zone::find(time_zone).map_or(TimeZone::UTC, zone);
    let Ok(instant) = jiff::Timestamp::from_second(at.unix()) else {
        return at.human();
    };
    instant
        .to_zoned_datetime(zone)
        .strftime("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// The calendar date at `at` in `time_zone` (UTC when it is not a zone).
pub fn local_date(at: Timestamp, time_zone: &str) -> Option<Date> {
    let zone = time_zone::find(time_zone).map_or(TimeZone::UTC, zone);
    let instant = jiff::Timestamp::from_second(at.unix()).ok()?;
    Some(zone.to_datetime(instant).date())
}

/// The instant a wall-clock date and time typed into a form (`2026-12-01T10:00`, as a
/// `datetime-local` input sends it) names in `time_zone` (UTC when it is not a zone).
pub fn wall_clock_instant(date_time: &str, time_zone: &str) -> Option<Timestamp> {
    let local: DateTime = date_time.trim().parse().ok()?;
    let zone = time_zone::find(time_zone).map_or(TimeZone::UTC, zone);
    local_instant(&zone, local)
}

/// The wall-clock date and time at `at` in `time_zone`, as a `datetime-local` input shows it
/// (`2026-12-01T10:00`).
pub fn wall_clock_input(at: Timestamp, time_zone: &str) -> String {
    let zone = time_zone::find(time_zone).map_or(TimeZone::UTC, zone);
    match jiff::Timestamp::from_second(at.unix()) {
        Ok(instant) => instant
            .to_zoned_datetime(zone)
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
        Err(_) => at.rfc3339(),
    }
}

fn zone_or_utc(raw: &str) -> Result<String, FieldError> {
    let name = time_zone::parse(raw)?;
    Ok(if name.is_empty() {
        "UTC".to_owned()
    } else {
        name
    })
}

fn zone(name: &str) -> TimeZone {
    jiff::tz::db().get(name).unwrap_or(TimeZone::UTC)
}

fn local_instant(zone: &TimeZone, local: DateTime) -> Option<Timestamp> {
    let instant = zone.to_ambiguous_timestamp(local).compatible().ok()?;
    Timestamp::from_unix(instant.as_second())
}

/// Which week of its month a date is in (1 to 4), or `None` for the fifth (then "the last").
fn week_of_month(date: Date) -> Option<i8> {
    let nth = (date.day() - 1) / 7 + 1;
    (nth <= 4).then_some(nth)
}

fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn ordinal(nth: i8) -> &'static str {
    match nth {
        1 => "first",
        2 => "second",
        3 => "third",
        _ => "fourth",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(raw: &str) -> Timestamp {
        Timestamp::parse_rfc3339(raw).unwrap()
    }

    fn now() -> Timestamp {
        at("2026-11-25T09:00:00Z")
    }

    #[test]
    fn weekly_keeps_the_wall_clock_across_summer_time() {
        // Tuesday 17 March 2026, 10:00 in Lisbon (UTC+0); summer time starts 29 March.
        let schedule = Schedule::starting_at(
            Cadence::Weekly,
            at("2027-03-16T10:00:00Z"),
            "Europe/Lisbon",
            now(),
        )
        .unwrap();
        assert_eq!(schedule.occurrence(0), Some(at("2027-03-16T10:00:00Z")));
        assert_eq!(schedule.occurrence(1), Some(at("2027-03-23T10:00:00Z")));
        // After the change the meeting is still at 10:00 in Lisbon: 09:00 UTC.
        assert_eq!(schedule.occurrence(2), Some(at("2027-03-30T09:00:00Z")));
        assert_eq!(schedule.rrule(), "FREQ=WEEKLY;BYDAY=TU");
        assert_eq!(
            schedule.describe(),
            "Every week on Tuesday at 10:00 (Europe/Lisbon)"
        );
    }

    #[test]
    fn fortnightly_and_monthly() {
        let fortnightly = Schedule::starting_at(
            Cadence::Fortnightly,
            at("2026-12-02T15:30:00Z"),
            "UTC",
            now(),
        )
        .unwrap();
        assert_eq!(fortnightly.occurrence(1), Some(at("2026-12-16T15:30:00Z")));
        assert_eq!(fortnightly.rrule(), "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE");

        // The second Tuesday of December 2026 is the 8th.
        let monthly =
            Schedule::starting_at(Cadence::Monthly, at("2026-12-08T09:00:00Z"), "", now()).unwrap();
        assert_eq!(monthly.time_zone, "UTC");
        assert_eq!(monthly.occurrence(1), Some(at("2027-01-12T09:00:00Z")));
        assert_eq!(monthly.occurrence(2), Some(at("2027-02-09T09:00:00Z")));
        assert_eq!(monthly.rrule(), "FREQ=MONTHLY;BYDAY=2TU");

        // A fifth Tuesday becomes "the last Tuesday".
        let last =
            Schedule::starting_at(Cadence::Monthly, at("2026-12-29T09:00:00Z"), "UTC", now())
                .unwrap();
        assert_eq!(last.occurrence(1), Some(at("2027-01-26T09:00:00Z")));
        assert_eq!(last.rrule(), "FREQ=MONTHLY;BYDAY=-1TU");
        assert!(last.describe().contains("last Tuesday"));
    }

    #[test]
    fn a_first_meeting_is_ahead_and_within_a_year() {
        let past = Schedule::starting_at(Cadence::Weekly, at("2026-11-24T09:00:00Z"), "", now());
        assert_eq!(past.unwrap_err().field, "first_meeting_at");
        let far = Schedule::starting_at(Cadence::Weekly, at("2028-01-01T09:00:00Z"), "", now());
        assert_eq!(far.unwrap_err().field, "first_meeting_at");
        let zone = Schedule::starting_at(
            Cadence::Weekly,
            at("2026-12-01T09:00:00Z"),
            "Mars/Olympus",
            now(),
        );
        assert_eq!(zone.unwrap_err().field, "time_zone");
    }

    #[test]
    fn a_form_names_each_wrong_field() {
        let errors = Schedule::from_wall_clock(Cadence::Weekly, "soon", "25:99", "Nowhere", now())
            .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["date", "time", "time_zone"]);
        let schedule = Schedule::from_wall_clock(
            Cadence::Weekly,
            "2026-12-01",
            "10:00",
            "America/New_York",
            now(),
        )
        .unwrap();
        assert_eq!(schedule.occurrence(0), Some(at("2026-12-01T15:00:00Z")));
        assert_eq!(
            Schedule::from_wall_clock(Cadence::Weekly, "2026-11-01", "10:00", "", now())
                .unwrap_err()[0]
                .field,
            "date"
        );
    }

    #[test]
    fn a_time_skipped_by_summer_time_moves_forward() {
        // 01:30 does not exist in Lisbon on 28 March 2027 (01:00 → 02:00).
        let schedule = Schedule::from_wall_clock(
            Cadence::Weekly,
            "2027-03-21",
            "01:30",
            "Europe/Lisbon",
            now(),
        )
        .unwrap();
        assert_eq!(schedule.occurrence(1), Some(at("2027-03-28T01:30:00Z")));
        assert_eq!(schedule.occurrence(2), Some(at("2027-04-04T00:30:00Z")));
    }

    #[test]
    fn stored_text_round_trips() {
        let schedule = Schedule::starting_at(
            Cadence::Monthly,
            at("2026-12-08T09:00:00Z"),
            "Asia/Kolkata",
            now(),
        )
        .unwrap();
        let stored = Schedule::from_stored(
            schedule.cadence,
            &schedule.first_text(),
            &schedule.time_zone,
        )
        .unwrap();
        assert_eq!(stored, schedule);
        assert_eq!(
            wall_clock(at("2026-12-08T09:00:00Z"), "Asia/Kolkata"),
            "Tue 8 Dec 2026, 14:30"
        );
    }

    fn cadence() -> impl Strategy<Value = Cadence> {
        prop_oneof![
            Just(Cadence::Weekly),
            Just(Cadence::Fortnightly),
            Just(Cadence::Monthly)
        ]
    }

    const ZONES: [&str; 6] = [
        "UTC",
        "Europe/Lisbon",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "America/Santiago",
    ];

    proptest! {
        /// Meetings never share a day, and each keeps the first meeting's weekday and wall-clock
        /// time (when that time exists on the day).
        #[test]
        fn occurrences_never_share_a_day(
            cadence in cadence(),
            offset_minutes in 1i64..(360 * 24 * 60),
            zone in 0usize..ZONES.len(),
        ) {
            let first = now() + time::Duration::minutes(offset_minutes);
            let schedule = Schedule::starting_at(cadence, first, ZONES[zone], now()).unwrap();
            let mut previous: Option<DateTime> = None;
            for k in 0..60 {
                let local = schedule.local(k).unwrap();
                prop_assert_eq!(local.date().weekday(), schedule.first.date().weekday());
                prop_assert_eq!(local.time(), schedule.first.time());
                if let Some(previous) = previous {
                    prop_assert!(local.date() > previous.date());
                    let gap = (local.date() - previous.date()).get_days();
                    prop_assert!(gap >= 7, "gap of {} days", gap);
                }
                prop_assert!(schedule.occurrence(k).is_some());
                previous = Some(local);
            }
        }

        /// The next meeting after any moment is later than it and later than every meeting
        /// already used: a skipped date stays skipped.
        #[test]
        fn the_next_meeting_comes_after_what_is_used(
            cadence in cadence(),
            zone in 0usize..ZONES.len(),
            used in 0u32..40,
            later_days in 0i64..400,
        ) {
            let schedule = Schedule::starting_at(
                cadence, now() + time::Duration::days(3), ZONES[zone], now()).unwrap();
            let after = now() + time::Duration::days(later_days);
            let (k, at) = schedule.next_after(after, used + 1).unwrap();
            prop_assert!(k > used);
            prop_assert!(at > after);
            prop_assert_eq!(schedule.occurrence(k), Some(at));
            // And it is the first such: the one before is either used or not after `after`.
            if k > used + 1 {
                prop_assert!(schedule.occurrence(k - 1).unwrap() <= after);
            }
        }
    }
}
