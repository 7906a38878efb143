//! A bank of open coaching questions, written for Tend, that a leader pulls into a one-on-one
//! agenda: the leader's job is to ask and listen, not to hand out answers (DESIGN.md §1).
//!
//! Questions are grouped by CARE practice (Connect, Align, Recognize, Empower) and by situation
//! (someone is stuck, made a mistake, disagrees, is new). Each one becomes a talking point of a
//! given [`ItemKind`]. Ids are stable: a question's id is never reused for different wording.

use super::ItemKind;

/// How questions are grouped: the four CARE practices, then four situations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Connect,
    Align,
    Recognize,
    Empower,
    Stuck,
    Mistake,
    Disagrees,
    New,
}

impl Group {
    /// Every group, CARE practices first, in the order they are shown.
    pub const ALL: [Group; 8] = [
        Group::Connect,
        Group::Align,
        Group::Recognize,
        Group::Empower,
        Group::Stuck,
        Group::Mistake,
        Group::Disagrees,
        Group::New,
    ];

    /// The group's name in URLs and forms.
    pub fn slug(self) -> &'static str {
        match self {
            Group::Connect => "connect",
            Group::Align => "align",
            Group::Recognize => "recognize",
            Group::Empower => "empower",
            Group::Stuck => "stuck",
            Group::Mistake => "mistake",
            Group::Disagrees => "disagrees",
            Group::New => "new",
        }
    }

    /// The group's name as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Group::Connect => "Connect",
            Group::Align => "Align",
            Group::Recognize => "Recognize",
            Group::Empower => "Empower",
            Group::Stuck => "Someone is stuck",
            Group::Mistake => "Someone made a mistake",
            Group::Disagrees => "Someone disagrees",
            Group::New => "Someone is new",
        }
    }

    /// What the questions of the group are for, in one line.
    pub fn hint(self) -> &'static str {
        match self {
            Group::Connect => "What motivates them, what challenges them, what they aspire to.",
            Group::Align => {
                "How their work links to the team's purpose: the why, not only the what."
            }
            Group::Recognize => "Effort and progress, not only outcomes.",
            Group::Empower => "Ownership, room to decide, and a stretch that fits.",
            Group::Stuck => "Help them find their own next step.",
            Group::Mistake => "Learn from it together; the person is not the problem.",
            Group::Disagrees => "Hear the disagreement out; it may be right.",
            Group::New => "Help them settle in and learn from their fresh eyes.",
        }
    }

    /// One of the four CARE practices (rather than a situation).
    pub fn is_care(self) -> bool {
        matches!(
            self,
            Group::Connect | Group::Align | Group::Recognize | Group::Empower
        )
    }

    pub fn from_slug(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|group| group.slug() == s)
    }
}

/// One coaching question and the kind of talking point it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// Stable and never reused: agendas and usage counts may refer to it.
    pub id: &'static str,
    pub group: Group,
    pub kind: ItemKind,
    pub text: &'static str,
}

const fn q(id: &'static str, group: Group, kind: ItemKind, text: &'static str) -> Question {
    Question {
        id,
        group,
        kind,
        text,
    }
}

/// Every question, grouped, in the order they are offered.
pub const BANK: &[Question] = {
    use Group::{Align, Connect, Disagrees, Empower, Mistake, New, Recognize, Stuck};
    use ItemKind::{Alignment, Career, Feedback, Growth, Ownership, Recognition, Wellbeing};
    &[
        // Connect: what motivates the person, what challenges them, what they aspire to.
        q("connect-really", Connect, Wellbeing, "How are you, really?"),
        q(
            "connect-energy",
            Connect,
            Wellbeing,
            "What has given you energy this week, and what has drained it?",
        ),
        q(
            "connect-hardest",
            Connect,
            Wellbeing,
            "What is the hardest part of your work right now?",
        ),
        q(
            "connect-outside",
            Connect,
            Wellbeing,
            "What, if anything, is happening outside work that you'd like me to keep in mind?",
        ),
        q(
            "connect-flow",
            Connect,
            Career,
            "What kind of work makes you lose track of time?",
        ),
        q(
            "connect-aspire",
            Connect,
            Career,
            "Where would you like to be in two or three years?",
        ),
        q(
            "connect-learn",
            Connect,
            Career,
            "What would you like to get better at next?",
        ),
        q(
            "connect-easier",
            Connect,
            Wellbeing,
            "What is one thing I could do to make your week easier?",
        ),
        // Align: link the work to the team's purpose, the why.
        q(
            "align-why",
            Align,
            Alignment,
            "How would you explain why your current work matters to the people we serve?",
        ),
        q(
            "align-purpose",
            Align,
            Alignment,
            "Which part of the team's purpose feels closest to what you do each day?",
        ),
        q(
            "align-unclear",
            Align,
            Alignment,
            "What about our priorities is least clear to you?",
        ),
        q(
            "align-tradeoff",
            Align,
            Alignment,
            "When two things compete for your time, how do you decide which matters more?",
        ),
        q(
            "align-goal",
            Align,
            Alignment,
            "How does the goal you are working on connect to what the team is trying to achieve?",
        ),
        q(
            "align-change",
            Align,
            Alignment,
            "If you could change one of the team's priorities, which would it be, and what would take its place?",
        ),
        q(
            "align-benefit",
            Align,
            Alignment,
            "Who benefits when this piece of work goes well?",
        ),
        q(
            "align-context",
            Align,
            Alignment,
            "What context would help you make more calls on your own?",
        ),
        // Recognize: effort and progress, not only outcomes.
        q(
            "recognize-effort",
            Recognize,
            Recognition,
            "What did you put real effort into lately that few people saw?",
        ),
        q(
            "recognize-progress",
            Recognize,
            Recognition,
            "What can you do now that you couldn't do three months ago?",
        ),
        q(
            "recognize-proud",
            Recognize,
            Recognition,
            "What are you most proud of from the past few weeks?",
        ),
        q(
            "recognize-small-win",
            Recognize,
            Recognition,
            "What small win from this week deserves a moment?",
        ),
        q(
            "recognize-persisted",
            Recognize,
            Recognition,
            "Which problem did you keep at even when it was slow going?",
        ),
        q(
            "recognize-unseen-progress",
            Recognize,
            Recognition,
            "What progress have you made that the end result alone won't show?",
        ),
        q(
            "recognize-others",
            Recognize,
            Recognition,
            "Who on the team helped you recently, and how?",
        ),
        q(
            "recognize-thanked",
            Recognize,
            Recognition,
            "How do you like to be thanked: in public, in private, or some other way?",
        ),
        // Empower: ownership, room, stretch, delegation.
        q(
            "empower-own",
            Empower,
            Ownership,
            "What would you like to own from start to finish?",
        ),
        q(
            "empower-decide",
            Empower,
            Ownership,
            "Which decisions that come to me today would you like to make yourself?",
        ),
        q(
            "empower-room",
            Empower,
            Ownership,
            "Where would you like more room from me, and where more support?",
        ),
        q(
            "empower-in-the-way",
            Empower,
            Ownership,
            "What gets in the way of you deciding on your own?",
        ),
        q(
            "empower-stretch",
            Empower,
            Growth,
            "What piece of work would stretch you without overwhelming you?",
        ),
        q(
            "empower-visible",
            Empower,
            Growth,
            "What would you like to present or lead where people beyond the team would see it?",
        ),
        q(
            "empower-support",
            Empower,
            Growth,
            "What support would you need to take on something bigger?",
        ),
        q(
            "empower-teach",
            Empower,
            Growth,
            "What do you know well enough to teach someone else?",
        ),
        // Someone is stuck: help them find their own next step.
        q(
            "stuck-tried",
            Stuck,
            Growth,
            "What have you tried so far, and what did each attempt teach you?",
        ),
        q(
            "stuck-next-step",
            Stuck,
            Growth,
            "What is the smallest next step you could take today?",
        ),
        q(
            "stuck-seen-before",
            Stuck,
            Growth,
            "Who else might have met a problem like this before?",
        ),
        q(
            "stuck-assumption",
            Stuck,
            Growth,
            "What are you assuming here that might not hold?",
        ),
        q(
            "stuck-solved",
            Stuck,
            Growth,
            "If this were already solved, what would be different?",
        ),
        q(
            "stuck-constraint",
            Stuck,
            Growth,
            "Which constraint, if it went away, would change the problem most?",
        ),
        q(
            "stuck-feel",
            Stuck,
            Wellbeing,
            "How is being stuck on this affecting you?",
        ),
        q(
            "stuck-from-me",
            Stuck,
            Wellbeing,
            "What would help most from me right now: a sounding board, a decision, or time?",
        ),
        // Someone made a mistake: learn from it together.
        q(
            "mistake-happened",
            Mistake,
            Feedback,
            "What happened, as you saw it?",
        ),
        q(
            "mistake-feel",
            Mistake,
            Wellbeing,
            "How are you feeling about it now?",
        ),
        q(
            "mistake-learned",
            Mistake,
            Growth,
            "What did you learn from this that you'll take into your next piece of work?",
        ),
        q(
            "mistake-next-time",
            Mistake,
            Growth,
            "What would you do differently next time?",
        ),
        q(
            "mistake-how-we-work",
            Mistake,
            Feedback,
            "What in how we work made this easier to get wrong?",
        ),
        q(
            "mistake-early-signs",
            Mistake,
            Growth,
            "What early signs were there, and how could we notice them sooner?",
        ),
        q(
            "mistake-put-right",
            Mistake,
            Ownership,
            "What is needed now to put things right, and which part would you like to lead?",
        ),
        q(
            "mistake-share",
            Mistake,
            Feedback,
            "What from this would be worth sharing so the rest of the team can learn too?",
        ),
        // Someone disagrees: hear it out, it may be right.
        q(
            "disagrees-missing",
            Disagrees,
            Feedback,
            "What do you see that I might be missing?",
        ),
        q(
            "disagrees-worry",
            Disagrees,
            Feedback,
            "What worries you most about this direction?",
        ),
        q(
            "disagrees-instead",
            Disagrees,
            Feedback,
            "What would you do instead, and what would it cost?",
        ),
        q(
            "disagrees-where",
            Disagrees,
            Feedback,
            "Where do we agree, and where exactly do we part ways?",
        ),
        q(
            "disagrees-change-mind",
            Disagrees,
            Feedback,
            "What would it take to change your mind, or mine?",
        ),
        q(
            "disagrees-openly",
            Disagrees,
            Feedback,
            "How easy is it to disagree with me openly, and what would make it easier?",
        ),
        q(
            "disagrees-experiment",
            Disagrees,
            Growth,
            "How could we find out with a small experiment which way works better?",
        ),
        q(
            "disagrees-commit",
            Disagrees,
            Alignment,
            "If we go ahead as planned, what would help you get behind it?",
        ),
        // Someone is new: help them settle in, learn from their fresh eyes.
        q(
            "new-surprised",
            New,
            Wellbeing,
            "What has surprised you most since you joined?",
        ),
        q(
            "new-hard-to-find",
            New,
            Wellbeing,
            "What has been hardest to find out or make sense of?",
        ),
        q(
            "new-people",
            New,
            Wellbeing,
            "Who have you met so far, and who would you like to meet next?",
        ),
        q(
            "new-fresh-eyes",
            New,
            Feedback,
            "What do you notice about how we work that the rest of us no longer see?",
        ),
        q(
            "new-how-you-work",
            New,
            Feedback,
            "How do you like to work, and how do you like to hear feedback?",
        ),
        q(
            "new-strengths",
            New,
            Career,
            "What strengths from your last role haven't we used yet?",
        ),
        q(
            "new-first-months",
            New,
            Growth,
            "What would make your first three months feel like a success to you?",
        ),
        q(
            "new-purpose",
            New,
            Alignment,
            "From what you have seen so far, how would you describe what this team is for?",
        ),
    ]
};

/// The question with this id.
pub fn find(id: &str) -> Option<&'static Question> {
    BANK.iter().find(|question| question.id == id)
}

/// The questions of one group, in the bank's order.
pub fn in_group(group: Group) -> impl Iterator<Item = &'static Question> {
    BANK.iter().filter(move |question| question.group == group)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::one_on_one::item_text;

    /// Openers that invite a yes or a no (and the negated ones, which also lead).
    const CLOSED_OPENERS: &[&str] = &[
        "Do ",
        "Does ",
        "Did ",
        "Is ",
        "Are ",
        "Was ",
        "Were ",
        "Can ",
        "Could ",
        "Would ",
        "Have ",
        "Has ",
        "Had ",
        "Should ",
        "Will ",
        "Shall ",
        "May ",
        "Don't ",
        "Didn't ",
        "Isn't ",
        "Aren't ",
        "Wouldn't ",
        "Shouldn't ",
        "Haven't ",
    ];

    #[test]
    fn ids_are_unique_and_slug_shaped_and_start_with_their_group() {
        let mut seen = HashSet::new();
        for question in BANK {
            let id = question.id;
            assert!(seen.insert(id), "duplicate id {id}");
            assert!(
                !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !id.starts_with('-')
                    && !id.ends_with('-')
                    && !id.contains("--"),
                "id {id} is not slug-shaped"
            );
            let prefix = format!("{}-", question.group.slug());
            assert!(id.starts_with(&prefix), "id {id} is not under {prefix}");
        }
    }

    #[test]
    fn every_group_has_at_least_six_questions() {
        for group in Group::ALL {
            let count = in_group(group).count();
            assert!(count >= 6, "{} has {count} questions", group.slug());
        }
    }

    #[test]
    fn every_question_is_a_short_open_agenda_item() {
        for question in BANK {
            let text = question.text;
            assert_eq!(
                item_text("text", text).as_deref(),
                Ok(text),
                "{}",
                question.id
            );
            assert!(text.chars().count() < 200, "{} is too long", question.id);
            assert!(text.ends_with('?'), "{} does not end with '?'", question.id);
            assert_eq!(text.trim(), text, "{} has surrounding spaces", question.id);
            for opener in CLOSED_OPENERS {
                assert!(
                    !text.starts_with(opener),
                    "{} opens with a yes/no {opener:?}",
                    question.id
                );
            }
            let lower = text.to_lowercase().replace('\u{2019}', "'");
            for leading in [
                "why didn't",
                "why did not",
                "why haven't",
                "don't you think",
            ] {
                assert!(
                    !lower.contains(leading),
                    "{} contains {leading:?}",
                    question.id
                );
            }
        }
    }

    #[test]
    fn question_texts_are_not_repeated() {
        let mut seen = HashSet::new();
        for question in BANK {
            assert!(
                seen.insert(question.text),
                "{} repeats a question",
                question.id
            );
        }
    }

    #[test]
    fn questions_become_talking_points_of_the_practice_they_serve() {
        for question in BANK {
            assert!(question.kind.is_about_the_person(), "{}", question.id);
            let fits = match question.group {
                Group::Connect => matches!(question.kind, ItemKind::Wellbeing | ItemKind::Career),
                Group::Align => question.kind == ItemKind::Alignment,
                Group::Recognize => question.kind == ItemKind::Recognition,
                Group::Empower => matches!(question.kind, ItemKind::Ownership | ItemKind::Growth),
                _ => true,
            };
            assert!(fits, "{} has kind {}", question.id, question.kind.as_str());
        }
    }

    #[test]
    fn find_round_trips_every_id() {
        for question in BANK {
            assert_eq!(find(question.id), Some(question));
        }
        assert_eq!(find("no-such-question"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn groups_round_trip_through_their_slugs() {
        let mut slugs = HashSet::new();
        for group in Group::ALL {
            assert_eq!(Group::from_slug(group.slug()), Some(group));
            assert!(slugs.insert(group.slug()));
            assert!(!group.label().is_empty());
            assert!(!group.hint().is_empty());
        }
        assert_eq!(Group::from_slug("Connect"), None);
        assert_eq!(Group::from_slug("bogus"), None);
        assert_eq!(Group::from_slug(""), None);
    }

    #[test]
    fn the_first_four_groups_are_the_care_practices() {
        let care: Vec<Group> = Group::ALL.into_iter().filter(|g| g.is_care()).collect();
        assert_eq!(
            care,
            [
                Group::Connect,
                Group::Align,
                Group::Recognize,
                Group::Empower
            ]
        );
        assert_eq!(Group::Stuck.label(), "Someone is stuck");
        assert_eq!(Group::New.slug(), "new");
    }

    #[test]
    fn the_bank_is_kept_in_group_order() {
        let order = |group: Group| Group::ALL.iter().position(|g| *g == group);
        assert!(
            BANK.windows(2)
                .all(|w| order(w[0].group) <= order(w[1].group))
        );
    }
}
