//! argon2 is deliberately slow (tens of milliseconds): run it on the blocking pool so it never
//! stalls the async workers that serve other requests.

use tend_domain::password::{decoy_hash, hash_password, verify_password};

use crate::Error;
use crate::error::TaskFailed;

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::internal(TaskFailed(e.to_string())))
}

pub(crate) async fn hash(password: String) -> Result<String, Error> {
    blocking(move || hash_password(&password)).await
}

/// Whether `password` matches the stored hash. With no stored hash it checks a decoy, so an
/// unknown account costs the same time as a wrong password.
pub(crate) async fn verify(password: String, stored: Option<String>) -> Result<bool, Error> {
    blocking(move || match stored {
        Some(hash) => verify_password(&password, &hash),
        None => {
            verify_password(&password, decoy_hash());
            false
        }
    })
    .await
}
