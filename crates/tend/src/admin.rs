//! `tend admin`: accounts and tokens from the command line, acting as the operator through the
//! same use cases as the pages and the API.

use anyhow::bail;
use tend_app::{App, Error, PersonInput, PersonRef, Viewer};
use tend_store::Store;

use crate::cli::{CreateUserArgs, DEFAULT_DATABASE_URL, TokenArgs};

/// A use case's refusal as one sentence for the terminal.
pub fn explain(error: Error) -> anyhow::Error {
    match error {
        Error::Invalid(errors) | Error::BadParameter(errors) => {
            let reasons: Vec<String> = errors
                .iter()
                .map(|e| format!("{} {}", e.field, e.message))
                .collect();
            anyhow::anyhow!(reasons.join("; "))
        }
        other => anyhow::anyhow!(other.chain()),
    }
}

pub async fn create_user(args: &CreateUserArgs) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url_or(DEFAULT_DATABASE_URL)).await?;
    let app = App::new(store, &args.base_url);
    let input = PersonInput {
        email: args.email.clone(),
        name: args.name.clone(),
        role: if args.admin { "admin" } else { "member" }.into(),
        manager: None,
    };
    let created = match app.create_person(&Viewer::COMMAND_LINE, input, true).await {
        Ok(created) => created,
        Err(error) => bail!("cannot create {}: {}", args.email.trim(), explain(error)),
    };
    let Some(link) = created.invite_link else {
        bail!("the invite link was not created");
    };
    eprintln!(
        "Created {} <{}>. Send them this one-time link (valid 7 days) to set a password:",
        created.person.name, created.person.email
    );
    println!("{link}");
    Ok(())
}

pub async fn create_token(args: &TokenArgs) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url_or(DEFAULT_DATABASE_URL)).await?;
    let app = App::new(store, "");
    let owner = PersonRef::Text(args.email.clone());
    let created = app
        .create_api_token(&Viewer::COMMAND_LINE, &owner, &args.name)
        .await
        .map_err(|error| match error {
            Error::Invalid(errors) if errors.iter().any(|e| e.field == "owner") => {
                let reason = errors
                    .iter()
                    .find(|e| e.field == "owner")
                    .map(|e| e.message.clone());
                anyhow::anyhow!("--email: {}", reason.unwrap_or_default())
            }
            other => explain(other),
        })?;
    println!("{}", created.secret);
    Ok(())
}
