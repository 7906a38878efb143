use anyhow::{Context, bail};
use tend_domain::Email;
use tend_domain::person::{PersonDraft, PersonInput};
use tend_store::Store;
use tend_web::{hash_token, new_token};
use time::{Duration, OffsetDateTime};

use crate::cli::{CreateUserArgs, DEFAULT_DATABASE_URL, TokenArgs};

pub async fn create_user(args: &CreateUserArgs) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url_or(DEFAULT_DATABASE_URL)).await?;
    let draft = PersonDraft::parse(PersonInput {
        email: &args.email,
        name: &args.name,
        role: if args.admin { "admin" } else { "member" },
        manager_id: None,
    })?;
    let email = draft.email.clone();
    let person = match store.create_person(draft.into()).await {
        Err(tend_store::StoreError::Domain(tend_domain::DomainError::Invalid(errors))) => {
            let reasons: Vec<String> = errors
                .iter()
                .map(|e| format!("{} {}", e.field, e.message))
                .collect();
            bail!("cannot create {email}: {}", reasons.join("; "))
        }
        other => other?,
    };
    let token = new_token("");
    store
        .create_invite(
            person.id,
            &hash_token(&token),
            OffsetDateTime::now_utc() + Duration::days(7),
        )
        .await?;
    eprintln!(
        "Created {} <{}>. Send them this one-time link (valid 7 days) to set a password:",
        person.name, person.email
    );
    println!("{}/invite/{token}", args.base_url.trim_end_matches('/'));
    Ok(())
}

pub async fn create_token(args: &TokenArgs) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url_or(DEFAULT_DATABASE_URL)).await?;
    let email = Email::parse(&args.email).map_err(|e| anyhow::anyhow!("--email {}", e.message))?;
    let person = store
        .person_by_email(&email)
        .await?
        .with_context(|| format!("nobody in Tend has the email {email}"))?;
    if person.is_archived() {
        bail!("{email} is archived; restore them first");
    }
    let token = new_token("tend_");
    store
        .create_api_token(person.id, &args.name, &hash_token(&token))
        .await?;
    println!("{token}");
    Ok(())
}
