//! What a page form needs besides its fields: the messages to show beside them.

use tend_app::Error;
use tend_domain::{DomainError, FieldError};

use crate::error::WebError;

/// Field messages for a form shown again after it failed validation.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    fields: Vec<FieldError>,
    /// A message about the form as a whole.
    pub general: Option<String>,
}

impl FormErrors {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn general(message: impl Into<String>) -> Self {
        Self {
            fields: Vec::new(),
            general: Some(message.into()),
        }
    }

    /// The message for one field, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// The same messages with one field called by the name the form uses.
    pub fn renamed(mut self, from: &str, to: &'static str) -> Self {
        for error in &mut self.fields {
            if error.field == from {
                error.field = to;
            }
        }
        self
    }

    pub fn any(&self) -> bool {
        self.general.is_some() || !self.fields.is_empty()
    }
}

impl From<Vec<FieldError>> for FormErrors {
    fn from(fields: Vec<FieldError>) -> Self {
        Self {
            fields,
            general: None,
        }
    }
}

/// Splits an error into the messages a form can show, or the error to render as a page.
pub fn form_errors(error: impl Into<WebError>) -> Result<FormErrors, WebError> {
    match error.into() {
        WebError::App(Error::Invalid(fields)) => Ok(fields.into()),
        WebError::App(Error::Conflict(message) | Error::OverLimit { message, .. }) => {
            Ok(FormErrors::general(message))
        }
        other => Err(other),
    }
}

impl From<DomainError> for FormErrors {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(fields) => fields.into(),
            other => Self::general(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_keeps_every_message() {
        let errors = FormErrors::from(vec![
            FieldError::new("manager_id", "x"),
            FieldError::new("name", "y"),
        ])
        .renamed("manager_id", "manager");
        assert_eq!(errors.get("manager"), Some("x"));
        assert_eq!(errors.get("name"), Some("y"));
    }

    #[test]
    fn only_field_and_conflict_errors_stay_on_the_form() {
        assert!(form_errors(Error::field("name", "is empty")).unwrap().any());
        assert!(
            form_errors(Error::Conflict("no".into()))
                .unwrap()
                .general
                .is_some()
        );
        assert!(form_errors(Error::NotFound).is_err());
    }
}
