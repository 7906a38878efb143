//! Recognition: give it, read the feed and a person's timeline, react, edit or delete your own,
//! and (admins) hide abuse, set the team values and the daily cap. What a viewer may see is
//! decided by `Viewer::may_see_recognition` on every item, after the store's visibility filter.

use tend_domain::access::Viewer;
use tend_domain::recognition::{
    self as rules, Celebrates, Reaction, Recognition, Visibility, breadth, unnoticed,
};
use tend_domain::{PersonId, RecognitionId, TeamId, Timestamp};
use tend_store::{FeedItem, FeedQuery, NewRecognition};

use crate::one_on_ones::Participant;
use crate::person_ref::PersonRef;
use crate::views::PersonSummary;
use crate::{App, Error, Result};

/// A recognition to give.
#[derive(Debug, Clone, Default)]
pub struct GiveRecognition {
    pub recipients: Vec<PersonRef>,
    pub message: String,
    pub celebrates: String,
    pub visibility: String,
    /// One of the team values, or none.
    pub value: Option<String>,
}

/// Which recognitions a feed shows.
#[derive(Debug, Clone, Default)]
pub struct FeedFilter {
    pub person: Option<PersonId>,
    pub team: Option<TeamId>,
    pub celebrates: Option<Celebrates>,
    pub value: Option<String>,
    /// Given at or after this time.
    pub since: Option<Timestamp>,
    pub before: Option<RecognitionId>,
    pub limit: u32,
}

/// A recognition as the viewer sees it, with names, reactions, and what they may do to it.
#[derive(Debug, Clone)]
pub struct RecognitionView {
    pub recognition: Recognition,
    pub giver: Participant,
    pub recipients: Vec<Participant>,
    /// Each reaction given, how many, and whether the viewer gave it.
    pub reactions: Vec<(Reaction, i64, bool)>,
    pub may_edit: bool,
    pub may_delete: bool,
    pub may_hide: bool,
}

#[derive(Debug, Clone)]
pub struct FeedPage {
    pub items: Vec<RecognitionView>,
    pub next: Option<RecognitionId>,
}

/// How widely a leader recognises (DESIGN.md: breadth, not volume).
#[derive(Debug, Clone)]
pub struct Breadth {
    /// Different people recognised in the last 30 and 90 days.
    pub people_30_days: usize,
    pub people_90_days: usize,
    /// Their direct reports who have received no recognition from anyone in 30 days.
    pub unnoticed: Vec<PersonSummary>,
}

/// The webhook payload for a public recognition: Slack- and Mattermost-compatible (`text`, and
/// `blocks` for Slack).
fn webhook_body(giver: &str, recipients: &[String], new: &NewRecognition, url: &str) -> String {
    let to = recipients.join(", ");
    let what = new.celebrates.label().to_lowercase();
    let value = new
        .value
        .as_deref()
        .map(|v| format!(" · {v}"))
        .unwrap_or_default();
    let text = format!(
        "{giver} recognised {to} for {what}{value}:\n{}",
        new.message
    );
    serde_json::json!({
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": format!("*{giver}* recognised *{to}*\n{}", new.message)}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": format!("{}{value} · <{url}|Open in Tend>", new.celebrates.label())}]}
        ]
    })
    .to_string()
}

impl App {
    /// Gives recognition to one or more people (never oneself), within the daily cap when an
    /// admin set one. A public one is queued for the webhooks in the same transaction.
    pub async fn give_recognition(
        &self,
        viewer: &Viewer,
        input: GiveRecognition,
    ) -> Result<RecognitionView> {
        if viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let mut people = Vec::with_capacity(input.recipients.len());
        let mut problems = Vec::new();
        for who in &input.recipients {
            match self.resolve("recipients", who).await {
                Ok(person) => people.push(person),
                Err(Error::Invalid(errors)) => problems.extend(errors),
                Err(other) => return Err(other),
            }
        }
        let ids: Vec<PersonId> = people.iter().map(|p| p.id).collect();
        let recipients = if problems.is_empty() {
            rules::recipients(viewer.id, &ids).map_err(Error::from)
        } else {
            Err(Error::Invalid(problems))
        };
        let message = rules::message(&input.message).map_err(Error::from);
        let celebrates = input.celebrates.parse::<Celebrates>().map_err(Error::from);
        let visibility = input.visibility.parse::<Visibility>().map_err(Error::from);
        let value = self.known_value(input.value.as_deref()).await;
        let ((((recipients, message), celebrates), visibility), value) = Error::both(
            Error::both(
                Error::both(Error::both(recipients, message), celebrates),
                visibility,
            ),
            value,
        )?;
        let new = NewRecognition {
            giver_id: viewer.id,
            recipients,
            message,
            celebrates,
            visibility,
            value,
        };
        let body = if visibility == Visibility::Public {
            let giver = self
                .store
                .person(viewer.id)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            let names: Vec<String> = new
                .recipients
                .iter()
                .filter_map(|id| people.iter().find(|p| p.id == *id).map(|p| p.name.clone()))
                .collect();
            Some(webhook_body(
                &giver,
                &names,
                &new,
                // The store puts the new recognition's id in place of the marker.
                &format!("{}/recognition/__RECOGNITION_ID__", self.base_url()),
            ))
        } else {
            None
        };
        let now = self.store.now();
        let day_ago = now - time::Duration::days(1);
        let cap = self.store.recognition_daily_cap().await?;
        let id = self
            .store
            .create_recognition(&new, body.as_deref(), cap.map(|c| (c, day_ago)))
            .await?;
        let Some(id) = id else {
            let given = self
                .store
                .recognitions_given_since(viewer.id, day_ago)
                .await?;
            let frees_at = given
                .first()
                .map_or(now, |first| *first + time::Duration::days(1));
            return Err(Error::OverLimit {
                message: format!(
                    "You have given {} recognitions in the last 24 hours, the most your \
                     organisation allows in a day, so each one keeps its meaning. You can give \
                     the next one after {}.",
                    cap.unwrap_or_default(),
                    frees_at.human()
                ),
                retry_after_secs: (frees_at - now).whole_seconds().max(1),
            });
        };
        self.recognition(viewer, id).await
    }

    /// A value as given: empty is none; otherwise one of the values an admin configured.
    async fn known_value(&self, raw: Option<&str>) -> Result<Option<String>> {
        let Some(raw) = raw.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let values = self.store.recognition_values().await?;
        values
            .into_iter()
            .find(|(_, name)| name == raw)
            .map(|(_, name)| Some(name))
            .ok_or_else(|| {
                Error::field(
                    "value",
                    format!("“{raw}” is not one of the team values an admin set"),
                )
            })
    }

    async fn views(&self, viewer: &Viewer, items: Vec<FeedItem>) -> Result<Vec<RecognitionView>> {
        let items: Vec<FeedItem> = items
            .into_iter()
            .filter(|item| viewer.may_see_recognition(&item.recognition, item.shares_team))
            .collect();
        let mut people: Vec<PersonId> = items
            .iter()
            .flat_map(|i| {
                std::iter::once(i.recognition.giver_id)
                    .chain(i.recognition.recipients.iter().copied())
            })
            .collect();
        people.sort_unstable();
        people.dedup();
        let names = self.store.people_by_ids(&people).await?;
        let participant = |id: PersonId| Participant {
            id,
            name: names
                .iter()
                .find(|p| p.id == id)
                .map_or_else(String::new, |p| p.name.clone()),
        };
        let ids: Vec<RecognitionId> = items.iter().map(|i| i.recognition.id).collect();
        let reactions = self.store.reactions(&ids, viewer.id).await?;
        let now = self.store.now();
        Ok(items
            .into_iter()
            .map(|item| {
                let r = item.recognition;
                let mine = viewer.may_change_recognition(r.giver_id);
                RecognitionView {
                    giver: participant(r.giver_id),
                    recipients: r.recipients.iter().map(|p| participant(*p)).collect(),
                    reactions: reactions
                        .iter()
                        .filter(|c| c.recognition == r.id)
                        .map(|c| (c.reaction, c.count, c.mine))
                        .collect(),
                    may_edit: mine && r.editable_at(now),
                    may_delete: mine,
                    may_hide: viewer.may_moderate_recognition(),
                    recognition: r,
                }
            })
            .collect())
    }

    /// The feed: what the viewer may see, with the filters, newest first.
    pub async fn recognitions(&self, viewer: &Viewer, filter: FeedFilter) -> Result<FeedPage> {
        if viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let limit = filter.limit.max(1);
        let mut items = self
            .store
            .recognition_feed(&FeedQuery {
                viewer: viewer.id,
                viewer_is_admin: viewer.is_admin(),
                person: filter.person,
                team: filter.team,
                celebrates: filter.celebrates,
                value: filter.value,
                since: filter.since,
                before: filter.before,
                limit: limit + 1,
            })
            .await?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|i| i.recognition.id)
        } else {
            None
        };
        Ok(FeedPage {
            items: self.views(viewer, items).await?,
            next,
        })
    }

    /// A person's timeline: what they received and gave that the viewer may see.
    pub async fn person_recognitions(
        &self,
        viewer: &Viewer,
        person: PersonId,
        filter: FeedFilter,
    ) -> Result<FeedPage> {
        self.person(viewer, person).await?;
        self.recognitions(
            viewer,
            FeedFilter {
                person: Some(person),
                ..filter
            },
        )
        .await
    }

    /// One recognition; not found when the viewer may not see it.
    pub async fn recognition(&self, viewer: &Viewer, id: RecognitionId) -> Result<RecognitionView> {
        let item = self
            .store
            .recognition(viewer.id, id)
            .await?
            .ok_or(Error::NotFound)?;
        self.views(viewer, vec![item])
            .await?
            .pop()
            .ok_or(Error::NotFound)
    }

    /// Changes what a recognition says: its giver, within 15 minutes of giving it.
    pub async fn edit_recognition(
        &self,
        viewer: &Viewer,
        id: RecognitionId,
        message: &str,
        celebrates: &str,
        value: Option<&str>,
    ) -> Result<RecognitionView> {
        let view = self.recognition(viewer, id).await?;
        if !view.may_delete {
            return Err(Error::Forbidden);
        }
        if !view.may_edit {
            return Err(Error::Conflict(
                "A recognition can be changed for 15 minutes after it is given; delete it and \
                 give it again instead."
                    .into(),
            ));
        }
        let message = rules::message(message).map_err(Error::from);
        let celebrates = celebrates.parse::<Celebrates>().map_err(Error::from);
        // The value it has already stays allowed, even after an admin removed it from the list.
        let kept = view.recognition.value.as_deref();
        let value = if value.map(str::trim).is_some_and(|v| Some(v) == kept) {
            Ok(view.recognition.value.clone())
        } else {
            self.known_value(value).await
        };
        let ((message, celebrates), value) = Error::both(Error::both(message, celebrates), value)?;
        self.store
            .update_recognition(id, &message, celebrates, value.as_deref())
            .await?;
        self.recognition(viewer, id).await
    }

    /// Deletes a recognition: its giver only.
    pub async fn delete_recognition(&self, viewer: &Viewer, id: RecognitionId) -> Result<()> {
        let view = self.recognition(viewer, id).await?;
        if !view.may_delete {
            return Err(Error::Forbidden);
        }
        Ok(self.store.delete_recognition(id).await?)
    }

    /// Hides a recognition as abuse, with a reason that is recorded (admins), or shows it again
    /// (`reason: None`).
    pub async fn hide_recognition(
        &self,
        viewer: &Viewer,
        id: RecognitionId,
        reason: Option<&str>,
    ) -> Result<RecognitionView> {
        self.recognition(viewer, id).await?;
        if !viewer.may_moderate_recognition() {
            return Err(Error::Forbidden);
        }
        let reason = match reason {
            Some(raw) => {
                Some(tend_domain::text::required_line("reason", raw, 500).map_err(Error::from)?)
            }
            None => None,
        };
        self.store
            .set_recognition_hidden(id, viewer.actor(), reason.as_deref())
            .await?;
        self.recognition(viewer, id).await
    }

    /// Adds or takes back a reaction on a recognition the viewer may see.
    pub async fn react(
        &self,
        viewer: &Viewer,
        id: RecognitionId,
        reaction: &str,
    ) -> Result<RecognitionView> {
        self.recognition(viewer, id).await?;
        let reaction = reaction.parse::<Reaction>()?;
        self.store.toggle_reaction(id, viewer.id, reaction).await?;
        self.recognition(viewer, id).await
    }

    /// The team values people choose from.
    pub async fn recognition_values(&self, _viewer: &Viewer) -> Result<Vec<(i64, String)>> {
        Ok(self.store.recognition_values().await?)
    }

    pub async fn add_recognition_value(&self, viewer: &Viewer, name: &str) -> Result<()> {
        if !viewer.may_moderate_recognition() {
            return Err(Error::Forbidden);
        }
        let name = rules::value_name(name)?;
        self.store.add_recognition_value(&name).await?;
        Ok(())
    }

    pub async fn remove_recognition_value(&self, viewer: &Viewer, id: i64) -> Result<()> {
        if !viewer.may_moderate_recognition() {
            return Err(Error::Forbidden);
        }
        Ok(self.store.remove_recognition_value(id).await?)
    }

    pub async fn recognition_daily_cap(&self, _viewer: &Viewer) -> Result<Option<u32>> {
        Ok(self.store.recognition_daily_cap().await?)
    }

    /// Sets the daily cap per giver (admins): empty or 0 for none.
    pub async fn set_recognition_daily_cap(&self, viewer: &Viewer, raw: &str) -> Result<()> {
        if !viewer.may_moderate_recognition() {
            return Err(Error::Forbidden);
        }
        let cap = rules::daily_cap(raw)?;
        Ok(self.store.set_recognition_daily_cap(cap).await?)
    }

    /// How widely the viewer recognises, and which of their reports have gone unnoticed for 30
    /// days.
    pub async fn recognition_breadth(&self, viewer: &Viewer) -> Result<Breadth> {
        let now = self.store.now();
        let given = self
            .store
            .recognitions_given(viewer.id, now - time::Duration::days(90))
            .await?;
        let (people_30_days, people_90_days) = breadth(&given, now);
        let reports = self.store.direct_reports(viewer.id).await?;
        let ids: Vec<PersonId> = reports.iter().map(|p| p.id).collect();
        let last = self.store.last_recognised(&ids).await?;
        let quiet = unnoticed(&ids, &last, now);
        Ok(Breadth {
            people_30_days,
            people_90_days,
            unnoticed: reports
                .iter()
                .filter(|p| quiet.contains(&p.id))
                .map(PersonSummary::from)
                .collect(),
        })
    }
}
