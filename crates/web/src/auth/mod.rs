//! Who is asking: sessions for pages, personal API tokens for the API, CSRF for forms, and the
//! sign-in flow with its throttle.

pub mod api_user;
pub mod csrf;
pub mod login;
pub mod passwords;
pub mod session;
pub mod tokens;

pub use api_user::ApiUser;
pub use csrf::CsrfToken;
pub use session::SignedIn;
