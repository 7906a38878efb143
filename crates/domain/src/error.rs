//! One error type for broken rules. The web layer renders it twice: as problem+json for the API
//! and as a message beside the field for a page.

use std::fmt;

/// A rule broken by one input field, with a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// One or more fields break a rule; the request can be corrected and sent again.
    #[error("{}", summary(.0))]
    Invalid(Vec<FieldError>),
    /// The thing does not exist, or the caller may not know that it does.
    #[error("not found")]
    NotFound,
    /// The request clashes with what is stored (a taken email, say).
    #[error("{0}")]
    Conflict(String),
}

impl DomainError {
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    /// The message for `field`, if this error names it.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        match self {
            Self::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.as_str()),
            _ => None,
        }
    }
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Gathers every field error of a form so a person sees them all at once, not one per try.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value when valid, records the error otherwise.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.errors.push(error);
                None
            }
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validator_reports_every_field() {
        let mut v = Validator::new();
        assert_eq!(
            v.check::<u8>(Err(FieldError::new("name", "is empty"))),
            None
        );
        assert_eq!(v.check(Ok(3)), Some(3));
        v.push(FieldError::new("email", "is not an email address"));
        let error = v.finish().unwrap_err();
        assert_eq!(error.message_for("name"), Some("is empty"));
        assert_eq!(error.message_for("email"), Some("is not an email address"));
        assert_eq!(
            error.to_string(),
            "name: is empty; email: is not an email address"
        );
    }
}
