//! Secrets handed to people (session cookies, API tokens, invite links): 256 random bits, stored
//! only as SHA-256 hashes. A fast hash suffices because the secrets are random, not chosen.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix of personal API tokens, so a leaked one is recognisable (secret scanners).
pub const API_TOKEN_PREFIX: &str = "tend_";

/// A new secret, URL-safe, with a prefix that says what it is.
pub fn new_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What the database keeps of a secret.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashes_stable() {
        let a = new_token(API_TOKEN_PREFIX);
        assert!(a.starts_with("tend_"));
        assert_eq!(a.len(), 5 + 43);
        assert_ne!(a, new_token(API_TOKEN_PREFIX));
        assert_eq!(hash_token("x"), hash_token("x"));
        assert_eq!(hash_token("x").len(), 64);
    }
}
