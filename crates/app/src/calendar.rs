//! A person's one-on-ones as an iCalendar feed (RFC 5545) that a calendar app subscribes to by a
//! secret URL. One VEVENT per meeting: the meetings already made (held or still to come) and the
//! series' next occurrences for half a year ahead; skipped and cancelled ones are left out. Each
//! start is the exact UTC instant the series' wall clock gives in its time zone, so the meeting
//! shows at the right hour on both sides of a summer-time change. The feed names who the meeting
//! is with, never what is on its agenda.

use icalendar::{Calendar, Component, Event};
use tend_domain::access::Viewer;
use tend_domain::one_on_one::MeetingStatus;
use tend_domain::{PersonId, Timestamp};

use crate::secrets::new_token;
use crate::{App, Error, Result};

/// How far ahead the feed lists occurrences that have no meeting yet.
const AHEAD_DAYS: i64 = 182;
/// How long a meeting is shown as lasting.
const MEETING_MINUTES: i64 = 30;
/// How much history the feed carries.
const BEHIND_DAYS: i64 = 92;
/// Series read for one feed; nobody holds more.
const MAX_SERIES: u32 = 500;

/// `20261201T100000Z`: a UTC date-time as RFC 5545 writes it.
fn ical_utc(at: Timestamp) -> String {
    at.rfc3339().replace(['-', ':'], "")
}

impl App {
    fn calendar_url_of(&self, secret: &str) -> String {
        format!("{}/calendar/{secret}.ics", self.base_url())
    }

    /// The viewer's calendar feed URL, made on first asking.
    pub async fn calendar_url(&self, viewer: &Viewer) -> Result<String> {
        if viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        if let Some(secret) = self.store.calendar_secret(viewer.id).await? {
            return Ok(self.calendar_url_of(&secret));
        }
        self.rotate_calendar_url(viewer).await
    }

    /// A new secret for the viewer's calendar feed: the old URL stops working at once.
    pub async fn rotate_calendar_url(&self, viewer: &Viewer) -> Result<String> {
        if viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let secret = new_token("");
        self.store.set_calendar_secret(viewer.id, &secret).await?;
        Ok(self.calendar_url_of(&secret))
    }

    /// The feed a secret opens; any other secret opens nothing (not found).
    pub async fn calendar_feed(&self, secret: &str) -> Result<String> {
        let secret = secret.trim_end_matches(".ics");
        let owner = self
            .store
            .calendar_owner(secret)
            .await?
            .ok_or(Error::NotFound)?;
        self.feed_for(owner).await
    }

    async fn feed_for(&self, owner: PersonId) -> Result<String> {
        let now = self.store.now();
        let host = self
            .base_url()
            .split("://")
            .nth(1)
            .unwrap_or("tend")
            .split(['/', ':'])
            .next()
            .unwrap_or("tend")
            .to_owned();
        let mut calendar = Calendar::new();
        calendar.name("Tend one-on-ones");
        let stamp = ical_utc(now);
        let horizon = now + time::Duration::days(AHEAD_DAYS);
        let since = now - time::Duration::days(BEHIND_DAYS);
        for listing in self.store.series_of(owner, None, MAX_SERIES).await? {
            let series = &listing.series;
            let other = if series.lead_id == owner {
                &listing.report_name
            } else {
                &listing.lead_name
            };
            let summary = format!("One-on-one with {other}");
            let mut add = |occurrence: u32, starts_at: Timestamp, url: String| {
                let ends_at = starts_at + time::Duration::minutes(MEETING_MINUTES);
                let event = Event::new()
                    .uid(&format!("one-on-one-{}-{occurrence}@{host}", series.id))
                    .summary(&summary)
                    .url(&url)
                    .add_property("DTSTAMP", stamp.as_str())
                    .add_property("DTSTART", ical_utc(starts_at))
                    .add_property("DTEND", ical_utc(ends_at))
                    .done();
                calendar.push(event);
            };
            let meetings = self.store.meetings_of(series.id).await?;
            let mut last_used = 0;
            for meeting in &meetings {
                last_used = last_used.max(meeting.occurrence);
                let shown = matches!(
                    meeting.status,
                    MeetingStatus::Scheduled | MeetingStatus::Completed
                );
                if shown && meeting.starts_at >= since {
                    add(
                        meeting.occurrence,
                        meeting.starts_at,
                        format!("{}/meetings/{}", self.base_url(), meeting.id),
                    );
                }
            }
            if series.ended_at.is_some() {
                continue;
            }
            // The occurrences after the meetings made so far, as they will come.
            let latest = meetings
                .iter()
                .map(|m| m.starts_at)
                .max()
                .unwrap_or(now)
                .max(now);
            let mut k = last_used + 1;
            let mut after = latest;
            while let Some((occurrence, at)) = series.schedule.next_after(after, k) {
                if at > horizon {
                    break;
                }
                add(
                    occurrence,
                    at,
                    format!("{}/one-on-ones/{}", self.base_url(), series.id),
                );
                k = occurrence + 1;
                after = at;
            }
        }
        Ok(calendar.done().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_are_written_the_rfc_5545_way() {
        let at = Timestamp::parse_rfc3339("2026-12-01T10:00:00Z").unwrap();
        assert_eq!(ical_utc(at), "20261201T100000Z");
    }
}
