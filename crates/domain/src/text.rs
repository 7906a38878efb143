//! Rules for free text that people type: trimmed, bounded, never control characters.

use crate::error::FieldError;

/// Longest name of a person or team we accept.
pub const NAME_MAX_CHARS: usize = 120;
/// Longest free-text answer (aspirations, purpose, ...).
pub const LONG_TEXT_MAX_CHARS: usize = 4000;

/// A required one-line value, such as a name.
pub fn required_line(
    field: &'static str,
    raw: &str,
    max_chars: usize,
) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    bounded(field, value, max_chars)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "must be a single line without control characters",
        ));
    }
    Ok(value.to_owned())
}

/// Optional free text; line breaks and tabs are kept, other control characters refused.
pub fn optional_text(
    field: &'static str,
    raw: &str,
    max_chars: usize,
) -> Result<String, FieldError> {
    let value = raw.trim();
    bounded(field, value, max_chars)?;
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.replace("\r\n", "\n"))
}

fn bounded(field: &'static str, value: &str, max_chars: usize) -> Result<(), FieldError> {
    let count = value.chars().count();
    if count > max_chars {
        return Err(FieldError::new(
            field,
            format!("is {count} characters long; at most {max_chars} fit"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn required_line_trims_and_refuses_empty() {
        assert_eq!(required_line("name", "  Ada  ", 10).unwrap(), "Ada");
        assert_eq!(
            required_line("name", "   ", 10).unwrap_err().message,
            "must not be empty"
        );
        assert!(required_line("name", "a\u{0}b", 10).is_err());
        assert!(required_line("name", "abcdefghijk", 10).is_err());
    }

    #[test]
    fn optional_text_keeps_line_breaks() {
        assert_eq!(optional_text("a", " one\r\ntwo ", 100).unwrap(), "one\ntwo");
        assert_eq!(optional_text("a", "", 100).unwrap(), "");
        assert!(optional_text("a", "bell\u{7}", 100).is_err());
    }

    proptest! {
        #[test]
        fn accepted_lines_are_trimmed_and_bounded(raw in "\\PC{0,40}") {
            if let Ok(value) = required_line("name", &raw, 30) {
                prop_assert_eq!(value.trim(), value.as_str());
                prop_assert!(!value.is_empty());
                prop_assert!(value.chars().count() <= 30);
            }
        }
    }
}
