//! What a page form needs besides its fields: the messages to show beside them.

use tend_domain::person::Person;
use tend_domain::{DomainError, Email, FieldError};
use tend_store::Store;

use crate::error::AppError;

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
pub fn form_errors(error: impl Into<AppError>) -> Result<FormErrors, AppError> {
    match error.into() {
        AppError::Invalid(fields) => Ok(fields.into()),
        AppError::Conflict(message) => Ok(FormErrors::general(message)),
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

/// The person a form field names by email; empty means nobody. A malformed address or one that
/// matches nobody is a message for that field. Archived people are returned too: the caller
/// decides whether they may be chosen.
pub async fn person_by_email(
    store: &Store,
    field: &'static str,
    raw: &str,
) -> Result<Option<Person>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let email = Email::parse(raw).map_err(|e| FieldError::new(field, e.message))?;
    match store.person_by_email(&email).await? {
        Some(person) => Ok(Some(person)),
        None => {
            Err(FieldError::new(field, format!("{email} does not match anyone in Tend")).into())
        }
    }
}

/// Both values, or the field messages of both together, so a form shows all its problems at
/// once rather than one per try.
pub fn both<A, B>(a: Result<A, AppError>, b: Result<B, AppError>) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(AppError::Invalid(mut first)), Err(AppError::Invalid(second))) => {
            first.extend(second);
            Err(AppError::Invalid(first))
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_gathers_field_messages() {
        let invalid =
            |field| Err::<(), _>(AppError::Invalid(vec![FieldError::new(field, "is wrong")]));
        match both(invalid("name"), invalid("manager_email")) {
            Err(AppError::Invalid(errors)) => {
                assert_eq!(
                    errors.iter().map(|e| e.field).collect::<Vec<_>>(),
                    ["name", "manager_email"]
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            both(Ok(1), Err::<(), _>(AppError::NotFound)),
            Err(AppError::NotFound)
        ));
        assert_eq!(
            both(Ok::<_, AppError>(1), Ok::<_, AppError>(2)).unwrap(),
            (1, 2)
        );
    }

    #[test]
    fn renamed_keeps_every_message() {
        let errors = FormErrors::from(vec![
            FieldError::new("manager_id", "x"),
            FieldError::new("name", "y"),
        ])
        .renamed("manager_id", "manager_email");
        assert_eq!(errors.get("manager_email"), Some("x"));
        assert_eq!(errors.get("name"), Some("y"));
    }
}
