//! Who is asking: sessions for pages, personal API tokens for the API, CSRF for forms, and where
//! a request comes from (for the sign-in throttle).

pub mod api_user;
pub mod client;
pub mod csrf;
pub mod session;

pub use api_user::ApiUser;
pub use csrf::CsrfToken;
pub use session::SignedIn;
