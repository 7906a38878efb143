//! The page that asks before a destructive action (removing a team member, revoking a token,
//! archiving a person or a team): the button that used to act at once now leads here, with or
//! without JavaScript. The question names who or what, says what will happen, and offers the form
//! that does it and a way back.

use askama::Template;

use super::Layout;

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub layout: Layout,
    /// What happens, in a sentence or two.
    pub consequences: Vec<String>,
    /// Where the form goes (the POST that acts).
    pub action: String,
    /// The button that acts: says what it does.
    pub button: String,
    /// Back to where the question came from.
    pub cancel: String,
}
