//! A person's growth plan — the skills they are building and a dated log of career conversations —
//! and "Lead or not?", a private reflection for anyone weighing the people-leadership track.

use time::Date;

use crate::error::FieldError;
use crate::id::{ConversationId, PersonId};
use crate::text::{optional_text, required_line};
use crate::timestamp::Timestamp;

pub const SKILL_MAX_CHARS: usize = 80;
pub const MAX_SKILLS: usize = 20;
pub const SUMMARY_MAX_CHARS: usize = 4000;
pub const ANSWER_MAX_CHARS: usize = 4000;

/// The skills a person is building: one per line (or comma), trimmed, without repeats.
pub fn skills(raw: &[String]) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for skill in raw.iter().flat_map(|s| s.split(['\n', ','])) {
        let skill = skill.trim();
        if skill.is_empty() {
            continue;
        }
        let skill = required_line("skills", skill, SKILL_MAX_CHARS)?;
        if !out.iter().any(|s| s.eq_ignore_ascii_case(&skill)) {
            out.push(skill);
        }
    }
    if out.len() > MAX_SKILLS {
        return Err(FieldError::new(
            "skills",
            format!(
                "lists {} skills; at most {MAX_SKILLS} fit — a few at a time grow best",
                out.len()
            ),
        ));
    }
    Ok(out)
}

/// One entry in the log of career conversations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: ConversationId,
    pub person_id: PersonId,
    pub held_on: Date,
    pub summary: String,
    pub recorded_by: Option<PersonId>,
    pub created_at: Timestamp,
}

pub fn summary(raw: &str) -> Result<String, FieldError> {
    let summary = optional_text("summary", raw, SUMMARY_MAX_CHARS)?;
    if summary.is_empty() {
        return Err(FieldError::new("summary", "must say what you talked about"));
    }
    Ok(summary)
}

/// A question of the "Lead or not?" reflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// Stable: answers are stored under it.
    pub key: &'static str,
    /// What the people-leadership job really asks, in a few words.
    pub theme: &'static str,
    pub text: &'static str,
}

/// The guided questions, written for Tend. They hold the people-leadership job as it is (setting
/// direction when there is none, absorbing uncertainty, success measured by how safe, clear and
/// motivated the team feels, unpopular decisions) against the individual-contributor path, which
/// is a way to grow as honourable as managing people.
pub const QUESTIONS: &[Question] = &[
    Question {
        key: "direction",
        theme: "Setting direction when there is none",
        text: "Think of a time nobody knew what to do next. Did you want to be the one who chose \
               a direction, knowing it might be wrong — or to be the one who made the chosen \
               direction work brilliantly?",
    },
    Question {
        key: "uncertainty",
        theme: "Absorbing uncertainty",
        text: "A leader often holds worry, ambiguity and bad news so the team can keep working. \
               How do you feel after a week of carrying things you cannot fix or share yet?",
    },
    Question {
        key: "measure",
        theme: "Measuring success by the team",
        text: "A people leader's success is how safe, clear and motivated the people around them \
               feel, more than what they made themselves. What did you feel proudest of in the \
               last three months — something you built, or something someone else grew into?",
    },
    Question {
        key: "unpopular",
        theme: "Decisions that are not popular",
        text: "Describe a decision you would find hard to make and then explain to people who \
               disagree. What would help you make it well?",
    },
    Question {
        key: "time",
        theme: "Where the days go",
        text: "Leading people means most of your time goes to conversations, one-on-ones and \
               unblocking others, and less to deep work of your own. Which parts of your current \
               work would you miss most, and which would you gladly hand over?",
    },
    Question {
        key: "craft",
        theme: "The individual-contributor path",
        text: "The individual-contributor track is a way to grow, not a fallback: deeper \
               expertise, wider technical influence, mentoring without managing. What would \
               mastery in your craft look like in three years?",
    },
    Question {
        key: "energy",
        theme: "What gives you energy",
        text: "After which kind of day do you come home with more energy: one spent helping \
               others solve their problems, or one spent solving a hard problem yourself?",
    },
    Question {
        key: "next_step",
        theme: "A small experiment",
        text: "What is one small, low-risk way to try more of either path in the next month \
               (leading a meeting, mentoring someone, owning a deep technical problem), and what \
               would you watch for?",
    },
];

pub fn question(key: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.key == key)
}

/// The reflection's answers as given: every key must be one of [`QUESTIONS`]; an empty answer is
/// none. Returned in the questions' order.
pub fn answers(raw: &[(String, String)]) -> Result<Vec<(&'static str, String)>, FieldError> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (key, answer) in raw {
        let question = question(key.trim()).ok_or_else(|| {
            FieldError::new(
                "answers",
                format!("“{key}” is not one of the reflection's questions"),
            )
        })?;
        let answer = optional_text("answers", answer, ANSWER_MAX_CHARS)?;
        out.retain(|(k, _)| *k != question.key);
        if !answer.is_empty() {
            out.push((question.key, answer));
        }
    }
    out.sort_by_key(|(k, _)| QUESTIONS.iter().position(|q| q.key == *k));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_are_trimmed_and_unique() {
        let got = skills(&["Facilitation, public speaking\n\nfacilitation".into()]).unwrap();
        assert_eq!(got, ["Facilitation", "public speaking"]);
        let many: Vec<String> = (0..25).map(|i| format!("skill {i}")).collect();
        assert!(skills(&many).is_err());
    }

    #[test]
    fn the_reflection_has_its_questions() {
        assert!(QUESTIONS.len() >= 6);
        let mut keys: Vec<_> = QUESTIONS.iter().map(|q| q.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), QUESTIONS.len(), "keys are unique");
        assert!(
            QUESTIONS.iter().any(|q| q.text.contains("not a fallback")),
            "the IC track is presented as a strength"
        );
        let got = answers(&[
            ("energy".into(), " Helping ".into()),
            ("direction".into(), "Choosing".into()),
            ("craft".into(), " ".into()),
        ])
        .unwrap();
        assert_eq!(
            got,
            [
                ("direction", "Choosing".into()),
                ("energy", "Helping".into())
            ]
        );
        assert!(answers(&[("salary".into(), "x".into())]).is_err());
    }
}
