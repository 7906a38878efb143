//! Instruments: what a survey asks. An instrument is data — a TOML file or the same shape as JSON
//! — of items (each with its dimension, scale and whether it is reverse-worded) and optional
//! free-text questions. Tend ships four (`builtin/*.toml`); leaders and admins add their own.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::stats::Scale;
use crate::error::{DomainError, FieldError, Validator};

/// At most this many items and free-text questions in one instrument.
pub const MAX_ITEMS: usize = 60;
pub const MAX_QUESTIONS: usize = 5;
const MAX_TEXT_CHARS: usize = 500;
const MAX_NAME_CHARS: usize = 120;
const MAX_KEY_CHARS: usize = 60;
/// An uploaded instrument file may be this large.
pub const MAX_TOML_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// Stable, URL-safe name: lower-case letters, digits and dashes.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub items: Vec<Item>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub dimension: String,
    pub scale_min: i64,
    pub scale_max: i64,
    #[serde(default)]
    pub reverse_scored: bool,
}

impl Item {
    pub fn scale(&self) -> Scale {
        Scale {
            min: self.scale_min,
            max: self.scale_max,
        }
    }
}

/// A free-text question; its answers are comments, shown under the comment rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
}

/// What a person sends (TOML file, JSON body or form): ids, key and scales may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDraft {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The scale of every item that does not give its own.
    #[serde(default)]
    pub scale_min: Option<i64>,
    #[serde(default)]
    pub scale_max: Option<i64>,
    #[serde(default)]
    pub items: Vec<ItemDraft>,
    #[serde(default)]
    pub questions: Vec<QuestionDraft>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDraft {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub dimension: String,
    #[serde(default)]
    pub scale_min: Option<i64>,
    #[serde(default)]
    pub scale_max: Option<i64>,
    #[serde(default)]
    pub reverse_scored: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionDraft {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub text: String,
}

impl Instrument {
    /// Reads an instrument file. A syntax error names its line and column.
    pub fn from_toml(text: &str) -> Result<Instrument, DomainError> {
        if text.len() > MAX_TOML_BYTES {
            return Err(DomainError::field(
                "file",
                format!("is larger than {} KB", MAX_TOML_BYTES / 1024),
            ));
        }
        let draft: InstrumentDraft = toml::from_str(text).map_err(|e| {
            let place = e
                .span()
                .map(|span| {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                    format!("line {line}, column {column}: ")
                })
                .unwrap_or_default();
            DomainError::field("file", format!("{place}{}", e.message()))
        })?;
        draft.validate()
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The dimensions in the order their first item appears.
    pub fn dimensions(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for item in &self.items {
            if !seen.contains(&item.dimension.as_str()) {
                seen.push(item.dimension.as_str());
            }
        }
        seen
    }

    /// The one scale every item shares, if they do (an instrument-wide alpha needs it).
    pub fn common_scale(&self) -> Option<Scale> {
        let first = self.items.first()?.scale();
        self.items
            .iter()
            .all(|i| i.scale() == first)
            .then_some(first)
    }
}

impl InstrumentDraft {
    /// Checks every rule and fills what was left out: item ids `q1`, `q2`…, question ids `t1`…,
    /// the key from the name.
    pub fn validate(self) -> Result<Instrument, DomainError> {
        let mut v = Validator::new();
        let name = v
            .check(crate::text::required_line(
                "name",
                &self.name,
                MAX_NAME_CHARS,
            ))
            .unwrap_or_default();
        let key = match self.key.as_deref().map(str::trim) {
            Some(key) if !key.is_empty() => key.to_owned(),
            _ => slug(&name),
        };
        if !is_slug(&key) {
            v.push(FieldError::new(
                "key",
                "use lower-case letters, digits and dashes (at most 60), starting with a letter",
            ));
        }
        let description = v
            .check(crate::text::optional_text(
                "description",
                &self.description.unwrap_or_default(),
                MAX_TEXT_CHARS,
            ))
            .unwrap_or_default();
        if self.items.is_empty() {
            v.push(FieldError::new(
                "items",
                "an instrument needs at least one item",
            ));
        }
        if self.items.len() > MAX_ITEMS {
            v.push(FieldError::new(
                "items",
                format!("at most {MAX_ITEMS} items"),
            ));
        }
        if self.questions.len() > MAX_QUESTIONS {
            v.push(FieldError::new(
                "questions",
                format!("at most {MAX_QUESTIONS} free-text questions"),
            ));
        }
        let mut ids = HashSet::new();
        let mut items = Vec::with_capacity(self.items.len());
        for (n, item) in self.items.into_iter().enumerate().take(MAX_ITEMS) {
            let place = format!("item {}", n + 1);
            let id = item
                .id
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| format!("q{}", n + 1));
            if !is_item_id(&id) {
                v.push(FieldError::new(
                    "items",
                    format!("{place}: id “{id}” may hold letters, digits, - and _ (at most 40)"),
                ));
            } else if !ids.insert(id.clone()) {
                v.push(FieldError::new(
                    "items",
                    format!("{place}: id “{id}” is used twice"),
                ));
            }
            let text = item.text.trim().to_owned();
            if !is_wording(&text) {
                v.push(FieldError::new(
                    "items",
                    format!(
                        "{place}: the wording is required, on one line (at most {MAX_TEXT_CHARS} characters)"
                    ),
                ));
            }
            let dimension = item.dimension.trim().to_lowercase();
            if !is_item_id(&dimension) {
                v.push(FieldError::new(
                    "items",
                    format!("{place}: a dimension is required (letters, digits, - and _)"),
                ));
            }
            let scale = Scale {
                min: item.scale_min.or(self.scale_min).unwrap_or(1),
                max: item.scale_max.or(self.scale_max).unwrap_or(5),
            };
            if !Scale::ALL.contains(&scale) {
                v.push(FieldError::new(
                    "items",
                    format!(
                        "{place}: the scale {}–{} is not one of 1–5, 1–7 (agreement) or 0–10 (eNPS)",
                        scale.min, scale.max
                    ),
                ));
            }
            items.push(Item {
                id,
                text,
                dimension,
                scale_min: scale.min,
                scale_max: scale.max,
                reverse_scored: item.reverse_scored,
            });
        }
        // A dimension's statistics (its mean, its alpha) need one scale for all its items.
        for item in &items {
            if let Some(other) = items
                .iter()
                .find(|o| o.dimension == item.dimension && o.scale() != item.scale())
            {
                v.push(FieldError::new(
                    "items",
                    format!(
                        "dimension “{}” mixes scales ({} and {}): give its items one scale",
                        item.dimension, item.id, other.id
                    ),
                ));
                break;
            }
        }
        let mut questions = Vec::with_capacity(self.questions.len());
        for (n, question) in self.questions.into_iter().enumerate().take(MAX_QUESTIONS) {
            let id = question
                .id
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| format!("t{}", n + 1));
            if !is_item_id(&id) || id == super::results::GENERAL_COMMENT || !ids.insert(id.clone())
            {
                v.push(FieldError::new(
                    "questions",
                    format!(
                        "question {}: id “{id}” is not valid, is used twice or is the reserved “comment”",
                        n + 1
                    ),
                ));
            }
            let text = question.text.trim().to_owned();
            if !is_wording(&text) {
                v.push(FieldError::new(
                    "questions",
                    format!("question {}: the wording is required", n + 1),
                ));
            }
            questions.push(Question { id, text });
        }
        v.finish()?;
        Ok(Instrument {
            key,
            name,
            description,
            items,
            questions,
        })
    }
}

/// An item's or question's wording: one line of at most `MAX_TEXT_CHARS` characters.
fn is_wording(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= MAX_TEXT_CHARS
        && !text.chars().any(char::is_control)
}

fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars()
        .take(MAX_KEY_CHARS)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

pub fn is_slug(key: &str) -> bool {
    key.len() <= MAX_KEY_CHARS
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_item_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The instruments Tend ships, in the order they are offered.
pub fn builtin() -> Vec<Instrument> {
    BUILTIN
        .iter()
        .map(|text| Instrument::from_toml(text).expect("built-in instruments are valid"))
        .collect()
}

pub fn is_builtin(key: &str) -> bool {
    BUILTIN_KEYS.contains(&key)
}

pub const SAFE_CLEAR_MOTIVATED: &str = "safe-clear-motivated";
pub const FOUR_STAGES: &str = "four-stages";
pub const ENPS: &str = "enps";
pub const MANAGER_FEEDBACK: &str = "manager-feedback";
const BUILTIN_KEYS: [&str; 4] = [SAFE_CLEAR_MOTIVATED, FOUR_STAGES, ENPS, MANAGER_FEEDBACK];

const BUILTIN: [&str; 4] = [
    include_str!("builtin/safe-clear-motivated.toml"),
    include_str!("builtin/four-stages.toml"),
    include_str!("builtin/enps.toml"),
    include_str!("builtin/manager-feedback.toml"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtins_are_valid_and_keyed_as_named() {
        let all = builtin();
        let keys: Vec<&str> = all.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, BUILTIN_KEYS);
        let stages = &all[1];
        for stage in ["inclusion", "learner", "contributor", "challenger"] {
            let items: Vec<_> = stages
                .items
                .iter()
                .filter(|i| i.dimension == stage)
                .collect();
            assert!(items.len() >= 3, "{stage} has {} items", items.len());
        }
        assert!(stages.items.iter().any(|i| i.reverse_scored));
        assert_eq!(all[0].dimensions(), ["safe", "clear", "motivated"]);
        assert!(all[2].items.iter().all(|i| i.scale() == Scale::NPS));
    }

    #[test]
    fn defaults_fill_ids_key_and_scale() {
        let i = Instrument::from_toml(
            r#"
name = "Team safety (Edmondson 1999)"
scale_min = 1
scale_max = 7
[[items]]
text = "(item 1 wording, supplied by the importer)"
dimension = "safety"
reverse_scored = true
[[items]]
text = "(item 2 wording)"
dimension = "safety"
[[questions]]
text = "Anything else?"
"#,
        )
        .unwrap();
        assert_eq!(i.key, "team-safety-edmondson-1999");
        assert_eq!(i.items[0].id, "q1");
        assert_eq!(i.items[1].id, "q2");
        assert_eq!(i.items[0].scale(), Scale::AGREE_7);
        assert!(i.items[0].reverse_scored);
        assert_eq!(i.questions[0].id, "t1");
        assert_eq!(i.common_scale(), Some(Scale::AGREE_7));
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let e = Instrument::from_toml("name = \"x\"\n\n[[items]\ntext = 1\n").unwrap_err();
        let message = e.message_for("file").unwrap();
        assert!(message.starts_with("line 3"), "{message}");
        let e = Instrument::from_toml("name = \"x\"\ncolour = \"red\"\n").unwrap_err();
        assert!(e.message_for("file").unwrap().starts_with("line 2"), "{e}");
    }

    #[test]
    fn broken_rules_are_all_reported() {
        let e = Instrument::from_toml(
            r#"
name = ""
[[items]]
id = "a"
text = "x"
dimension = "d"
scale_min = 2
scale_max = 6
[[items]]
id = "a"
text = ""
dimension = ""
"#,
        )
        .unwrap_err();
        let text = e.to_string();
        assert!(e.message_for("name").is_some());
        assert!(text.contains("scale 2–6"), "{text}");
        assert!(text.contains("used twice"), "{text}");
        assert!(text.contains("wording is required"), "{text}");
        assert!(Instrument::from_toml("name = \"x\"").is_err(), "no items");
    }

    #[test]
    fn a_dimension_keeps_one_scale() {
        let e = Instrument::from_toml(
            r#"
name = "Mixed"
[[items]]
text = "a"
dimension = "d"
[[items]]
text = "b"
dimension = "d"
scale_min = 0
scale_max = 10
"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("mixes scales"), "{e}");
    }
}
