//! Rules for free text that people type: trimmed, bounded, never control characters; names also
//! normalised and free of characters that hide or reorder text.

use unicode_normalization::UnicodeNormalization;

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

/// A name of a person or a team: a required line, in Unicode normal form C (so the same name
/// typed two ways is stored one way), spaces of every kind made one plain space, and refused when
/// it holds characters that are invisible or reorder text — with them "Jordan\u{200b} Lee" or a
/// right-to-left override could pose as someone else. The joiners some scripts need (ZWJ, ZWNJ)
/// are kept between two letters of such scripts.
pub fn name_line(field: &'static str, raw: &str, max_chars: usize) -> Result<String, FieldError> {
    let normalised: String = raw.nfc().collect();
    let mut spaced = String::with_capacity(normalised.len());
    for c in normalised.trim().chars() {
        if c.is_whitespace() {
            if !spaced.ends_with(' ') {
                spaced.push(' ');
            }
        } else {
            spaced.push(c);
        }
    }
    let value = required_line(field, &spaced, max_chars)?;
    let chars: Vec<char> = value.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let refused = if is_joiner(*c) {
            let letter_of_a_joining_script =
                |n: Option<&char>| n.is_some_and(|n| n.is_alphabetic() && !n.is_ascii());
            !(letter_of_a_joining_script(i.checked_sub(1).and_then(|j| chars.get(j)))
                && letter_of_a_joining_script(chars.get(i + 1)))
        } else {
            is_invisible_or_reordering(*c)
        };
        if refused {
            return Err(FieldError::new(
                field,
                format!(
                    "must not contain invisible or direction-changing characters (U+{:04X})",
                    u32::from(*c)
                ),
            ));
        }
    }
    Ok(value)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Characters that show nothing or change the direction of what follows.
fn is_invisible_or_reordering(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{061C}' // Arabic letter mark
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{17B4}' | '\u{17B5}' // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}' // Mongolian variation selectors and vowel separator
            | '\u{200B}' // zero-width space
            | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{2800}' // braille blank
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}' // zero-width no-break space
            | '\u{E0000}'..='\u{E007F}' // tags
    )
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

    #[test]
    fn names_are_normalised_and_cannot_hide_characters() {
        // "é" as one code point and as e + combining accent are one name.
        assert_eq!(
            name_line("name", "Jos\u{65}\u{301}", 50).unwrap(),
            name_line("name", "Jos\u{e9}", 50).unwrap()
        );
        assert_eq!(
            name_line("name", " Ada \u{a0}\u{2003} Lovelace ", 50).unwrap(),
            "Ada Lovelace"
        );
        for posing in [
            "Jordan\u{200b} Lee",
            "Jordan\u{200d}Lee",
            "\u{202e}eeL nadroJ",
            "Jordan\u{2066}Lee",
            "Jordan\u{feff}",
            "Jor\u{ad}dan",
        ] {
            let error = name_line("name", posing, 50).unwrap_err();
            assert!(error.message.contains("invisible"), "{posing:?}: {error}");
        }
        // The joiners Persian or Devanagari need, between their letters, stay.
        assert!(name_line("name", "\u{645}\u{6cc}\u{200c}\u{634}\u{648}\u{62f}", 50).is_ok());
        assert!(
            name_line("name", "\u{915}\u{94d}\u{200d}\u{937}", 50).is_err(),
            "a virama is not a letter"
        );
        assert!(name_line("name", "Zoë Ångström", 50).is_ok());
    }

    proptest! {
        #[test]
        fn accepted_names_are_stable(raw in "\\PC{0,40}") {
            if let Ok(name) = name_line("name", &raw, 60) {
                prop_assert_eq!(name_line("name", &name, 60).unwrap(), name.clone(), "normalising twice changes nothing");
                prop_assert!(!name.contains("  "));
            }
        }

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
