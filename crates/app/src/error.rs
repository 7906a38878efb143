//! The one error type of every use case. The web layer renders it twice (problem+json for the API,
//! an HTML page or a form's messages for a person) and the command line prints it.

use std::fmt;

use tend_domain::{DomainError, FieldError};
use tend_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Missing, or not the viewer's to see: the two look the same, so a refusal reveals nothing.
    #[error("not found")]
    NotFound,
    /// The viewer may see the thing but not do this to it.
    #[error("not allowed")]
    Forbidden,
    /// No valid credentials.
    #[error("sign-in required")]
    Unauthenticated,
    /// One or more fields of a form or body break a rule (422).
    #[error("{}", fields(.0))]
    Invalid(Vec<FieldError>),
    /// A query parameter does not parse or is out of range (400): the same input gets the same
    /// answer on every page and in the API.
    #[error("{}", fields(.0))]
    BadParameter(Vec<FieldError>),
    /// The request clashes with what is stored or with a standing rule.
    #[error("{0}")]
    Conflict(String),
    /// Something that existed is used up or expired (a used invite link).
    #[error("{0}")]
    Gone(String),
    /// Too many attempts; try again after this many seconds.
    #[error("too many attempts; retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: i64 },
    /// A limit an admin set is reached (the daily recognition cap): a sentence saying which, and
    /// when it frees up.
    #[error("{message}")]
    OverLimit {
        message: String,
        retry_after_secs: i64,
    },
    /// A failure that is not the caller's (a database error, say). Keeps its source chain so the
    /// log says what happened; the caller is told only that something went wrong.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn parameter(name: &'static str, message: impl Into<String>) -> Self {
        Self::BadParameter(vec![FieldError::new(name, message)])
    }

    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(error))
    }

    /// This error and every cause below it, joined: what the log records.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }

    /// Both results, or the field messages of both together, so a form shows every problem at
    /// once rather than one per try.
    pub fn both<A, B>(a: Result<A, Error>, b: Result<B, Error>) -> Result<(A, B), Error> {
        match (a, b) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (Err(Error::Invalid(mut first)), Err(Error::Invalid(second))) => {
                first.extend(second);
                Err(Error::Invalid(first))
            }
            (Err(error), _) | (_, Err(error)) => Err(error),
        }
    }
}

fn fields(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl From<DomainError> for Error {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(errors) => Self::Invalid(errors),
            DomainError::NotFound => Self::NotFound,
            DomainError::Conflict(message) => Self::Conflict(message),
        }
    }
}

impl From<FieldError> for Error {
    fn from(error: FieldError) -> Self {
        Self::Invalid(vec![error])
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Domain(error) => error.into(),
            other => Self::internal(other),
        }
    }
}

/// A task that could not finish (a panic in blocking work, say).
#[derive(Debug)]
pub(crate) struct TaskFailed(pub String);

impl fmt::Display for TaskFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "background task failed: {}", self.0)
    }
}

impl std::error::Error for TaskFailed {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_gathers_field_messages() {
        let invalid = |field| Err::<(), _>(Error::field(field, "is wrong"));
        match Error::both(invalid("name"), invalid("manager_id")) {
            Err(Error::Invalid(errors)) => assert_eq!(
                errors.iter().map(|e| e.field).collect::<Vec<_>>(),
                ["name", "manager_id"]
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Error::both(Ok(1), Err::<(), _>(Error::NotFound)),
            Err(Error::NotFound)
        ));
    }

    #[test]
    fn internal_errors_keep_their_cause() {
        let error = Error::from(StoreError::Corrupt("person 3: bad role".into()));
        assert!(matches!(error, Error::Internal(_)));
        assert_eq!(
            error.chain(),
            "internal error: stored data is not valid: person 3: bad role"
        );
    }
}
