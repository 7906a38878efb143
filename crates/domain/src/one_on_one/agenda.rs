//! What a new meeting opens with. Every meeting starts with the person (how they are really
//! doing, what is on their mind); every so often (by default the first meeting of each month) it
//! also opens a career conversation. Both lists are templates a series can edit, kept as text with
//! one item per line, `kind: text`, so a person edits them in a plain text box.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::ItemKind;
use super::schedule::Schedule;
use crate::error::FieldError;

/// The items every new meeting opens with, written for Tend.
pub const DEFAULT_OPENING: &str = "\
wellbeing: How are you doing — really?
wellbeing: What is on your mind this week?
feedback: What could I do differently to help you?";

/// The career-conversation items, added every so often.
pub const DEFAULT_CAREER: &str = "\
career: Which direction excites you most at the moment?
growth: What would you like to learn next, and how can I help make room for it?";

/// At most this many items in a template: an agenda, not a questionnaire.
pub const MAX_TEMPLATE_ITEMS: usize = 12;

/// When a meeting also gets the career items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareerRule {
    /// The first meeting of each calendar month (the default).
    FirstOfMonth,
    /// Every n-th meeting of the series (n ≥ 1), counting from the first.
    Every(u32),
}

impl CareerRule {
    /// As stored: 0 for the first of the month, n for every n-th.
    pub fn from_stored(n: i64) -> Self {
        match u32::try_from(n) {
            Ok(0) | Err(_) => CareerRule::FirstOfMonth,
            Ok(n) => CareerRule::Every(n),
        }
    }

    pub fn stored(self) -> i64 {
        match self {
            CareerRule::FirstOfMonth => 0,
            CareerRule::Every(n) => i64::from(n),
        }
    }

    /// From a form or the API: empty or 0 is the first meeting of each month, 1 to 12 every
    /// n-th meeting.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(CareerRule::FirstOfMonth);
        }
        match raw.parse::<u32>() {
            Ok(0) => Ok(CareerRule::FirstOfMonth),
            Ok(n @ 1..=12) => Ok(CareerRule::Every(n)),
            _ => Err(FieldError::new(
                "career_every",
                "must be 0 (the first meeting of each month) or a number of meetings from 1 to 12",
            )),
        }
    }

    pub fn describe(self) -> String {
        match self {
            CareerRule::FirstOfMonth => "the first meeting of each month".to_owned(),
            CareerRule::Every(1) => "every meeting".to_owned(),
            CareerRule::Every(n) => format!("every {n}th meeting"),
        }
    }

    /// Whether occurrence `k` of `schedule` opens a career conversation.
    pub fn applies(self, schedule: &Schedule, k: u32) -> bool {
        match self {
            CareerRule::Every(n) => k % n.max(1) == 0,
            CareerRule::FirstOfMonth => {
                let month = |d: Date| (d.year(), d.month());
                match (
                    k.checked_sub(1).and_then(|p| schedule.local(p)),
                    schedule.local(k),
                ) {
                    (None, Some(_)) => true,
                    (Some(before), Some(this)) => month(before.date()) != month(this.date()),
                    _ => false,
                }
            }
        }
    }
}

/// A series' two templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    pub opening: Vec<(ItemKind, String)>,
    pub career: Vec<(ItemKind, String)>,
    pub career_rule: CareerRule,
}

impl Default for Templates {
    fn default() -> Self {
        Self {
            opening: parse_template("opening", DEFAULT_OPENING).expect("the default parses"),
            career: parse_template("career", DEFAULT_CAREER).expect("the default parses"),
            career_rule: CareerRule::FirstOfMonth,
        }
    }
}

impl Templates {
    /// What occurrence `k` opens with, in order.
    pub fn items_for(&self, schedule: &Schedule, k: u32) -> Vec<(ItemKind, String)> {
        let mut items = self.opening.clone();
        if self.career_rule.applies(schedule, k) {
            items.extend(self.career.iter().cloned());
        }
        items
    }
}

/// A template from its text: one item per line, `kind: text`; a line without a known kind is
/// `other`. Blank lines are left out.
pub fn parse_template(
    field: &'static str,
    raw: &str,
) -> Result<Vec<(ItemKind, String)>, FieldError> {
    let mut items = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (kind, text) = match line.split_once(':') {
            Some((kind, text)) => match kind.trim().parse::<ItemKind>() {
                Ok(kind) => (kind, text),
                Err(_) => (ItemKind::Other, line),
            },
            None => (ItemKind::Other, line),
        };
        let text = super::item_text(field, text)
            .map_err(|e| FieldError::new(field, format!("line {}: {}", n + 1, e.message)))?;
        items.push((kind, text));
    }
    if items.len() > MAX_TEMPLATE_ITEMS {
        return Err(FieldError::new(
            field,
            format!(
                "has {} items; at most {MAX_TEMPLATE_ITEMS} fit — an agenda, not a questionnaire",
                items.len()
            ),
        ));
    }
    Ok(items)
}

/// A template as text, the way [`parse_template`] reads it.
pub fn template_text(items: &[(ItemKind, String)]) -> String {
    let mut text = String::new();
    for (kind, item) in items {
        let _ = writeln!(text, "{kind}: {item}");
    }
    text.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::one_on_one::schedule::Cadence;
    use crate::timestamp::Timestamp;

    fn weekly() -> Schedule {
        let now = Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap();
        // Tuesday 1 December 2026.
        Schedule::starting_at(
            Cadence::Weekly,
            Timestamp::parse_rfc3339("2026-12-01T10:00:00Z").unwrap(),
            "UTC",
            now,
        )
        .unwrap()
    }

    #[test]
    fn every_meeting_opens_with_the_person() {
        let templates = Templates::default();
        let items = templates.items_for(&weekly(), 1);
        assert_eq!(items[0].0, ItemKind::Wellbeing);
        assert!(items[0].1.contains("really"));
        assert!(items.iter().all(|(kind, _)| *kind != ItemKind::Career));
    }

    #[test]
    fn the_first_meeting_of_each_month_opens_a_career_conversation() {
        let templates = Templates::default();
        let schedule = weekly();
        // 1, 8, 15, 22, 29 Dec; 5 Jan ...
        let career: Vec<u32> = (0..10)
            .filter(|k| {
                templates
                    .items_for(&schedule, *k)
                    .iter()
                    .any(|(kind, _)| *kind == ItemKind::Career)
            })
            .collect();
        assert_eq!(career, [0, 5, 9]);
        let every_third = CareerRule::Every(3);
        assert!(every_third.applies(&schedule, 0));
        assert!(!every_third.applies(&schedule, 1));
        assert!(every_third.applies(&schedule, 6));
    }

    #[test]
    fn templates_are_text_with_one_item_per_line() {
        let items = parse_template(
            "opening",
            "wellbeing: How are you?\n\nJust a line\nstatus: x",
        )
        .unwrap();
        assert_eq!(
            items,
            [
                (ItemKind::Wellbeing, "How are you?".to_owned()),
                (ItemKind::Other, "Just a line".to_owned()),
                (ItemKind::Status, "x".to_owned()),
            ]
        );
        assert_eq!(
            parse_template("opening", &template_text(&items)).unwrap(),
            items
        );
        assert!(parse_template("opening", "wellbeing:   ").is_err());
        let long = "other: x\n".repeat(MAX_TEMPLATE_ITEMS + 1);
        assert_eq!(parse_template("career", &long).unwrap_err().field, "career");
        assert_eq!(CareerRule::parse("").unwrap(), CareerRule::FirstOfMonth);
        assert_eq!(CareerRule::parse("4").unwrap(), CareerRule::Every(4));
        assert!(CareerRule::parse("40").is_err());
        assert_eq!(
            CareerRule::from_stored(CareerRule::Every(2).stored()),
            CareerRule::Every(2)
        );
    }
}
