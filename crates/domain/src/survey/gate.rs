//! The anonymity rules that decide what of a survey's results may be shown. They are pure
//! arithmetic on counts, so each is unit- and property-tested here, and every door (page, API,
//! CSV, chart, cockpit) shows only what passed through them.

use crate::error::FieldError;

/// The smallest group whose numbers are shown: *k*. Never below 3, at most 10, 5 by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct MinRespondents(usize);

impl MinRespondents {
    pub const FLOOR: usize = 3;
    pub const CEILING: usize = 10;
    pub const DEFAULT: MinRespondents = MinRespondents(5);

    pub fn new(k: i64) -> Result<Self, FieldError> {
        if (Self::FLOOR as i64..=Self::CEILING as i64).contains(&k) {
            Ok(Self(k as usize))
        } else {
            Err(FieldError::new(
                "min_respondents",
                format!(
                    "must be between {} and {} people",
                    Self::FLOOR,
                    Self::CEILING
                ),
            ))
        }
    }

    /// A survey's *k*: what its creator asked for, never below the organisation's minimum.
    pub fn for_survey(
        asked: Option<i64>,
        organisation: MinRespondents,
    ) -> Result<Self, FieldError> {
        match asked {
            None => Ok(organisation),
            Some(k) => {
                let k = Self::new(k)?;
                if k < organisation {
                    Err(FieldError::new(
                        "min_respondents",
                        format!(
                            "must be at least {}, the organisation's minimum",
                            organisation.0
                        ),
                    ))
                } else {
                    Ok(k)
                }
            }
        }
    }

    pub fn get(self) -> usize {
        self.0
    }

    /// Whether a group of `n` respondents (or answers, or comments) may be shown.
    pub fn shows(self, n: usize) -> bool {
        n >= self.0
    }
}

impl Default for MinRespondents {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Which parts of a split of a shown parent may be shown (rule 4). A part is shown only when it
/// holds at least *k* and so does its complement in the parent (else subtracting it from the
/// parent tells about fewer than *k*). Then, while the hidden parts together hold between 1 and
/// *k* − 1 (so the parent minus the shown parts would reveal them), the smallest shown part is
/// hidden too. Nothing is shown when the parent itself is below *k*.
///
/// `parts` are the counts of disjoint groups that together make up `parent`.
pub fn shown_parts(parent: usize, parts: &[usize], k: MinRespondents) -> Vec<bool> {
    if !k.shows(parent) {
        return vec![false; parts.len()];
    }
    let mut shown: Vec<bool> = parts
        .iter()
        .map(|&n| k.shows(n) && k.shows(parent.saturating_sub(n)))
        .collect();
    loop {
        let hidden_total: usize = parts
            .iter()
            .zip(&shown)
            .filter(|&(_, &s)| !s)
            .map(|(&n, _)| n)
            .sum();
        if hidden_total == 0 || k.shows(hidden_total) {
            return shown;
        }
        let smallest = parts
            .iter()
            .enumerate()
            .filter(|&(i, _)| shown[i])
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i);
        match smallest {
            Some(i) => shown[i] = false,
            None => return shown,
        }
    }
}

/// Rule 4 across surveys: two surveys of the same instrument whose windows and audiences overlap
/// can be subtracted from each other. Their results are shown only when their respondent counts
/// are equal or differ by at least *k* (the larger *k* of the two).
pub fn overlap_allows(respondents: usize, other_respondents: usize, k: MinRespondents) -> bool {
    let difference = respondents.abs_diff(other_respondents);
    difference == 0 || k.shows(difference)
}

/// Rule 6: the waves of a recurring survey may be pooled in fixed, consecutive blocks of
/// `pool` waves counted from the first (waves 1–3, 4–6, … for a pool of 3). The blocks never
/// overlap and never move, so no two pooled results differ by one wave.
pub const MAX_POOL: i64 = 6;

pub fn check_pool(pool: i64) -> Result<usize, FieldError> {
    if (1..=MAX_POOL).contains(&pool) {
        Ok(pool as usize)
    } else {
        Err(FieldError::new(
            "pool_waves",
            format!("pool between 1 and {MAX_POOL} waves"),
        ))
    }
}

/// The waves (1-based, inclusive) of the block that holds `wave`.
pub fn pool_block(wave: usize, pool: usize) -> (usize, usize) {
    let pool = pool.max(1);
    let start = (wave.max(1) - 1) / pool * pool + 1;
    (start, start + pool - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k(n: i64) -> MinRespondents {
        MinRespondents::new(n).unwrap()
    }

    #[test]
    fn k_is_between_three_and_ten() {
        assert!(MinRespondents::new(2).is_err());
        assert!(MinRespondents::new(11).is_err());
        assert_eq!(MinRespondents::new(3).unwrap().get(), 3);
        assert_eq!(MinRespondents::default().get(), 5);
        assert_eq!(MinRespondents::for_survey(None, k(4)).unwrap(), k(4));
        assert!(MinRespondents::for_survey(Some(3), k(4)).is_err());
        assert_eq!(MinRespondents::for_survey(Some(7), k(4)).unwrap(), k(7));
    }

    #[test]
    fn a_part_whose_complement_is_small_is_hidden() {
        // Parent 12: a part of 9 would leave 3 to subtract; the part of 3 is small itself.
        assert_eq!(shown_parts(12, &[9, 3], k(5)), [false, false]);
        assert_eq!(shown_parts(12, &[6, 6], k(5)), [true, true]);
        // Parent below k: nothing.
        assert_eq!(shown_parts(4, &[4], k(5)), [false]);
        // One hidden part of 2 would be parent − the rest: the smallest shown part goes too.
        assert_eq!(shown_parts(17, &[5, 10, 2], k(5)), [false, true, false]);
        // Empty parts hide nothing.
        assert_eq!(shown_parts(10, &[5, 5, 0], k(5)), [true, true, false]);
    }

    #[test]
    fn overlapping_surveys() {
        assert!(overlap_allows(10, 10, k(5)));
        assert!(!overlap_allows(10, 8, k(5)));
        assert!(overlap_allows(13, 8, k(5)));
    }

    #[test]
    fn pool_blocks_are_fixed() {
        assert_eq!(pool_block(1, 3), (1, 3));
        assert_eq!(pool_block(3, 3), (1, 3));
        assert_eq!(pool_block(4, 3), (4, 6));
        assert_eq!(pool_block(5, 1), (5, 5));
        assert!(check_pool(0).is_err() && check_pool(7).is_err());
    }

    proptest! {
        #[test]
        fn nothing_shown_or_derivable_is_below_k(
            parts in prop::collection::vec(0usize..20, 1..8),
            kk in 3i64..=10,
        ) {
            let k = k(kk);
            let parent: usize = parts.iter().sum();
            let shown = shown_parts(parent, &parts, k);
            let mut hidden_total = 0;
            for (&n, &s) in parts.iter().zip(&shown) {
                if s {
                    // A shown part, and what subtracting it from the parent leaves, hold k.
                    prop_assert!(k.shows(n));
                    prop_assert!(k.shows(parent - n));
                } else {
                    hidden_total += n;
                }
            }
            // Parent minus every shown part: nothing, or at least k people.
            if k.shows(parent) {
                prop_assert!(hidden_total == 0 || k.shows(hidden_total));
            } else {
                prop_assert!(shown.iter().all(|s| !s));
            }
        }

        #[test]
        fn every_wave_is_in_exactly_one_block(wave in 1usize..500, pool in 1usize..=6) {
            let (start, end) = pool_block(wave, pool);
            prop_assert!(start <= wave && wave <= end);
            prop_assert_eq!(end - start + 1, pool);
            prop_assert_eq!((start - 1) % pool, 0);
        }
    }
}
