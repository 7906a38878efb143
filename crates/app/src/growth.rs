//! A person's growth plan (their track and aspirations from the profile, the skills they are
//! building, the goals that serve them, career conversations, and the career items of their
//! one-on-ones that the viewer took part in), and the private "lead or not?" reflection.

use tend_domain::access::Viewer;
use tend_domain::align::growth::{self as rules, Conversation, QUESTIONS, Question};
use tend_domain::align::objectives::Goal;
use tend_domain::align::parse_date;
use tend_domain::person::CareerTrack;
use tend_domain::{ConversationId, PersonId, Timestamp};
use tend_store::CareerItem;

use crate::one_on_ones::Participant;
use crate::person_ref::PersonRef;
use crate::{App, Error, Result};

/// The most one-on-one career items a growth plan lists (the latest).
const CAREER_ITEMS: u32 = 12;

/// A growth plan as a viewer sees it.
#[derive(Debug, Clone)]
pub struct GrowthPlan {
    pub person: Participant,
    pub career_track: CareerTrack,
    pub aspirations: String,
    pub skills: Vec<String>,
    pub goals: Vec<Goal>,
    pub conversations: Vec<Conversation>,
    /// Career items of held one-on-ones: all of the person's when they look at their own plan;
    /// only those of the viewer's one-on-ones with them otherwise (a one-on-one is for its two
    /// people alone).
    pub career_items: Vec<CareerItem>,
    pub may_change: bool,
    /// Whether the viewer may record opportunities and delegations (one of the managers above).
    pub may_empower: bool,
}

/// The reflection as its reader sees it.
#[derive(Debug, Clone)]
pub struct LeadReflection {
    pub person: Participant,
    pub shared_with_manager: bool,
    pub updated_at: Option<Timestamp>,
    /// Every question with its answer (empty when none).
    pub answers: Vec<(&'static Question, String)>,
    /// The person themselves reads it (and may change it).
    pub mine: bool,
}

impl App {
    pub async fn growth_plan(&self, viewer: &Viewer, id: PersonId) -> Result<GrowthPlan> {
        let person = self.growth_subject(viewer, id).await?;
        let with = (viewer.id != person.id).then_some(viewer.id);
        Ok(GrowthPlan {
            skills: self.store.skills(id).await?,
            goals: self.store.goals_of(id).await?,
            conversations: self.store.conversations(id).await?,
            career_items: self.store.career_items(id, with, CAREER_ITEMS).await?,
            may_change: viewer.may_change_growth(person.id, &person.managers),
            may_empower: viewer.may_empower(person.id, &person.managers),
            career_track: person.profile.career_track,
            aspirations: person.profile.aspirations,
            person: Participant {
                id: person.id,
                name: person.name,
            },
        })
    }

    /// Replaces the skills a person is building.
    pub async fn set_skills(
        &self,
        viewer: &Viewer,
        person: PersonId,
        skills: &[String],
    ) -> Result<Vec<String>> {
        let person = self
            .growth_target(viewer, Some(&PersonRef::Id(person)), "person_id")
            .await
            .map_err(|e| match e {
                Error::Invalid(_) => Error::NotFound,
                other => other,
            })?;
        let skills = rules::skills(skills)?;
        self.store.set_skills(person.id, &skills).await?;
        Ok(skills)
    }

    /// Records a career conversation held on a day.
    pub async fn add_conversation(
        &self,
        viewer: &Viewer,
        person: Option<PersonRef>,
        held_on: &str,
        summary: &str,
    ) -> Result<Conversation> {
        let target = self
            .growth_target(viewer, person.as_ref(), "person_id")
            .await;
        let held_on = parse_date("held_on", held_on).map_err(Error::from);
        let summary = rules::summary(summary).map_err(Error::from);
        let ((target, held_on), summary) = Error::both(Error::both(target, held_on), summary)?;
        let today = self.today(viewer).await?;
        if held_on > today {
            return Err(Error::field(
                "held_on",
                "is in the future; record a conversation once it has happened",
            ));
        }
        let id = self
            .store
            .add_conversation(target.id, held_on, &summary, viewer.actor())
            .await?;
        self.store
            .conversations(target.id)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(Error::NotFound)
    }

    pub async fn delete_conversation(
        &self,
        viewer: &Viewer,
        id: ConversationId,
    ) -> Result<PersonId> {
        let person = self.store.conversation(id).await?.ok_or(Error::NotFound)?;
        let person = self.growth_subject(viewer, person).await?;
        if !viewer.may_change_growth(person.id, &person.managers) {
            return Err(Error::Forbidden);
        }
        self.store.delete_conversation(id).await?;
        Ok(person.id)
    }

    /// A person's "lead or not?" reflection: theirs alone unless they shared it with their
    /// manager (404 to anyone else, whoever asks).
    pub async fn lead_reflection(&self, viewer: &Viewer, id: PersonId) -> Result<LeadReflection> {
        let person = self.store.person(id).await?.ok_or(Error::NotFound)?;
        let stored = self.store.lead_reflection(id).await?;
        let shared_with = stored.as_ref().and_then(|s| s.shared_with);
        if !viewer.may_read_lead_reflection(person.id, shared_with, person.manager_id) {
            return Err(Error::NotFound);
        }
        // Shared means shared with the manager they have now; one shared with an earlier manager
        // shows as private (and is, to everyone but the person).
        let shared = shared_with.is_some() && shared_with == person.manager_id;
        let answers = QUESTIONS
            .iter()
            .map(|q| {
                let answer = stored
                    .as_ref()
                    .and_then(|s| s.answers.iter().find(|(k, _)| k == q.key))
                    .map(|(_, a)| a.clone())
                    .unwrap_or_default();
                (q, answer)
            })
            .collect();
        Ok(LeadReflection {
            mine: viewer.id == person.id,
            person: Participant {
                id: person.id,
                name: person.name,
            },
            shared_with_manager: shared,
            updated_at: stored.map(|s| s.updated_at),
            answers,
        })
    }

    /// Changes the viewer's own reflection: the answers given replace theirs (an empty one is
    /// removed), the others stay; sharing changes only when given.
    pub async fn update_lead_reflection(
        &self,
        viewer: &Viewer,
        given: &[(String, String)],
        shared_with_manager: Option<bool>,
    ) -> Result<LeadReflection> {
        let current = self.lead_reflection(viewer, viewer.id).await?;
        let answers: Vec<(String, String)> = current
            .answers
            .iter()
            .map(|(q, a)| (q.key.to_owned(), a.clone()))
            .chain(given.iter().cloned())
            .collect();
        let shared = shared_with_manager.unwrap_or(current.shared_with_manager);
        self.save_lead_reflection(viewer, &answers, shared).await
    }

    /// Saves the viewer's own reflection: every answer given replaces the one before; an answer
    /// left out or empty is removed.
    pub async fn save_lead_reflection(
        &self,
        viewer: &Viewer,
        answers: &[(String, String)],
        shared_with_manager: bool,
    ) -> Result<LeadReflection> {
        if viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let answers = rules::answers(answers)?;
        let shared_with = if shared_with_manager {
            let me = self.store.person(viewer.id).await?.ok_or(Error::NotFound)?;
            Some(me.manager_id.ok_or_else(|| {
                Error::field(
                    "shared_with_manager",
                    "you have no manager to share it with",
                )
            })?)
        } else {
            None
        };
        self.store
            .save_lead_reflection(viewer.id, shared_with, &answers)
            .await?;
        self.lead_reflection(viewer, viewer.id).await
    }
}
