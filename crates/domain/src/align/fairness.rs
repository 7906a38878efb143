//! Who gets the chances to grow: per-person counts of opportunities over a window, each person's
//! share, the Gini coefficient of the counts, the people with none lately, and anyone far above
//! the team's median. Capacity is built in everyone, not only in the "promotable" — this makes the
//! distribution visible in numbers.

use std::collections::BTreeMap;

use time::Date;

use crate::id::PersonId;

use super::empower::OpportunityKind;

/// The default window of the report.
pub const DEFAULT_WINDOW_DAYS: u32 = 180;
/// The longest window asked for.
pub const MAX_WINDOW_DAYS: u32 = 3660;
/// "No opportunity lately" looks at this many days.
pub const RECENT_DAYS: u32 = 90;

/// The population Gini coefficient of non-negative counts, zeros included:
/// G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄); 0 when there is nobody or nobody had any. Computed from the
/// sorted counts in O(n log n): Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n + 1) x₍ᵢ₎ for 0-based ranks.
pub fn gini(counts: &[u64]) -> f64 {
    let n = counts.len();
    let total: u64 = counts.iter().sum();
    if n == 0 || total == 0 {
        return 0.0;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * i as f64 - n as f64 + 1.0) * *x as f64)
        .sum();
    // 2 n² x̄ = 2 n total; the pair sum is twice `weighted`.
    (2.0 * weighted) / (2.0 * n as f64 * total as f64)
}

/// The median of the counts (the mean of the two middle ones for an even number); 0 for none.
pub fn median(counts: &[u64]) -> f64 {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2] as f64,
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

/// The first day of a window of `days` days ending today (today included).
pub fn window_start(today: Date, days: u32) -> Date {
    today
        .checked_sub(time::Duration::days(i64::from(days.max(1)) - 1))
        .unwrap_or(Date::MIN)
}

/// One opportunity as the report counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub person: PersonId,
    pub kind: OpportunityKind,
    pub happened_on: Date,
}

/// One member's line in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonLine {
    pub person: PersonId,
    pub count: u64,
    /// Their share of all counted opportunities (0 when nobody had any).
    pub share: f64,
    pub by_kind: BTreeMap<OpportunityKind, u64>,
    /// The date of their latest counted opportunity in the window, if any.
    pub last_on: Option<Date>,
    /// More than twice the team median (a median of 0 counts as 1).
    pub flagged: bool,
    /// None in the last [`RECENT_DAYS`] days.
    pub none_lately: bool,
}

/// The fairness report over one team's members.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub window_days: u32,
    pub visibility_only: bool,
    pub starts_on: Date,
    pub today: Date,
    /// In the order the members were given.
    pub people: Vec<PersonLine>,
    pub total: u64,
    pub by_kind: BTreeMap<OpportunityKind, u64>,
    pub gini: f64,
    pub median: f64,
}

impl Report {
    pub fn without_opportunity_lately(&self) -> Vec<PersonId> {
        self.people
            .iter()
            .filter(|p| p.none_lately)
            .map(|p| p.person)
            .collect()
    }

    pub fn flagged(&self) -> Vec<PersonId> {
        self.people
            .iter()
            .filter(|p| p.flagged)
            .map(|p| p.person)
            .collect()
    }
}

/// Computes the report for `members` (the lead already left out) over the last `window_days` days
/// up to `today`, from their opportunities (any dates; those outside the window or after today
/// are not counted). With `visibility_only`, every figure counts the visibility kinds alone.
pub fn report(
    members: &[PersonId],
    opportunities: &[Counted],
    today: Date,
    window_days: u32,
    visibility_only: bool,
) -> Report {
    let starts_on = window_start(today, window_days);
    let recent_from = window_start(today, RECENT_DAYS);
    let counted =
        |o: &&Counted| o.happened_on <= today && (!visibility_only || o.kind.is_visibility());
    let mut people: Vec<PersonLine> = members
        .iter()
        .map(|person| {
            let theirs: Vec<&Counted> = opportunities
                .iter()
                .filter(counted)
                .filter(|o| o.person == *person)
                .collect();
            let in_window: Vec<&&Counted> = theirs
                .iter()
                .filter(|o| o.happened_on >= starts_on)
                .collect();
            let mut by_kind = BTreeMap::new();
            for o in &in_window {
                *by_kind.entry(o.kind).or_insert(0) += 1;
            }
            PersonLine {
                person: *person,
                count: in_window.len() as u64,
                share: 0.0,
                by_kind,
                last_on: in_window.iter().map(|o| o.happened_on).max(),
                flagged: false,
                none_lately: !theirs.iter().any(|o| o.happened_on >= recent_from),
            }
        })
        .collect();
    let counts: Vec<u64> = people.iter().map(|p| p.count).collect();
    let total: u64 = counts.iter().sum();
    let median = median(&counts);
    let threshold = 2.0 * if median == 0.0 { 1.0 } else { median };
    let mut by_kind = BTreeMap::new();
    for line in &mut people {
        line.share = if total == 0 {
            0.0
        } else {
            line.count as f64 / total as f64
        };
        line.flagged = line.count as f64 > threshold;
        for (kind, n) in &line.by_kind {
            *by_kind.entry(*kind).or_insert(0) += n;
        }
    }
    Report {
        window_days,
        visibility_only,
        starts_on,
        today,
        gini: gini(&counts),
        median,
        people,
        total,
        by_kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// The definition itself, O(n²), to check the fast form against.
    fn gini_by_definition(xs: &[u64]) -> f64 {
        let n = xs.len() as f64;
        let total: u64 = xs.iter().sum();
        if xs.is_empty() || total == 0 {
            return 0.0;
        }
        let mean = total as f64 / n;
        let pairs: f64 = xs
            .iter()
            .flat_map(|a| xs.iter().map(move |b| (*a as f64 - *b as f64).abs()))
            .sum();
        pairs / (2.0 * n * n * mean)
    }

    #[test]
    fn gini_examples() {
        assert_eq!(gini(&[]), 0.0);
        assert_eq!(gini(&[0, 0, 0]), 0.0);
        assert!(close(gini(&[3, 3, 3, 3]), 0.0));
        assert!(close(gini(&[0, 0, 0, 4]), 0.75));
        assert!(close(gini(&[1, 2, 3]), gini_by_definition(&[1, 2, 3])));
        assert!(close(gini(&[1, 2, 3]), 2.0 / 9.0));
    }

    #[test]
    fn median_examples() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[5, 1, 3]), 3.0);
        assert_eq!(median(&[4, 1, 3, 2]), 2.5);
    }

    #[test]
    fn the_window_includes_today() {
        assert_eq!(
            window_start(date!(2026 - 11 - 25), 1),
            date!(2026 - 11 - 25)
        );
        assert_eq!(
            window_start(date!(2026 - 11 - 25), 180),
            date!(2026 - 05 - 30)
        );
    }

    #[test]
    fn a_report_counts_flags_and_finds_the_unnoticed() {
        let today = date!(2026 - 11 - 25);
        let (a, b, c, d) = (PersonId(1), PersonId(2), PersonId(3), PersonId(4));
        let at = |person, kind, days_ago: i64| Counted {
            person,
            kind,
            happened_on: today - time::Duration::days(days_ago),
        };
        use OpportunityKind::*;
        let opportunities = [
            at(a, PresentToLeadership, 0),
            at(a, LeadMeeting, 10),
            at(a, OwnProject, 20),
            at(a, Mentor, 30),
            at(b, StretchAssignment, 100),
            at(c, RepresentTeam, 179),
            at(c, RepresentTeam, 180), // outside the 180-day window
            at(d, LeadMeeting, -3),    // planned: not counted yet
        ];
        let r = report(&[a, b, c, d], &opportunities, today, 180, false);
        let counts: Vec<u64> = r.people.iter().map(|p| p.count).collect();
        assert_eq!(counts, [4, 1, 1, 0]);
        assert_eq!(r.total, 6);
        assert!(close(r.people[0].share, 4.0 / 6.0));
        assert_eq!(r.median, 1.0);
        assert_eq!(r.flagged(), [a], "4 > 2 × median 1");
        assert_eq!(r.without_opportunity_lately(), [b, c, d]);
        assert!(close(r.gini, gini_by_definition(&[4, 1, 1, 0])));
        assert_eq!(r.by_kind[&RepresentTeam], 1);

        let v = report(&[a, b, c, d], &opportunities, today, 180, true);
        let counts: Vec<u64> = v.people.iter().map(|p| p.count).collect();
        assert_eq!(counts, [2, 0, 1, 0]);
        assert_eq!(v.median, 0.5);
        assert_eq!(v.flagged(), [a], "2 > 2 × median 0.5");
        let zero_median = report(&[a, b, c], &opportunities[..2], today, 180, true);
        assert_eq!(zero_median.median, 0.0);
        assert_eq!(
            zero_median.flagged(),
            Vec::<PersonId>::new(),
            "a median of 0 counts as 1: 2 is not > 2"
        );
        assert_eq!(v.without_opportunity_lately(), [b, c, d]);
    }

    #[test]
    fn nobody_had_any() {
        let r = report(
            &[PersonId(1), PersonId(2)],
            &[],
            date!(2026 - 01 - 01),
            180,
            false,
        );
        assert_eq!(r.gini, 0.0);
        assert!(
            r.people
                .iter()
                .all(|p| p.share == 0.0 && !p.flagged && p.none_lately)
        );
    }

    proptest! {
        #[test]
        fn the_fast_gini_is_the_definition(xs in prop::collection::vec(0u64..50, 0..30)) {
            prop_assert!(close(gini(&xs), gini_by_definition(&xs)));
        }

        #[test]
        fn an_equal_distribution_has_gini_zero(x in 0u64..1000, n in 1usize..50) {
            prop_assert!(close(gini(&vec![x; n]), 0.0));
        }

        #[test]
        fn everything_to_one_of_n_is_n_minus_one_over_n(x in 1u64..1000, n in 1usize..50, who in 0usize..50) {
            let mut xs = vec![0; n];
            xs[who % n] = x;
            prop_assert!(close(gini(&xs), (n as f64 - 1.0) / n as f64));
        }

        #[test]
        fn gini_ignores_order_and_scale(
            xs in prop::collection::vec(0u64..100, 1..30),
            seed in any::<u64>(),
            k in 1u64..20,
        ) {
            let mut shuffled = xs.clone();
            // A deterministic permutation from the seed.
            let n = shuffled.len();
            for i in (1..n).rev() {
                let j = (seed.wrapping_mul(i as u64 + 7) % (i as u64 + 1)) as usize;
                shuffled.swap(i, j);
            }
            prop_assert!(close(gini(&xs), gini(&shuffled)));
            let scaled: Vec<u64> = xs.iter().map(|x| x * k).collect();
            prop_assert!(close(gini(&xs), gini(&scaled)));
            prop_assert!((0.0..1.0).contains(&gini(&xs)) || close(gini(&xs), 0.0));
        }

        #[test]
        fn shares_sum_to_one_when_anyone_had_any(
            counts in prop::collection::vec(0usize..6, 1..12),
        ) {
            let today = date!(2026 - 11 - 25);
            let members: Vec<PersonId> = (0..counts.len() as i64).map(PersonId).collect();
            let opportunities: Vec<Counted> = counts
                .iter()
                .enumerate()
                .flat_map(|(i, n)| (0..*n).map(move |d| Counted {
                    person: PersonId(i as i64),
                    kind: OpportunityKind::Mentor,
                    happened_on: today - time::Duration::days(d as i64 * 7),
                }))
                .collect();
            let r = report(&members, &opportunities, today, 180, false);
            let sum: f64 = r.people.iter().map(|p| p.share).sum();
            if r.total > 0 {
                prop_assert!(close(sum, 1.0));
            } else {
                prop_assert!(close(sum, 0.0));
            }
            let threshold = 2.0 * if r.median == 0.0 { 1.0 } else { r.median };
            for line in &r.people {
                prop_assert_eq!(line.flagged, line.count as f64 > threshold);
            }
        }
    }
}
