//! Survey statistics, as the reference vectors in `shared/reference/survey-stats` define them:
//! reverse scoring, per-item summaries, respondents' scale scores, Cronbach's alpha (listwise)
//! with Feldt's interval, eNPS and Welch's test of a change between two waves. Every function is
//! pure and returns `None` where a statistic is undefined (report nothing, never 0).

use std::collections::BTreeMap;

use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};
use statrs::function::beta::beta_reg;

/// An item's scale: the lowest and highest answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
}

impl Scale {
    pub const AGREE_5: Scale = Scale { min: 1, max: 5 };
    pub const AGREE_7: Scale = Scale { min: 1, max: 7 };
    pub const NPS: Scale = Scale { min: 0, max: 10 };
    pub const ALL: [Scale; 3] = [Scale::AGREE_5, Scale::AGREE_7, Scale::NPS];

    pub fn contains(self, value: i64) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// The answer as scored: reverse-worded items are turned round (`min + max - raw`).
    pub fn score(self, raw: i64, reverse: bool) -> i64 {
        if reverse {
            self.min + self.max - raw
        } else {
            raw
        }
    }

    /// The two top points, the "favourable" answers (after reverse scoring).
    pub fn is_favorable(self, scored: i64) -> bool {
        scored >= self.max - 1
    }

    pub fn is_nps(self) -> bool {
        self == Scale::NPS
    }
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Sample variance (n − 1 in the denominator); undefined below two values.
pub fn sample_variance(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values)?;
    let squares: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    Some(squares / (values.len() - 1) as f64)
}

pub fn sample_sd(values: &[f64]) -> Option<f64> {
    sample_variance(values).map(f64::sqrt)
}

/// One item's (or one group of answers') summary, over the answers given (skips left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// How many scored answers fell on each point of the scale (every point listed, 0 included).
    pub distribution: BTreeMap<i64, usize>,
    pub favorable_share: Option<f64>,
}

/// Summarises scored answers on `scale`.
pub fn summarize(scale: Scale, scored: &[i64]) -> Summary {
    let values: Vec<f64> = scored.iter().map(|&v| v as f64).collect();
    let mut distribution: BTreeMap<i64, usize> = (scale.min..=scale.max).map(|p| (p, 0)).collect();
    for v in scored {
        *distribution.entry(*v).or_default() += 1;
    }
    let favorable = scored.iter().filter(|&&v| scale.is_favorable(v)).count();
    Summary {
        n: scored.len(),
        mean: mean(&values),
        sd: sample_sd(&values),
        distribution,
        favorable_share: (!scored.is_empty()).then(|| favorable as f64 / scored.len() as f64),
    }
}

/// The favourable share of a set of items: favourable answers over every item the respondents
/// were asked (a skipped item counts as not favourable), as the reference vectors define the
/// instrument-wide share. `None` without respondents.
pub fn favorable_share_of_asked(scale: Scale, rows: &[Vec<Option<i64>>]) -> Option<f64> {
    let asked: usize = rows.iter().map(Vec::len).sum();
    let favorable = rows
        .iter()
        .flatten()
        .flatten()
        .filter(|&&v| scale.is_favorable(v))
        .count();
    (asked > 0).then(|| favorable as f64 / asked as f64)
}

/// A respondent's scale score: the mean of the scored items they answered (`None` for none).
pub fn scale_score(scored: &[Option<i64>]) -> Option<f64> {
    let answered: Vec<f64> = scored.iter().flatten().map(|&v| v as f64).collect();
    mean(&answered)
}

/// Cronbach's alpha over the respondents who answered every item, with Feldt's 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alpha {
    pub value: f64,
    pub ci95: Option<(f64, f64)>,
    /// Respondents who answered every item (the n of the statistic).
    pub complete_respondents: usize,
    pub items: usize,
}

/// `rows` are respondents, each a vector of scored answers (`None` skipped), all of one length.
/// Undefined with fewer than two items, fewer than two complete respondents, or no variance in
/// the total score.
pub fn cronbach_alpha(rows: &[Vec<Option<i64>>]) -> Option<Alpha> {
    let items = rows.first().map(Vec::len)?;
    if items < 2 {
        return None;
    }
    let complete: Vec<Vec<f64>> = rows
        .iter()
        .filter(|row| row.len() == items && row.iter().all(Option::is_some))
        .map(|row| row.iter().flatten().map(|&v| v as f64).collect())
        .collect();
    let n = complete.len();
    if n < 2 {
        return None;
    }
    let item_variances: f64 = (0..items)
        .map(|i| {
            let column: Vec<f64> = complete.iter().map(|row| row[i]).collect();
            sample_variance(&column).unwrap_or(0.0)
        })
        .sum();
    let totals: Vec<f64> = complete.iter().map(|row| row.iter().sum()).collect();
    let total_variance = sample_variance(&totals)?;
    if total_variance <= 0.0 || !total_variance.is_finite() {
        return None;
    }
    let k = items as f64;
    let value = k / (k - 1.0) * (1.0 - item_variances / total_variance);
    Some(Alpha {
        value,
        ci95: feldt_interval(value, n, items),
        complete_respondents: n,
        items,
    })
}

/// Feldt's 95 % interval for alpha from `n` complete respondents and `k` items:
/// `1 − (1 − α)·F(0.975; n−1, (n−1)(k−1))` to `1 − (1 − α)·F(0.025; …)`.
fn feldt_interval(alpha: f64, n: usize, k: usize) -> Option<(f64, f64)> {
    let df1 = (n - 1) as f64;
    let df2 = ((n - 1) * (k - 1)) as f64;
    let lower = 1.0 - (1.0 - alpha) * f_quantile(0.975, df1, df2)?;
    let upper = 1.0 - (1.0 - alpha) * f_quantile(0.025, df1, df2)?;
    (lower.is_finite() && upper.is_finite()).then_some((lower, upper))
}

/// The `p` quantile of the F distribution. statrs starts from the AS 109 inverse of the
/// incomplete beta function; a few Newton steps on `I_x(a, b) = p` polish it to full double
/// precision, which the reference vectors ask for.
fn f_quantile(p: f64, df1: f64, df2: f64) -> Option<f64> {
    let f = FisherSnedecor::new(df1, df2).ok()?;
    let (a, b) = (df1 / 2.0, df2 / 2.0);
    let mut x = statrs::function::beta::inv_beta_reg(a, b, p);
    let ln_beta = statrs::function::beta::ln_beta(a, b);
    for _ in 0..8 {
        if !(x > 0.0 && x < 1.0) {
            break;
        }
        let error = beta_reg(a, b, x) - p;
        let density = ((a - 1.0) * x.ln() + (b - 1.0) * (1.0 - x).ln() - ln_beta).exp();
        if density <= 0.0 || !density.is_finite() {
            break;
        }
        let next = (x - error / density).clamp(x / 2.0, (1.0 + x) / 2.0);
        if (next - x).abs() <= f64::EPSILON * x {
            x = next;
            break;
        }
        x = next;
    }
    let quantile = df2 * x / (df1 * (1.0 - x));
    // A cross-check that costs nothing when it holds: the CDF at the answer is p.
    (quantile.is_finite() && (f.cdf(quantile) - p).abs() < 1e-6).then_some(quantile)
}

/// eNPS from 0–10 answers: promoters score 9–10, detractors 0–6.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Enps {
    pub promoters_share: f64,
    pub detractors_share: f64,
    /// 100 × (promoters' share − detractors' share), from −100 to 100.
    pub enps: f64,
}

pub fn enps(answers: &[i64]) -> Option<Enps> {
    if answers.is_empty() {
        return None;
    }
    let n = answers.len() as f64;
    let promoters = answers.iter().filter(|&&a| a >= 9).count() as f64 / n;
    let detractors = answers.iter().filter(|&&a| a <= 6).count() as f64 / n;
    Some(Enps {
        promoters_share: promoters,
        detractors_share: detractors,
        enps: 100.0 * (promoters - detractors),
    })
}

/// A change between two waves: Welch's unequal-variance t test, after minus before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub mean_difference: f64,
    pub welch_t: f64,
    pub dof: f64,
    pub p_two_sided: f64,
    /// The 95 % confidence interval of the difference (Welch–Satterthwaite).
    pub ci95: (f64, f64),
}

/// Undefined with fewer than two values on either side, or no variance on both.
pub fn welch(before: &[f64], after: &[f64]) -> Option<Change> {
    welch_from_summaries(
        (mean(before)?, sample_sd(before)?, before.len()),
        (mean(after)?, sample_sd(after)?, after.len()),
    )
}

/// Welch's test from each side's mean, sample SD and count (what stored results keep).
pub fn welch_from_summaries(before: (f64, f64, usize), after: (f64, f64, usize)) -> Option<Change> {
    let ((m1, sd1, n1), (m2, sd2, n2)) = (before, after);
    if n1 < 2 || n2 < 2 {
        return None;
    }
    let (v1, v2) = (sd1 * sd1, sd2 * sd2);
    let (n1, n2) = (n1 as f64, n2 as f64);
    let (s1, s2) = (v1 / n1, v2 / n2);
    let standard_error = (s1 + s2).sqrt();
    if standard_error <= 0.0 || !standard_error.is_finite() {
        return None;
    }
    let difference = m2 - m1;
    let t = difference / standard_error;
    let dof = (s1 + s2).powi(2) / (s1 * s1 / (n1 - 1.0) + s2 * s2 / (n2 - 1.0));
    let distribution = StudentsT::new(0.0, 1.0, dof).ok()?;
    let p = 2.0 * distribution.sf(t.abs());
    let margin = distribution.inverse_cdf(0.975) * standard_error;
    Some(Change {
        mean_difference: difference,
        welch_t: t,
        dof,
        p_two_sided: p.min(1.0),
        ci95: (difference - margin, difference + margin),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scoring_turns_reverse_items_round() {
        assert_eq!(Scale::AGREE_5.score(1, true), 5);
        assert_eq!(Scale::AGREE_7.score(2, true), 6);
        assert_eq!(Scale::AGREE_5.score(2, false), 2);
        assert!(Scale::AGREE_5.is_favorable(4) && !Scale::AGREE_5.is_favorable(3));
        assert!(Scale::NPS.is_favorable(9) && !Scale::NPS.is_favorable(8));
    }

    #[test]
    fn undefined_statistics_are_none_not_zero() {
        assert_eq!(mean(&[]), None);
        assert_eq!(sample_sd(&[3.0]), None);
        let one = summarize(Scale::AGREE_5, &[4]);
        assert_eq!((one.n, one.mean, one.sd), (1, Some(4.0), None));
        assert_eq!(summarize(Scale::AGREE_5, &[]).favorable_share, None);
        assert_eq!(cronbach_alpha(&[vec![Some(1), Some(2)]]), None);
        assert_eq!(cronbach_alpha(&[vec![Some(3)], vec![Some(4)]]), None);
        // Everyone answered the same: no variance, no alpha.
        assert_eq!(
            cronbach_alpha(&[vec![Some(3), Some(3)], vec![Some(3), Some(3)]]),
            None
        );
        assert_eq!(enps(&[]), None);
        assert_eq!(welch(&[1.0], &[1.0, 2.0]), None);
        assert_eq!(welch(&[2.0, 2.0], &[2.0, 2.0]), None);
    }

    proptest! {
        #[test]
        fn alpha_never_exceeds_one_and_its_interval_holds_it(
            rows in prop::collection::vec(prop::collection::vec(1i64..=5, 4), 2..40)
        ) {
            let rows: Vec<Vec<Option<i64>>> =
                rows.into_iter().map(|r| r.into_iter().map(Some).collect()).collect();
            if let Some(alpha) = cronbach_alpha(&rows) {
                prop_assert!(alpha.value <= 1.0 + 1e-12);
                if let Some((lower, upper)) = alpha.ci95 {
                    prop_assert!(lower <= alpha.value + 1e-9 && alpha.value <= upper + 1e-9);
                }
            }
        }

        #[test]
        fn shares_are_shares(answers in prop::collection::vec(0i64..=10, 1..200)) {
            let e = enps(&answers).unwrap();
            prop_assert!((0.0..=1.0).contains(&e.promoters_share));
            prop_assert!(e.promoters_share + e.detractors_share <= 1.0 + 1e-12);
            prop_assert!((-100.0..=100.0).contains(&e.enps));
            let s = summarize(Scale::NPS, &answers);
            prop_assert_eq!(s.distribution.values().sum::<usize>(), answers.len());
            prop_assert_eq!(s.distribution.len(), 11);
        }

        #[test]
        fn welch_p_is_a_probability_and_symmetric(
            a in prop::collection::vec(1i64..=7, 2..50),
            b in prop::collection::vec(1i64..=7, 2..50),
        ) {
            let a: Vec<f64> = a.into_iter().map(|v| v as f64).collect();
            let b: Vec<f64> = b.into_iter().map(|v| v as f64).collect();
            if let (Some(ab), Some(ba)) = (welch(&a, &b), welch(&b, &a)) {
                prop_assert!((0.0..=1.0).contains(&ab.p_two_sided));
                prop_assert!((ab.p_two_sided - ba.p_two_sided).abs() < 1e-12);
                prop_assert!((ab.welch_t + ba.welch_t).abs() < 1e-12);
            }
        }
    }
}
