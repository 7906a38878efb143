//! One time convention for everything stored: UTC, whole seconds. Every timestamp the store
//! writes is a [`Timestamp`], so SQLite's text encoding is always the same width
//! (`2026-11-25T09:30:00Z`) and comparing two of them as text is comparing them as times, as it is
//! in PostgreSQL. Schedules, survey windows and digests rely on that.

use std::fmt;
use std::ops::{Add, Sub};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

/// A moment in UTC with whole-second precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = DateTime))]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// The moment `at`, in UTC, with its fraction of a second dropped.
    pub fn truncating(at: OffsetDateTime) -> Self {
        let utc = at.to_offset(UtcOffset::UTC);
        Self(utc - Duration::nanoseconds(i64::from(utc.nanosecond())))
    }

    /// Seconds since 1970-01-01 UTC; `None` outside the years 1 to 9999.
    pub fn from_unix(seconds: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp(seconds)
            .ok()
            .filter(|t| (1..=9999).contains(&t.year()))
            .map(Self)
    }

    pub fn unix(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// For people: `25 Nov 2026, 09:30 UTC`.
    pub fn human(self) -> String {
        const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] = time::macros::format_description!(
            "[day padding:none] [month repr:short] [year], [hour]:[minute] UTC"
        );
        self.0.format(FORMAT).unwrap_or_else(|_| self.rfc3339())
    }

    /// The calendar day in UTC.
    pub fn date(self) -> time::Date {
        self.0.date()
    }

    /// RFC 3339, e.g. `2026-11-25T09:30:00Z`.
    pub fn rfc3339(self) -> String {
        self.0
            .format(&Rfc3339)
            .expect("a UTC time within years 1..9999 always formats")
    }

    /// Parses RFC 3339 and keeps whole seconds; `None` for a time that is not one of the years
    /// 1 to 9999 in UTC (`9999-12-31T23:59:59-01:00` is in the year 10000).
    pub fn parse_rfc3339(raw: &str) -> Option<Self> {
        OffsetDateTime::parse(raw.trim(), &Rfc3339)
            .ok()
            .and_then(|at| at.checked_to_offset(UtcOffset::UTC))
            .filter(|at| (1..=9999).contains(&at.year()))
            .map(Self::truncating)
    }
}

impl Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, duration: Duration) -> Timestamp {
        Timestamp::truncating(self.0 + duration)
    }
}

impl Sub<Duration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, duration: Duration) -> Timestamp {
        Timestamp::truncating(self.0 - duration)
    }
}

impl Sub for Timestamp {
    type Output = Duration;
    fn sub(self, other: Timestamp) -> Duration {
        self.0 - other.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse_rfc3339(&raw)
            .ok_or_else(|| serde::de::Error::custom(format!("“{raw}” is not an RFC 3339 time")))
    }
}

/// Where the current time comes from: the system in production, a hand-set clock in tests of
/// anything that depends on time passing.
pub trait Clock: Send + Sync + fmt::Debug {
    fn now(&self) -> Timestamp;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::truncating(OffsetDateTime::now_utc())
    }
}

/// A clock that stands still until moved; for tests.
#[derive(Debug)]
pub struct ManualClock(std::sync::Mutex<Timestamp>);

impl ManualClock {
    pub fn new(start: Timestamp) -> Self {
        Self(std::sync::Mutex::new(start))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now = *now + by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(feature = "sqlx")]
mod sql {
    //! Stored as the driver stores `OffsetDateTime`: RFC 3339 text in SQLite (always the same
    //! width, since there is never a fraction or an offset other than `Z`), `timestamptz` in
    //! PostgreSQL.

    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
    use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
    use sqlx::{Decode, Encode, Postgres, Sqlite, Type};
    use time::OffsetDateTime;

    use super::Timestamp;

    impl Type<Sqlite> for Timestamp {
        fn type_info() -> SqliteTypeInfo {
            <OffsetDateTime as Type<Sqlite>>::type_info()
        }
        fn compatible(ty: &SqliteTypeInfo) -> bool {
            <OffsetDateTime as Type<Sqlite>>::compatible(ty)
        }
    }

    impl<'q> Encode<'q, Sqlite> for Timestamp {
        fn encode_by_ref(
            &self,
            buf: &mut Vec<SqliteArgumentValue<'q>>,
        ) -> Result<IsNull, BoxDynError> {
            <OffsetDateTime as Encode<'q, Sqlite>>::encode_by_ref(&self.0, buf)
        }
    }

    impl<'r> Decode<'r, Sqlite> for Timestamp {
        fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
            <OffsetDateTime as Decode<'r, Sqlite>>::decode(value).map(Timestamp::truncating)
        }
    }

    impl Type<Postgres> for Timestamp {
        fn type_info() -> PgTypeInfo {
            <OffsetDateTime as Type<Postgres>>::type_info()
        }
    }

    impl Encode<'_, Postgres> for Timestamp {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            <OffsetDateTime as Encode<'_, Postgres>>::encode_by_ref(&self.0, buf)
        }
    }

    impl<'r> Decode<'r, Postgres> for Timestamp {
        fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            <OffsetDateTime as Decode<'r, Postgres>>::decode(value).map(Timestamp::truncating)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn drops_fractions_and_offsets() {
        let t = Timestamp::truncating(datetime!(2026-11-25 10:30:15.987654321 +01:00));
        assert_eq!(t.rfc3339(), "2026-11-25T09:30:15Z");
        assert_eq!(
            (t + Duration::milliseconds(1500)).rfc3339(),
            "2026-11-25T09:30:16Z"
        );
        assert_eq!(Timestamp::parse_rfc3339("2026-11-25T09:30:15.5Z"), Some(t));
        assert_eq!(Timestamp::parse_rfc3339("yesterday"), None);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2026-11-25T09:30:15Z\""
        );
    }

    proptest! {
        /// Text order is time order: the property SQLite comparisons depend on.
        #[test]
        fn text_order_is_time_order(a in 0i64..253_402_300_799, b in 0i64..253_402_300_799) {
            let (ta, tb) = (Timestamp::from_unix(a).unwrap(), Timestamp::from_unix(b).unwrap());
            prop_assert_eq!(ta.rfc3339().len(), 20);
            prop_assert_eq!(ta.cmp(&tb), ta.rfc3339().cmp(&tb.rfc3339()));
            prop_assert_eq!(Timestamp::parse_rfc3339(&ta.rfc3339()), Some(ta));
        }
    }
}
