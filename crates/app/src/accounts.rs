//! Signing in and out, sessions, invite links, passwords and personal API tokens.

use std::net::IpAddr;

use tend_domain::access::Viewer;
use tend_domain::password::check_new_password;
use tend_domain::person::Person;
use tend_domain::ratelimit::LoginThrottle;
use tend_domain::text::{NAME_MAX_CHARS, required_line};
use tend_domain::{ApiTokenId, Email, FieldError, PersonId};
use tend_store::ApiToken;
use time::Duration;

use crate::person_ref::PersonRef;
use crate::secrets::{API_TOKEN_PREFIX, hash_token, new_token};
use crate::views::PersonSummary;
use crate::{App, Error, Result, passwords};

/// How long a browser session lasts.
pub const SESSION_LIFETIME: Duration = Duration::days(14);
/// How long an invite or password reset link stays valid.
pub const INVITE_LIFETIME: Duration = Duration::days(7);
/// How soon after a token or a link was created its secret may still be shown, once: the form
/// that creates it redirects (so a reload cannot create another), and the page it leads to shows
/// the secret (see [`App::new_api_token_to_show`]).
pub const SHOW_SECRET_WITHIN: Duration = Duration::minutes(5);

const INVITE_GONE: &str =
    "This invite link was already used or has expired. Ask an admin for a new one.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    /// A new session; the token goes into the session cookie.
    SignedIn {
        session_token: String,
    },
    WrongCredentials,
    Throttled {
        retry_after_secs: i64,
    },
}

/// A signed-in browser session: who is asking, and the hash that names the session.
#[derive(Debug, Clone)]
pub struct Session {
    pub viewer: Viewer,
    /// The signed-in person's own record.
    pub person: Person,
    pub token_hash: String,
}

/// A personal API token just created: its secret is shown this once.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub token: ApiToken,
    pub secret: String,
}

fn viewer_of(person: &Person) -> Viewer {
    Viewer {
        id: person.id,
        role: person.role,
    }
}

impl App {
    /// Checks an email and password, throttled per account and per client address. A wrong
    /// email and a wrong password get the same answer and cost the same time.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: IpAddr,
    ) -> Result<SignInOutcome> {
        let email = Email::parse(email).ok();
        let mut keys = vec![(format!("address:{address}"), LoginThrottle::PER_ADDRESS)];
        let account_key = email.as_ref().map(|email| format!("account:{email}"));
        if let Some(key) = &account_key {
            keys.push((key.clone(), LoginThrottle::PER_ACCOUNT));
        }
        // The attempt counts before the password is checked, so concurrent tries cannot slip
        // past the limit together; a success takes it back.
        let attempts = match self.store.begin_login_attempt(&keys).await? {
            Ok(attempts) => attempts,
            Err(retry_after_secs) => return Ok(SignInOutcome::Throttled { retry_after_secs }),
        };
        let credentials = match &email {
            Some(email) => self.store.credentials(email).await?,
            None => None,
        };
        let (id, stored) = credentials.unzip();
        let signed_in = passwords::verify(password.to_owned(), stored)
            .await?
            .then_some(id)
            .flatten();
        match signed_in {
            Some(id) => {
                self.store
                    .forget_login_attempts(&attempts, account_key.as_deref())
                    .await?;
                Ok(SignInOutcome::SignedIn {
                    session_token: self.start_session(id).await?,
                })
            }
            None => Ok(SignInOutcome::WrongCredentials),
        }
    }

    async fn start_session(&self, person: PersonId) -> Result<String> {
        let token = new_token("");
        self.store
            .create_session(&hash_token(&token), person, SESSION_LIFETIME)
            .await?;
        Ok(token)
    }

    /// The live session a cookie's token names, if any.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let token_hash = hash_token(token);
        Ok(self
            .store
            .session_person(&token_hash)
            .await?
            .map(|s| Session {
                viewer: viewer_of(&s.person),
                person: s.person,
                token_hash,
            }))
    }

    pub async fn sign_out(&self, session: &Session) -> Result<()> {
        Ok(self.store.delete_session(&session.token_hash).await?)
    }

    /// Who a personal API token belongs to, if it is valid and they are active.
    pub async fn api_caller(&self, token: &str) -> Result<Option<Viewer>> {
        Ok(self
            .store
            .api_token_person(&hash_token(token))
            .await?
            .map(|person| viewer_of(&person)))
    }

    /// Who an invite link is for, while it is valid.
    pub async fn invite(&self, token: &str) -> Result<PersonSummary> {
        self.store
            .invite_person(&hash_token(token))
            .await?
            .map(PersonSummary::from)
            .ok_or_else(|| Error::Gone(INVITE_GONE.into()))
    }

    /// Uses up an invite link to set a password, and starts a session (its token is returned).
    pub async fn accept_invite(
        &self,
        token: &str,
        password: &str,
        confirm: &str,
    ) -> Result<String> {
        self.invite(token).await?;
        let mut problems = Vec::new();
        if let Err(error) = check_new_password(password) {
            problems.push(error);
        }
        if password != confirm {
            problems.push(FieldError::new("confirm", "does not match the password"));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let hash = passwords::hash(password.to_owned()).await?;
        let person = self
            .store
            .redeem_invite(&hash_token(token), &hash)
            .await?
            .ok_or_else(|| Error::Gone(INVITE_GONE.into()))?;
        self.start_session(person.id).await
    }

    /// Changes the signed-in person's password and ends their other sessions, in one
    /// transaction.
    pub async fn change_password(
        &self,
        session: &Session,
        current: &str,
        new: &str,
        confirm: &str,
    ) -> Result<()> {
        let stored = self.store.password_hash(session.person.id).await?;
        let current_ok = passwords::verify(current.to_owned(), stored).await?;
        let mut problems = Vec::new();
        if !current_ok {
            problems.push(FieldError::new(
                "current_password",
                "is not your current password",
            ));
        }
        if let Err(mut error) = check_new_password(new) {
            error.field = "new_password";
            problems.push(error);
        }
        if new != confirm {
            problems.push(FieldError::new(
                "confirm",
                "does not match the new password",
            ));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let hash = passwords::hash(new.to_owned()).await?;
        Ok(self
            .store
            .change_password(session.person.id, &hash, Some(&session.token_hash))
            .await?)
    }

    pub async fn api_tokens(&self, viewer: &Viewer) -> Result<Vec<ApiToken>> {
        Ok(self.store.api_tokens_of(viewer.id).await?)
    }

    /// Creates a personal API token for `owner` (themselves; the command line for anyone) and
    /// returns its secret this once; only its hash is kept.
    pub async fn create_api_token(
        &self,
        viewer: &Viewer,
        owner: &PersonRef,
        name: &str,
    ) -> Result<NewApiToken> {
        let name = required_line("name", name, NAME_MAX_CHARS);
        let owner = self.resolve("owner", owner).await;
        let (name, owner) = Error::both(name.map_err(Error::from), owner)?;
        if !viewer.may_manage_tokens_of(owner.id) {
            return Err(Error::Forbidden);
        }
        let secret = new_token(API_TOKEN_PREFIX);
        let token = self
            .store
            .create_api_token(owner.id, &name, &hash_token(&secret))
            .await?;
        Ok(NewApiToken { token, secret })
    }

    /// The token a secret names, with the secret, when it is one of the viewer's and was created
    /// moments ago: what the page after creating it shows once. Anything else (someone else's
    /// token, an old one, a made-up secret) shows nothing, so a secret planted in the browser
    /// cannot be passed off as the viewer's new token.
    pub async fn new_api_token_to_show(
        &self,
        viewer: &Viewer,
        secret: &str,
    ) -> Result<Option<NewApiToken>> {
        let token = self
            .store
            .new_api_token(viewer.id, &hash_token(secret), SHOW_SECRET_WITHIN)
            .await?;
        Ok(token.map(|token| NewApiToken {
            token,
            secret: secret.to_owned(),
        }))
    }

    /// One of the viewer's own tokens, for the page that asks before revoking it; anyone
    /// else's is not found, as for revoking.
    pub async fn confirm_revoke_api_token(
        &self,
        viewer: &Viewer,
        id: ApiTokenId,
    ) -> Result<ApiToken> {
        self.store
            .api_tokens_of(viewer.id)
            .await?
            .into_iter()
            .find(|token| token.id == id)
            .ok_or(Error::NotFound)
    }

    /// Revokes one of the viewer's own tokens; anyone else's is not found.
    pub async fn revoke_api_token(&self, viewer: &Viewer, id: ApiTokenId) -> Result<()> {
        Ok(self.store.revoke_api_token(viewer.id, id).await?)
    }
}
