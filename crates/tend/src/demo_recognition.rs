//! The demo organisation's recognition over the last four months, as uneven as real life: some
//! people are recognised again and again, some never; some leaders recognise widely, some a few
//! favourites, some nobody — so breadth and "nobody has recognised them in 30 days" show
//! something.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tend_domain::Timestamp;
use tend_domain::recognition::{Celebrates, Visibility};
use tend_store::SeedRecognition;

use crate::demo::{DemoOrg, LEAD_EMAIL, MEMBER_EMAIL};

/// The team values the demo organisation starts with.
pub const VALUES: &[&str] = &["Own the outcome", "Learn in the open", "Lift others up"];
/// Recognitions per person over the whole history.
const PER_PERSON: f64 = 1.5;
const HISTORY_DAYS: i64 = 120;

const MESSAGES: &[(Celebrates, &str)] = &[
    (
        Celebrates::Effort,
        "Stayed with the flaky test suite for two days until it was **really** fixed, not just green.",
    ),
    (
        Celebrates::Effort,
        "Took on the customer escalation nobody wanted, and kept everyone calm.",
    ),
    (
        Celebrates::Progress,
        "Your first design review: clear, honest about the open questions. Big step.",
    ),
    (
        Celebrates::Progress,
        "The migration is half done and every step was reversible. That is how it should go.",
    ),
    (
        Celebrates::Progress,
        "You asked for help early this time — and we shipped a day sooner because of it.",
    ),
    (
        Celebrates::Outcome,
        "The launch went out without a single rollback. Thank you!",
    ),
    (
        Celebrates::Outcome,
        "Cut the build time in half; the whole team feels it every day.",
    ),
    (
        Celebrates::Effort,
        "Mentored the new hire through their first on-call week with real patience.",
    ),
];

pub fn plan(org: &DemoOrg, seed: u64, now: Timestamp) -> Vec<SeedRecognition> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7ec0);
    let people = &org.people;
    let index_of: std::collections::HashMap<&str, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.email.as_str(), i))
        .collect();
    let manager_of: Vec<Option<usize>> = people
        .iter()
        .map(|p| {
            p.manager
                .as_ref()
                .and_then(|m| index_of.get(m.as_str()).copied())
        })
        .collect();
    let mut reports_of: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
    for (i, manager) in manager_of.iter().enumerate() {
        if let Some(m) = manager {
            reports_of[*m].push(i);
        }
    }
    // How visible each person is: some often recognised, most now and then, some never.
    let weight: Vec<u32> = (0..people.len())
        .map(|_| match rng.gen_range(0..10) {
            0..=1 => 8,
            2..=6 => 2,
            _ => 0,
        })
        .collect();
    // How a leader recognises: widely, a few favourites, or not at all.
    let generosity: Vec<u8> = (0..people.len()).map(|_| rng.gen_range(0..3)).collect();
    let pick = |candidates: &[usize], rng: &mut ChaCha8Rng, favourites: bool| -> Option<usize> {
        let weighted: Vec<(usize, u32)> = candidates
            .iter()
            .map(|c| {
                (
                    *c,
                    if favourites {
                        weight[*c].pow(2)
                    } else {
                        weight[*c]
                    },
                )
            })
            .filter(|(_, w)| *w > 0)
            .collect();
        weighted
            .choose_weighted(rng, |(_, w)| *w)
            .ok()
            .map(|(c, _)| *c)
    };
    let total = (people.len() as f64 * PER_PERSON) as usize;
    let mut plan = Vec::with_capacity(total);
    let lead = index_of.get(LEAD_EMAIL).copied();
    let member = index_of.get(MEMBER_EMAIL).copied();
    for _ in 0..total {
        let giver = rng.gen_range(0..people.len());
        let recipient = if !reports_of[giver].is_empty() && rng.gen_ratio(3, 5) {
            match generosity[giver] {
                0 => None,
                1 => pick(&reports_of[giver], &mut rng, true),
                _ => pick(&reports_of[giver], &mut rng, false),
            }
        } else {
            // A peer: someone with the same manager.
            manager_of[giver].and_then(|m| {
                let peers: Vec<usize> = reports_of[m]
                    .iter()
                    .copied()
                    .filter(|p| *p != giver)
                    .collect();
                pick(&peers, &mut rng, false)
            })
        };
        let Some(recipient) = recipient else { continue };
        plan.push(recognition(&mut rng, people, giver, recipient, now));
    }
    // The demo lead recognises Sam now and then, and leaves at least one report unnoticed.
    if let (Some(lead), Some(member)) = (lead, member) {
        for days in [3, 17, 45] {
            let mut r = recognition(&mut rng, people, lead, member, now);
            r.at = now - time::Duration::days(days);
            r.visibility = Visibility::Public;
            plan.push(r);
        }
    }
    plan.sort_by_key(|r| r.at);
    plan
}

fn recognition(
    rng: &mut ChaCha8Rng,
    people: &[tend_domain::import::ImportedPerson],
    giver: usize,
    recipient: usize,
    now: Timestamp,
) -> SeedRecognition {
    let (celebrates, message) = *MESSAGES.choose(rng).expect("not empty");
    let visibility = match rng.gen_range(0..10) {
        0..=6 => Visibility::Public,
        7..=8 => Visibility::Team,
        _ => Visibility::Private,
    };
    let value = rng
        .gen_ratio(1, 2)
        .then(|| (*VALUES.choose(rng).expect("not empty")).to_owned());
    SeedRecognition {
        giver_email: people[giver].email.to_string(),
        recipient_emails: vec![people[recipient].email.to_string()],
        message: message.to_owned(),
        celebrates,
        visibility,
        value,
        at: now - time::Duration::minutes(rng.gen_range(60..HISTORY_DAYS * 24 * 60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::generate;

    #[test]
    fn recognition_is_uneven() {
        let now = Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap();
        let org = generate(300, 5);
        let plan = plan(&org, 5, now);
        assert!(plan.len() > 150, "{} recognitions", plan.len());
        assert!(plan.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
        let mut received: std::collections::HashMap<&str, usize> = Default::default();
        for r in &plan {
            assert_ne!(r.giver_email, r.recipient_emails[0]);
            *received.entry(r.recipient_emails[0].as_str()).or_default() += 1;
        }
        let most = received.values().max().copied().unwrap_or(0);
        assert!(most >= 5, "someone is recognised a lot");
        assert!(
            received.len() < org.people.len() / 2 + org.people.len() / 4,
            "many never are"
        );
        assert!(
            plan.iter()
                .any(|r| r.giver_email == LEAD_EMAIL && r.recipient_emails[0] == MEMBER_EMAIL)
        );
    }
}
