//! How a form or an API body names a person, and the one rule for turning that into someone:
//! the person must exist and be active, whichever field names them (manager, team lead, team
//! member…) and whichever door the request came through.

use tend_domain::person::Person;
use tend_domain::{Email, FieldError, PersonId};

use crate::{App, Error};

/// A person named by id (the API) or by text (a form's person picker: an email, or a name that
/// names exactly one person).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    Id(PersonId),
    Text(String),
}

impl PersonRef {
    /// A picker's text, or nobody when it is empty.
    pub fn from_text(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        (!raw.is_empty()).then(|| Self::Text(raw.to_owned()))
    }
}

impl App {
    /// The active person `who` names; otherwise a message on `field`.
    pub(crate) async fn resolve(
        &self,
        field: &'static str,
        who: &PersonRef,
    ) -> Result<Person, Error> {
        let person = match who {
            PersonRef::Id(id) => self.store.person(*id).await?.ok_or_else(|| {
                FieldError::new(field, format!("there is no person with id {id}"))
            })?,
            PersonRef::Text(text) => self.resolve_text(field, text).await?,
        };
        if person.is_archived() {
            return Err(FieldError::new(
                field,
                format!("{} is archived; restore them first", person.name),
            )
            .into());
        }
        Ok(person)
    }

    /// The active person a filter names (a page's person picker): a malformed or unknown one is
    /// a 400 naming the parameter.
    pub async fn find_person(
        &self,
        _viewer: &tend_domain::access::Viewer,
        who: &PersonRef,
        parameter: &'static str,
    ) -> Result<PersonId, Error> {
        match self.resolve(parameter, who).await {
            Ok(person) => Ok(person.id),
            Err(Error::Invalid(errors)) => Err(Error::BadParameter(errors)),
            Err(other) => Err(other),
        }
    }

    /// Resolves an optional reference; `None` is nobody.
    pub(crate) async fn resolve_optional(
        &self,
        field: &'static str,
        who: Option<&PersonRef>,
    ) -> Result<Option<Person>, Error> {
        match who {
            Some(who) => self.resolve(field, who).await.map(Some),
            None => Ok(None),
        }
    }

    /// An email first; failing that, a name that names one person only. The picker fills in
    /// the email, so a name is what someone typed without JavaScript.
    async fn resolve_text(&self, field: &'static str, text: &str) -> Result<Person, Error> {
        let text = text.trim();
        if text.contains('@') {
            let email = Email::parse(text).map_err(|e| FieldError::new(field, e.message))?;
            return self.store.person_by_email(&email).await?.ok_or_else(|| {
                FieldError::new(field, format!("{email} does not match anyone in Tend")).into()
            });
        }
        let mut named = self.store.people_named(text, 2).await?;
        match named.len() {
            1 => Ok(named.remove(0)),
            0 => Err(FieldError::new(
                field,
                format!("“{text}” does not match anyone in Tend; pick someone from the list or type their email"),
            )
            .into()),
            _ => Err(FieldError::new(
                field,
                format!("more than one person is called “{text}”; type their email instead"),
            )
            .into()),
        }
    }
}
