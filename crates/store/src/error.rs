use tend_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A rule of the domain refused the change; nothing was written.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The configuration cannot work (an unknown URL scheme, say). The message says what to do.
    #[error("{0}")]
    Config(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value no longer parses; a bug or a hand-edited database.
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn not_found() -> Self {
        Self::Domain(DomainError::NotFound)
    }
}

/// An UPDATE or DELETE that touched no row was aimed at something that does not exist.
pub(crate) fn found(rows_affected: u64) -> Result<(), StoreError> {
    if rows_affected == 0 {
        Err(StoreError::not_found())
    } else {
        Ok(())
    }
}

/// Turns a unique-constraint violation into the field error a person can act on.
pub(crate) fn unique_violation(
    error: sqlx::Error,
    field: &'static str,
    message: &str,
) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            DomainError::field(field, message).into()
        }
        _ => StoreError::Database(error),
    }
}
