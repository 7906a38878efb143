//! One-on-ones: start a series, work in a meeting (agenda, notes, action items), and move it on
//! (hold, skip, cancel, move). A series and everything in it is for its two people alone; to
//! anyone else it does not exist (404), and a private note is for its author alone.

use tend_domain::access::Viewer;
use tend_domain::one_on_one::agenda::{CareerRule, Templates, parse_template};
use tend_domain::one_on_one::signals::{self, ItemFacts, MeetingFacts, Signals};
use tend_domain::one_on_one::{
    self as rules, ActionItem, Cadence, ItemKind, Meeting, NotHeld, Note, Schedule, Series,
    TalkingPoint, lead_of, questions,
};
use tend_domain::{
    ActionItemId, FieldError, MeetingId, NoteId, PersonId, SeriesId, TalkingPointId, Timestamp,
};
use tend_store::{Finish, NewMeeting, NewSeries};

use crate::person_ref::PersonRef;
use crate::{App, Error, Result};

/// When the first meeting is: an instant (the API), or a wall-clock date and time typed into a
/// form in a time zone (empty: the starter's own, else UTC).
#[derive(Debug, Clone)]
pub enum FirstMeeting {
    At(Timestamp),
    WallClock {
        date: String,
        time: String,
        time_zone: String,
    },
}

#[derive(Debug, Clone)]
pub struct StartSeries {
    pub with: Option<PersonRef>,
    pub cadence: String,
    pub first: FirstMeeting,
}

/// Someone in a one-on-one: id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: PersonId,
    pub name: String,
}

/// A series as its lists show it.
#[derive(Debug, Clone)]
pub struct SeriesSummary {
    pub series: Series,
    pub lead: Participant,
    pub report: Participant,
    pub next_meeting: Option<Meeting>,
}

impl SeriesSummary {
    /// The other person, seen from `viewer`.
    pub fn other(&self, viewer: PersonId) -> &Participant {
        if self.lead.id == viewer {
            &self.report
        } else {
            &self.lead
        }
    }

    pub fn participants(&self) -> [&Participant; 2] {
        [&self.lead, &self.report]
    }
}

/// One page of a person's series and where the next starts.
#[derive(Debug, Clone)]
pub struct SeriesPage {
    pub items: Vec<SeriesSummary>,
    pub next: Option<SeriesId>,
}

/// A series with its history and what its meetings say.
#[derive(Debug, Clone)]
pub struct SeriesView {
    pub summary: SeriesSummary,
    /// Oldest first.
    pub meetings: Vec<Meeting>,
    pub signals: Signals,
}

/// A meeting as one of its two people sees it: only the notes they may read.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub summary: SeriesSummary,
    pub talking_points: Vec<TalkingPoint>,
    pub notes: Vec<Note>,
    pub action_items: Vec<ActionItem>,
    /// The meeting before and after this one in the series, for moving between them.
    pub previous: Option<Meeting>,
    pub following: Option<Meeting>,
    /// Action items agreed in this meeting that have moved on to a later one, where they are now.
    pub carried_onward: Vec<ActionItem>,
    /// When each meeting an action item was carried from took place.
    pub carried_from: Vec<(MeetingId, Timestamp)>,
}

/// A template edit: the two lists as text and how often the career items come.
#[derive(Debug, Clone, Default)]
pub struct TemplatesInput {
    pub opening: String,
    pub career: String,
    pub career_every: String,
}

/// A new action item.
#[derive(Debug, Clone)]
pub struct NewActionItem {
    pub text: String,
    pub owner: Option<PersonId>,
    pub due_on: String,
}

impl App {
    /// Starts a series with someone: the viewer and the other person, a cadence, and the first
    /// meeting, which opens with the series' person-first items.
    pub async fn start_one_on_one(
        &self,
        viewer: &Viewer,
        input: StartSeries,
    ) -> Result<SeriesView> {
        let me = self
            .store
            .person(viewer.id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        let with = match &input.with {
            Some(who) => self.resolve("with", who).await.and_then(|other| {
                if viewer.may_start_one_on_one_with(other.id) {
                    Ok(other)
                } else {
                    Err(Error::field(
                        "with",
                        "must be someone else: a one-on-one takes two people",
                    ))
                }
            }),
            None => Err(Error::field("with", "must name the person to meet")),
        };
        let cadence = input.cadence.parse::<Cadence>().map_err(Error::from);
        let now = self.store.now();
        let schedule = match (&cadence, &input.first) {
            (Ok(cadence), FirstMeeting::At(at)) => {
                Schedule::starting_at(*cadence, *at, &me.profile.time_zone, now)
                    .map_err(Error::from)
            }
            (
                Ok(cadence),
                FirstMeeting::WallClock {
                    date,
                    time,
                    time_zone,
                },
            ) => {
                let zone = if time_zone.trim().is_empty() {
                    &me.profile.time_zone
                } else {
                    time_zone
                };
                Schedule::from_wall_clock(*cadence, date, time, zone, now).map_err(Error::Invalid)
            }
            (Err(_), _) => Err(Error::Invalid(Vec::new())),
        };
        let ((with, _), schedule) = Error::both(Error::both(with, cadence), schedule)?;
        let lead = lead_of(me.id, with.id, &me.managers);
        let report = if lead == me.id { with.id } else { me.id };
        let templates = Templates::default();
        let first = NewMeeting {
            occurrence: 0,
            starts_at: schedule
                .occurrence(0)
                .ok_or_else(|| Error::field("first_meeting_at", "is not a time Tend can place"))?,
            opening_items: templates.items_for(&schedule, 0),
        };
        let new = NewSeries {
            lead_id: lead,
            report_id: report,
            started_by: me.id,
            schedule,
            templates,
        };
        let id = self.store.create_series(&new, &first).await?;
        self.one_on_one(viewer, id).await
    }

    /// The series the viewer takes part in, by id.
    pub async fn one_on_ones(
        &self,
        viewer: &Viewer,
        after: Option<SeriesId>,
        limit: u32,
    ) -> Result<SeriesPage> {
        let mut listings = self.store.series_of(viewer.id, after, limit + 1).await?;
        let next = if listings.len() > limit as usize {
            listings.truncate(limit as usize);
            listings.last().map(|l| l.series.id)
        } else {
            None
        };
        let items = listings
            .into_iter()
            .filter(|l| viewer.may_see_one_on_one(l.series.participants()))
            .map(|l| SeriesSummary {
                lead: Participant {
                    id: l.series.lead_id,
                    name: l.lead_name,
                },
                report: Participant {
                    id: l.series.report_id,
                    name: l.report_name,
                },
                next_meeting: l.next_meeting,
                series: l.series,
            })
            .collect();
        Ok(SeriesPage { items, next })
    }

    /// A series the viewer is in; to anyone else it does not exist.
    async fn visible_series(&self, viewer: &Viewer, id: SeriesId) -> Result<Series> {
        self.store
            .series(id)
            .await?
            .filter(|s| viewer.may_see_one_on_one(s.participants()))
            .ok_or(Error::NotFound)
    }

    /// Refuses changes to the agenda of a meeting that is over: its history stays as it was
    /// (marking items discussed or done stays possible, and notes can still be added).
    async fn still_scheduled(&self, meeting: MeetingId) -> Result<()> {
        match self.store.meeting(meeting).await? {
            Some(m) if m.status == rules::MeetingStatus::Scheduled => Ok(()),
            Some(_) => Err(Error::Conflict(
                "this meeting is over, so its agenda stays as it was; add it to the next meeting"
                    .into(),
            )),
            None => Err(Error::NotFound),
        }
    }

    /// A meeting of a series the viewer is in, with its series.
    async fn visible_meeting(&self, viewer: &Viewer, id: MeetingId) -> Result<(Meeting, Series)> {
        let meeting = self.store.meeting(id).await?.ok_or(Error::NotFound)?;
        let series = self.visible_series(viewer, meeting.series_id).await?;
        Ok((meeting, series))
    }

    async fn series_summary(&self, series: Series) -> Result<SeriesSummary> {
        let name = |id: PersonId| async move {
            Ok::<_, Error>(
                self.store
                    .person(id)
                    .await?
                    .map(|p| p.name)
                    .unwrap_or_default(),
            )
        };
        let lead = Participant {
            id: series.lead_id,
            name: name(series.lead_id).await?,
        };
        let report = Participant {
            id: series.report_id,
            name: name(series.report_id).await?,
        };
        let next_meeting = self
            .store
            .meetings_of(series.id)
            .await?
            .into_iter()
            .find(|m| m.status == rules::MeetingStatus::Scheduled);
        Ok(SeriesSummary {
            series,
            lead,
            report,
            next_meeting,
        })
    }

    /// A series with its meetings, oldest first, and its signals.
    pub async fn one_on_one(&self, viewer: &Viewer, id: SeriesId) -> Result<SeriesView> {
        let series = self.visible_series(viewer, id).await?;
        let meetings = self.store.meetings_of(id).await?;
        let mut items_of: std::collections::HashMap<MeetingId, Vec<ItemFacts>> =
            std::collections::HashMap::new();
        for point in self.store.talking_points_of_series(id).await? {
            items_of
                .entry(point.meeting_id)
                .or_default()
                .push(ItemFacts {
                    kind: point.kind,
                    added_by: point.added_by,
                    discussed: point.discussed,
                });
        }
        let facts: Vec<MeetingFacts> = meetings
            .iter()
            .map(|meeting| MeetingFacts {
                starts_at: meeting.starts_at,
                status: meeting.status,
                // Only a held meeting's agenda says anything about how it went.
                items: if meeting.status == rules::MeetingStatus::Completed {
                    items_of.remove(&meeting.id).unwrap_or_default()
                } else {
                    Vec::new()
                },
            })
            .collect();
        let signals = signals::signals(series.lead_id, series.report_id, &facts, self.store.now());
        let summary = self.series_summary(series).await?;
        Ok(SeriesView {
            summary,
            meetings,
            signals,
        })
    }

    /// A meeting with its agenda, the notes the viewer may read, and its action items.
    pub async fn meeting(&self, viewer: &Viewer, id: MeetingId) -> Result<MeetingView> {
        let (meeting, series) = self.visible_meeting(viewer, id).await?;
        let participants = series.participants();
        let talking_points = self.store.talking_points(id).await?;
        let notes = self
            .store
            .notes(id)
            .await?
            .into_iter()
            .filter(|n| viewer.may_read_note(participants, n.author_id, n.private))
            .collect();
        let action_items = self.store.action_items(id).await?;
        let carried_onward = self.store.action_items_carried_from(id).await?;
        let meetings = self.store.meetings_of(series.id).await?;
        let at = meetings.iter().position(|m| m.id == id);
        let previous = at
            .and_then(|at| at.checked_sub(1))
            .and_then(|at| meetings.get(at))
            .cloned();
        let following = at.and_then(|at| meetings.get(at + 1)).cloned();
        let carried_from = meetings.iter().map(|m| (m.id, m.starts_at)).collect();
        let summary = self.series_summary(series).await?;
        Ok(MeetingView {
            meeting,
            summary,
            talking_points,
            notes,
            action_items,
            carried_onward,
            previous,
            following,
            carried_from,
        })
    }

    /// Adds a talking point to a meeting still to be held (either person).
    pub async fn add_talking_point(
        &self,
        viewer: &Viewer,
        meeting: MeetingId,
        kind: &str,
        text: &str,
    ) -> Result<TalkingPoint> {
        self.visible_meeting(viewer, meeting).await?;
        let kind = kind.parse::<ItemKind>().map_err(Error::from);
        let text = rules::item_text("text", text).map_err(Error::from);
        let (kind, text) = Error::both(kind, text)?;
        let id = self
            .store
            .add_talking_point(meeting, kind, &text, viewer.id)
            .await?;
        self.store.talking_point(id).await?.ok_or(Error::NotFound)
    }

    /// Pulls a coaching question from the bank into a meeting's agenda.
    pub async fn add_question(
        &self,
        viewer: &Viewer,
        meeting: MeetingId,
        question: &str,
    ) -> Result<TalkingPoint> {
        let question = questions::find(question)
            .ok_or_else(|| Error::field("question", "is not a question from the bank"))?;
        self.add_talking_point(viewer, meeting, question.kind.as_str(), question.text)
            .await
    }

    /// A talking point of a series the viewer is in, with the series.
    async fn visible_talking_point(
        &self,
        viewer: &Viewer,
        id: TalkingPointId,
    ) -> Result<(TalkingPoint, Series)> {
        let point = self.store.talking_point(id).await?.ok_or(Error::NotFound)?;
        let (_, series) = self.visible_meeting(viewer, point.meeting_id).await?;
        Ok((point, series))
    }

    /// Marks a talking point discussed or not; returns its meeting.
    pub async fn set_talking_point_discussed(
        &self,
        viewer: &Viewer,
        id: TalkingPointId,
        discussed: bool,
    ) -> Result<TalkingPoint> {
        self.visible_talking_point(viewer, id).await?;
        self.store
            .set_talking_point_discussed(id, discussed)
            .await?;
        self.store.talking_point(id).await?.ok_or(Error::NotFound)
    }

    /// Moves a talking point one place up or down the agenda of a meeting still to be held;
    /// returns it.
    pub async fn move_talking_point(
        &self,
        viewer: &Viewer,
        id: TalkingPointId,
        up: bool,
    ) -> Result<TalkingPoint> {
        let (point, _) = self.visible_talking_point(viewer, id).await?;
        self.still_scheduled(point.meeting_id).await?;
        self.store.move_talking_point(id, up).await?;
        self.store.talking_point(id).await?.ok_or(Error::NotFound)
    }

    /// Takes a talking point off the agenda: the one who added it, or either person for the
    /// items a meeting opens with. Returns its meeting.
    pub async fn remove_talking_point(
        &self,
        viewer: &Viewer,
        id: TalkingPointId,
    ) -> Result<MeetingId> {
        let (point, series) = self.visible_talking_point(viewer, id).await?;
        if !viewer.may_remove_talking_point(series.participants(), point.added_by) {
            return Err(Error::Forbidden);
        }
        self.still_scheduled(point.meeting_id).await?;
        self.store.delete_talking_point(id).await?;
        Ok(point.meeting_id)
    }

    /// Adds a note, shared with the other person or private to the viewer.
    pub async fn add_note(
        &self,
        viewer: &Viewer,
        meeting: MeetingId,
        body: &str,
        private: bool,
    ) -> Result<Note> {
        self.visible_meeting(viewer, meeting).await?;
        let body = rules::note_body(body)?;
        let id = self
            .store
            .add_note(meeting, viewer.id, private, &body)
            .await?;
        self.store.note(id).await?.ok_or(Error::NotFound)
    }

    /// A note the viewer may read; any other is not found.
    async fn readable_note(&self, viewer: &Viewer, id: NoteId) -> Result<(Note, Series)> {
        let note = self.store.note(id).await?.ok_or(Error::NotFound)?;
        let (_, series) = self.visible_meeting(viewer, note.meeting_id).await?;
        if !viewer.may_read_note(series.participants(), note.author_id, note.private) {
            return Err(Error::NotFound);
        }
        Ok((note, series))
    }

    /// A note the viewer wrote, to change or delete.
    async fn own_note(&self, viewer: &Viewer, id: NoteId) -> Result<Note> {
        let (note, series) = self.readable_note(viewer, id).await?;
        if !viewer.may_change_note(series.participants(), note.author_id) {
            return Err(Error::Forbidden);
        }
        Ok(note)
    }

    pub async fn note(&self, viewer: &Viewer, id: NoteId) -> Result<Note> {
        Ok(self.readable_note(viewer, id).await?.0)
    }

    pub async fn update_note(&self, viewer: &Viewer, id: NoteId, body: &str) -> Result<Note> {
        self.own_note(viewer, id).await?;
        let body = rules::note_body(body)?;
        self.store.update_note(id, &body).await?;
        self.store.note(id).await?.ok_or(Error::NotFound)
    }

    /// Deletes a note the viewer wrote; returns its meeting.
    pub async fn delete_note(&self, viewer: &Viewer, id: NoteId) -> Result<MeetingId> {
        let note = self.own_note(viewer, id).await?;
        self.store.delete_note(id).await?;
        Ok(note.meeting_id)
    }

    /// Adds an action item owned by one of the two people.
    pub async fn add_action_item(
        &self,
        viewer: &Viewer,
        meeting: MeetingId,
        input: NewActionItem,
    ) -> Result<ActionItem> {
        let (_, series) = self.visible_meeting(viewer, meeting).await?;
        let text = rules::item_text("text", &input.text).map_err(Error::from);
        let owner = match input.owner {
            Some(owner) => rules::action_owner(&series, owner).map_err(Error::from),
            None => Err(Error::field("owner_id", "must name who owns it")),
        };
        let due_on = rules::due_on(&input.due_on).map_err(Error::from);
        let ((text, owner), due_on) = Error::both(Error::both(text, owner), due_on)?;
        let id = self
            .store
            .add_action_item(meeting, &text, owner, due_on, viewer.id)
            .await?;
        self.store.action_item(id).await?.ok_or(Error::NotFound)
    }

    async fn visible_action_item(&self, viewer: &Viewer, id: ActionItemId) -> Result<ActionItem> {
        let item = self.store.action_item(id).await?.ok_or(Error::NotFound)?;
        self.visible_meeting(viewer, item.meeting_id).await?;
        Ok(item)
    }

    pub async fn set_action_item_done(
        &self,
        viewer: &Viewer,
        id: ActionItemId,
        done: bool,
    ) -> Result<ActionItem> {
        self.visible_action_item(viewer, id).await?;
        self.store.set_action_item_done(id, done).await?;
        self.store.action_item(id).await?.ok_or(Error::NotFound)
    }

    /// Deletes an action item (either person); returns its meeting.
    pub async fn delete_action_item(&self, viewer: &Viewer, id: ActionItemId) -> Result<MeetingId> {
        let item = self.visible_action_item(viewer, id).await?;
        self.still_scheduled(item.meeting_id).await?;
        self.store.delete_action_item(id).await?;
        Ok(item.meeting_id)
    }

    /// The meeting after `meeting` once it is over: the first occurrence not yet used that
    /// starts after both now and the meeting itself, with what it opens with.
    async fn next_meeting(&self, series: &Series, meeting: &Meeting) -> Result<NewMeeting> {
        let after = self.store.now().max(meeting.starts_at);
        let used = self.store.last_occurrence(series.id).await?;
        let (occurrence, starts_at) =
            series.schedule.next_after(after, used + 1).ok_or_else(|| {
                Error::Conflict("this series has no more dates Tend can place".into())
            })?;
        Ok(NewMeeting {
            occurrence,
            starts_at,
            opening_items: series.templates.items_for(&series.schedule, occurrence),
        })
    }

    /// Marks a meeting held; its open action items move to the next meeting, which comes into
    /// being. Returns the next meeting.
    pub async fn complete_meeting(&self, viewer: &Viewer, id: MeetingId) -> Result<MeetingId> {
        let (meeting, series) = self.visible_meeting(viewer, id).await?;
        let next = self.next_meeting(&series, &meeting).await?;
        Ok(self
            .store
            .finish_meeting(id, Finish::Completed, "", &next)
            .await?)
    }

    /// Skips or cancels a meeting with a reason; its open items move to the next meeting.
    pub async fn not_hold_meeting(
        &self,
        viewer: &Viewer,
        id: MeetingId,
        how: NotHeld,
        reason: &str,
    ) -> Result<MeetingId> {
        let (meeting, series) = self.visible_meeting(viewer, id).await?;
        let reason = rules::reason(reason)?;
        let next = self.next_meeting(&series, &meeting).await?;
        Ok(self
            .store
            .finish_meeting(id, Finish::NotHeld(how), &reason, &next)
            .await?)
    }

    /// Moves a meeting still to be held to another time (in the future), with a reason.
    pub async fn reschedule_meeting(
        &self,
        viewer: &Viewer,
        id: MeetingId,
        to: FirstMeeting,
        reason: &str,
    ) -> Result<Meeting> {
        let (_, series) = self.visible_meeting(viewer, id).await?;
        let now = self.store.now();
        let to = match to {
            FirstMeeting::At(at) => {
                Schedule::starting_at(series.schedule.cadence, at, &series.schedule.time_zone, now)
                    .map_err(|e| Error::from(FieldError::new("starts_at", e.message)))
            }
            FirstMeeting::WallClock {
                date,
                time,
                time_zone,
            } => {
                let zone = if time_zone.trim().is_empty() {
                    series.schedule.time_zone.clone()
                } else {
                    time_zone
                };
                Schedule::from_wall_clock(series.schedule.cadence, &date, &time, &zone, now)
                    .map_err(Error::Invalid)
            }
        }
        .and_then(|s| {
            s.occurrence(0)
                .ok_or_else(|| Error::field("starts_at", "is not a time Tend can place"))
        });
        let reason = rules::reason(reason).map_err(Error::from);
        let (to, reason) = Error::both(to, reason)?;
        self.store.reschedule_meeting(id, to, &reason).await?;
        self.store.meeting(id).await?.ok_or(Error::NotFound)
    }

    /// Ends a series (either person), with a reason kept on the meeting that no longer comes:
    /// when the two stop meeting (a new manager, a mentorship that ran its course).
    pub async fn end_one_on_one(
        &self,
        viewer: &Viewer,
        id: SeriesId,
        reason: &str,
    ) -> Result<SeriesView> {
        self.visible_series(viewer, id).await?;
        let reason = rules::reason(reason)?;
        self.store.end_series(id, &reason).await?;
        self.one_on_one(viewer, id).await
    }

    /// Starts an ended series again: its next occurrence from now, with the open action items.
    pub async fn resume_one_on_one(&self, viewer: &Viewer, id: SeriesId) -> Result<SeriesView> {
        let series = self.visible_series(viewer, id).await?;
        if series.ended_at.is_none() {
            return Err(Error::Conflict("this series has not ended".into()));
        }
        let used = self.store.last_occurrence(id).await?;
        let (occurrence, starts_at) = series
            .schedule
            .next_after(self.store.now(), used + 1)
            .ok_or_else(|| {
                Error::Conflict("this series has no more dates Tend can place".into())
            })?;
        let next = NewMeeting {
            occurrence,
            starts_at,
            opening_items: series.templates.items_for(&series.schedule, occurrence),
        };
        self.store.resume_series(id, &next).await?;
        self.one_on_one(viewer, id).await
    }

    /// Changes what the series' new meetings open with (either person); meetings already made
    /// keep their agenda.
    pub async fn update_templates(
        &self,
        viewer: &Viewer,
        id: SeriesId,
        input: TemplatesInput,
    ) -> Result<SeriesView> {
        self.visible_series(viewer, id).await?;
        let opening = parse_template("opening", &input.opening).map_err(Error::from);
        let career = parse_template("career", &input.career).map_err(Error::from);
        let rule = CareerRule::parse(&input.career_every).map_err(Error::from);
        let ((opening, career), career_rule) = Error::both(Error::both(opening, career), rule)?;
        self.store
            .update_series_templates(
                id,
                &Templates {
                    opening,
                    career,
                    career_rule,
                },
            )
            .await?;
        self.one_on_one(viewer, id).await
    }
}
