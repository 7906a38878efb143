#!/usr/bin/env python3
"""Reads an iCalendar feed (RFC 5545) with the `icalendar` package, as a calendar app would.

Usage: calendar_check.py '["2027-03-16T10:00:00Z", ...]' < feed.ics

The feed must parse; every VEVENT must carry UID, DTSTAMP and a DTSTART that names an instant
(UTC, or a time zone); and the earliest N event starts, as UTC, must be exactly the N expected
ones (so a date missing from the expected list, such as a skipped meeting, must be absent).
A VEVENT with an RRULE is expanded (minus its EXDATEs), so a feed with one event per series
passes as well as one with an event per meeting. Exits 0 when all holds, 1 with the reason.
"""

import datetime
import json
import sys

import icalendar
from dateutil import rrule

UTC = datetime.timezone.utc
# Occurrences taken from one RRULE: far more than any check here needs.
MAX_OCCURRENCES = 200


def utc_text(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_start(event):
    """The event's DTSTART as an aware datetime; a floating or all-day start is an error."""
    start = event.decoded("DTSTART")
    if not isinstance(start, datetime.datetime):
        raise ValueError(f"DTSTART {start!r} is a date, not a time")
    if start.tzinfo is None:
        raise ValueError(f"DTSTART {start!r} is floating: no time zone, no UTC")
    return start


def occurrences(event):
    """Every start of one VEVENT: itself, or what its RRULE gives minus its EXDATEs."""
    start = event_start(event)
    if "RRULE" not in event:
        return [start]
    rules = rrule.rruleset()
    rules.rrule(rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
    exdates = event.get("EXDATE", [])
    for exdate in exdates if isinstance(exdates, list) else [exdates]:
        for excluded in exdate.dts:
            rules.exdate(excluded.dt)
    return [moment for _, moment in zip(range(MAX_OCCURRENCES), rules)]


def main():
    expected = json.loads(sys.argv[1])
    calendar = icalendar.Calendar.from_ical(sys.stdin.read())
    starts = []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if required not in event:
                raise ValueError(f"a VEVENT has no {required}: {event.to_ical()!r}")
        starts.extend(occurrences(event))
    found = sorted(utc_text(moment) for moment in starts)
    first = found[: len(expected)]
    if first != sorted(expected):
        print(f"expected the first starts {sorted(expected)}, found {first} (all: {found})", file=sys.stderr)
        return 1
    print(f"ok: {len(found)} event starts, the first {len(expected)} as expected")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # a feed that does not parse is a failed check, with the reason
        print(f"the feed does not read as iCalendar: {error!r}", file=sys.stderr)
        sys.exit(1)
