//! The API's request and response bodies. Inputs refuse unknown fields, so a typo is an error
//! rather than a silently ignored change. Ids are integers; enumerations list their values in the
//! OpenAPI document.

use serde::{Deserialize, Deserializer, Serialize};
use tend_app::{PersonSummary, PersonView};
use tend_domain::person::Profile;
use tend_domain::team::Team;
use tend_domain::{CareerTrack, PersonId, Role, TeamId, Timestamp};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ProfileOut {
    pub time_zone: String,
    pub career_track: CareerTrack,
    pub aspirations: String,
    pub motivations: String,
    pub strengths: String,
    pub working_preferences: String,
}

impl From<&Profile> for ProfileOut {
    fn from(p: &Profile) -> Self {
        Self {
            time_zone: p.time_zone.clone(),
            career_track: p.career_track,
            aspirations: p.aspirations.clone(),
            motivations: p.motivations.clone(),
            strengths: p.strengths.clone(),
            working_preferences: p.working_preferences.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    pub id: PersonId,
    pub email: String,
    pub name: String,
    pub role: Role,
    #[schema(required = true)]
    pub manager_id: Option<PersonId>,
    pub archived: bool,
    #[schema(required = true)]
    pub archived_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Null except for the person themselves and the managers above them.
    #[schema(required = true)]
    pub profile: Option<ProfileOut>,
}

impl From<&PersonView> for PersonOut {
    fn from(person: &PersonView) -> Self {
        Self {
            id: person.id,
            email: person.email.to_string(),
            name: person.name.clone(),
            role: person.role,
            manager_id: person.manager_id,
            archived: person.is_archived(),
            archived_at: person.archived_at,
            created_at: person.created_at,
            updated_at: person.updated_at,
            profile: person.profile.as_ref().map(ProfileOut::from),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<PersonOut>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPersonIn {
    /// Trimmed and lower-cased; at most 254 bytes.
    #[schema(format = Email, min_length = 1, max_length = 254)]
    pub email: String,
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// `member` when absent.
    #[serde(default)]
    #[schema(value_type = Option<Role>)]
    pub role: Option<String>,
    #[serde(default)]
    pub manager_id: Option<PersonId>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    /// Trimmed and lower-cased; at most 254 bytes.
    #[schema(format = Email, min_length = 1, max_length = 254)]
    pub email: Option<String>,
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    #[schema(value_type = Option<Role>)]
    pub role: Option<String>,
    /// A person id, or `null` to remove the manager.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<PersonId>)]
    pub manager_id: Option<Option<PersonId>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    /// A name from the IANA time zone database such as `Europe/Lisbon` (any case: it is stored
    /// as the database spells it), or empty for "not said". Anything else, "Lisbon" or "Pacific
    /// Time" say, is a 422 naming `time_zone`.
    #[schema(max_length = 64)]
    pub time_zone: Option<String>,
    #[schema(value_type = Option<CareerTrack>)]
    pub career_track: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub aspirations: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub motivations: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub strengths: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub working_preferences: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamOut {
    pub id: TeamId,
    pub name: String,
    /// The why: what the team is for.
    pub purpose: String,
    #[schema(required = true)]
    pub lead_id: Option<PersonId>,
    pub archived: bool,
    pub member_count: i64,
    /// Present on a single team (absent in lists): the active members.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<MemberOut>)]
    pub members: Option<Vec<MemberOut>>,
}

impl TeamOut {
    pub fn new(team: &Team, members: Option<&[PersonSummary]>) -> Self {
        Self {
            id: team.id,
            name: team.name.clone(),
            purpose: team.purpose.clone(),
            lead_id: team.lead_id,
            archived: team.archived_at.is_some(),
            member_count: team.member_count,
            members: members.map(|m| m.iter().map(MemberOut::from).collect()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub id: PersonId,
    pub name: String,
    pub email: String,
}

impl From<&PersonSummary> for MemberOut {
    fn from(p: &PersonSummary) -> Self {
        Self {
            id: p.id,
            name: p.name.clone(),
            email: p.email.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TeamsPage {
    pub items: Vec<TeamOut>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamIn {
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub purpose: String,
    /// The lead, who is always one of the members: added to them when not among `member_ids`.
    #[serde(default)]
    pub lead_id: Option<PersonId>,
    #[serde(default)]
    pub member_ids: Option<Vec<PersonId>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    /// One line without control characters, trimmed.
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    /// Free text (line breaks kept, other control characters refused), trimmed.
    #[schema(max_length = 4000)]
    pub purpose: Option<String>,
    /// A person id, or `null` for no lead. Admins only. A new lead becomes a member.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<PersonId>)]
    pub lead_id: Option<Option<PersonId>>,
    /// Replaces the members with exactly these people, who must include the team's lead: a
    /// lead is always a member of their team (422 otherwise).
    pub member_ids: Option<Vec<PersonId>>,
}

/// Tells "absent" (outer `None`) from "null" (`Some(None)`) for PATCH fields.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Which people or teams a list shows (`archived` and `all` are for admins).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ArchivedParam {
    Active,
    Archived,
    All,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeopleParams {
    /// Matches anywhere in a name or email, ignoring case. No control characters.
    #[param(max_length = 200)]
    pub search: Option<String>,
    pub team_id: Option<TeamId>,
    /// `active` when absent.
    #[param(value_type = Option<ArchivedParam>)]
    pub archived: Option<String>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TeamsParams {
    /// `active` when absent.
    #[param(value_type = Option<ArchivedParam>)]
    pub archived: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// One change to someone's account: who made it, what, when.
#[derive(Serialize, ToSchema)]
pub struct AccountEventOut {
    pub id: i64,
    pub kind: tend_domain::account::AccountEventKind,
    /// What changed, with the names as they were: "Jordan Lee → Alex Morgan"; empty when the
    /// kind says it all.
    pub detail: String,
    /// Who made the change; null for the command line.
    #[schema(required = true)]
    pub actor_id: Option<PersonId>,
    #[schema(required = true)]
    pub actor_name: Option<String>,
    pub at: Timestamp,
    /// Whether the person has seen it.
    pub acknowledged: bool,
}

impl From<&tend_domain::account::AccountEvent> for AccountEventOut {
    fn from(event: &tend_domain::account::AccountEvent) -> Self {
        Self {
            id: event.id,
            kind: event.kind,
            detail: event.detail.clone(),
            actor_id: event.actor,
            actor_name: event.actor_name.clone(),
            at: event.at,
            acknowledged: event.acknowledged,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AccountEventsPage {
    pub items: Vec<AccountEventOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

// One-on-ones.

/// Someone in a one-on-one.
#[derive(Serialize, ToSchema)]
pub struct ParticipantOut {
    pub id: PersonId,
    pub name: String,
}

impl From<&tend_app::Participant> for ParticipantOut {
    fn from(p: &tend_app::Participant) -> Self {
        Self {
            id: p.id,
            name: p.name.clone(),
        }
    }
}

/// A meeting's place in its series.
#[derive(Serialize, ToSchema)]
pub struct MeetingBriefOut {
    pub id: tend_domain::MeetingId,
    pub starts_at: Timestamp,
    pub status: tend_domain::one_on_one::MeetingStatus,
    /// Why it was skipped, cancelled or moved; empty otherwise.
    pub reason: String,
    /// Where it stood before it was moved; null when it never was.
    #[schema(required = true)]
    pub moved_from: Option<Timestamp>,
}

impl From<&tend_domain::one_on_one::Meeting> for MeetingBriefOut {
    fn from(m: &tend_domain::one_on_one::Meeting) -> Self {
        Self {
            id: m.id,
            starts_at: m.starts_at,
            status: m.status,
            reason: m.reason.clone(),
            moved_from: m.moved_from,
        }
    }
}

/// A one-on-one series.
#[derive(Serialize, ToSchema)]
pub struct SeriesOut {
    pub id: tend_domain::SeriesId,
    /// The lead (manager, mentor) first, then the report.
    pub participants: Vec<ParticipantOut>,
    pub lead_id: PersonId,
    pub report_id: PersonId,
    pub cadence: tend_domain::one_on_one::Cadence,
    /// The time zone whose wall clock the meetings keep.
    pub time_zone: String,
    /// In words: "Every week on Tuesday at 10:00 (Europe/Lisbon)".
    pub schedule: String,
    /// The meeting still to come; null only if the series has ended.
    #[schema(required = true)]
    pub next_meeting: Option<MeetingBriefOut>,
    /// When the two stopped meeting; null while the series goes on.
    #[schema(required = true)]
    pub ended_at: Option<Timestamp>,
}

impl From<&tend_app::SeriesSummary> for SeriesOut {
    fn from(s: &tend_app::SeriesSummary) -> Self {
        Self {
            id: s.series.id,
            participants: vec![(&s.lead).into(), (&s.report).into()],
            lead_id: s.lead.id,
            report_id: s.report.id,
            cadence: s.series.schedule.cadence,
            time_zone: s.series.schedule.time_zone.clone(),
            schedule: s.series.schedule.describe(),
            next_meeting: s.next_meeting.as_ref().map(MeetingBriefOut::from),
            ended_at: s.series.ended_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SeriesPageOut {
    pub items: Vec<SeriesOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// What a series' meetings say (held versus not, who drives the agenda, career conversations).
#[derive(Serialize, ToSchema)]
pub struct SignalsOut {
    pub held: u32,
    pub skipped: u32,
    pub cancelled: u32,
    #[schema(required = true)]
    pub mean_days_between: Option<f64>,
    #[schema(required = true)]
    pub days_since_last: Option<i64>,
    /// Share (0 to 1) of agenda items about the person rather than status.
    #[schema(required = true)]
    pub person_first_share: Option<f64>,
    #[schema(required = true)]
    pub status_share: Option<f64>,
    /// Of the items the two people added, the share the report added.
    #[schema(required = true)]
    pub report_share: Option<f64>,
    #[schema(required = true)]
    pub last_career_conversation: Option<Timestamp>,
}

impl From<&tend_domain::one_on_one::signals::Signals> for SignalsOut {
    fn from(s: &tend_domain::one_on_one::signals::Signals) -> Self {
        Self {
            held: s.held,
            skipped: s.skipped,
            cancelled: s.cancelled,
            mean_days_between: s.mean_days_between,
            days_since_last: s.days_since_last,
            person_first_share: s.person_first_share,
            status_share: s.status_share,
            report_share: s.report_share,
            last_career_conversation: s.last_career_conversation,
        }
    }
}

/// A series with its meetings, oldest first.
#[derive(Serialize, ToSchema)]
pub struct SeriesDetailOut {
    #[serde(flatten)]
    pub series: SeriesOut,
    pub meetings: Vec<MeetingBriefOut>,
    pub signals: SignalsOut,
    /// What every new meeting opens with: one item per line, `kind: text`.
    pub opening_template: String,
    /// The career-conversation items.
    pub career_template: String,
    /// 0: the first meeting of each month opens a career conversation; n: every n-th meeting.
    pub career_every: i64,
}

impl From<&tend_app::SeriesView> for SeriesDetailOut {
    fn from(view: &tend_app::SeriesView) -> Self {
        use tend_domain::one_on_one::agenda::template_text;
        let templates = &view.summary.series.templates;
        Self {
            series: SeriesOut::from(&view.summary),
            meetings: view.meetings.iter().map(MeetingBriefOut::from).collect(),
            signals: SignalsOut::from(&view.signals),
            opening_template: template_text(&templates.opening),
            career_template: template_text(&templates.career),
            career_every: templates.career_rule.stored(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSeriesIn {
    /// The other person.
    pub with: PersonId,
    /// `weekly`, `fortnightly` or `monthly`.
    pub cadence: String,
    /// The first meeting (in the future, within a year). Its weekday and wall-clock time in your
    /// profile's time zone (UTC when unset) are kept by every later meeting.
    #[schema(value_type = String, format = DateTime)]
    pub first_meeting_at: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesPatch {
    pub opening_template: Option<String>,
    pub career_template: Option<String>,
    #[schema(minimum = 0, maximum = 12)]
    pub career_every: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct TalkingPointOut {
    pub id: tend_domain::TalkingPointId,
    pub text: String,
    pub kind: tend_domain::one_on_one::ItemKind,
    /// Who added it; null for the items a meeting opens with.
    #[schema(required = true)]
    pub added_by: Option<PersonId>,
    pub discussed: bool,
    pub position: i64,
}

impl From<&tend_domain::one_on_one::TalkingPoint> for TalkingPointOut {
    fn from(p: &tend_domain::one_on_one::TalkingPoint) -> Self {
        Self {
            id: p.id,
            text: p.text.clone(),
            kind: p.kind,
            added_by: p.added_by,
            discussed: p.discussed,
            position: p.position,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NoteOut {
    pub id: tend_domain::NoteId,
    /// Markdown as written.
    pub body: String,
    /// Private notes are only ever returned to their author.
    pub private: bool,
    pub author_id: PersonId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&tend_domain::one_on_one::Note> for NoteOut {
    fn from(n: &tend_domain::one_on_one::Note) -> Self {
        Self {
            id: n.id,
            body: n.body.clone(),
            private: n.private,
            author_id: n.author_id,
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActionItemOut {
    pub id: tend_domain::ActionItemId,
    pub text: String,
    pub owner_id: PersonId,
    #[schema(required = true, value_type = Option<String>, format = Date)]
    pub due_on: Option<String>,
    pub done: bool,
    /// The meeting it was agreed in, when it was carried over from there.
    #[schema(required = true)]
    pub carried_from_meeting_id: Option<tend_domain::MeetingId>,
}

impl From<&tend_domain::one_on_one::ActionItem> for ActionItemOut {
    fn from(a: &tend_domain::one_on_one::ActionItem) -> Self {
        Self {
            id: a.id,
            text: a.text.clone(),
            owner_id: a.owner_id,
            due_on: a.due_on.map(|d| d.to_string()),
            done: a.done,
            carried_from_meeting_id: a.carried_from,
        }
    }
}

/// A meeting with what the caller may see of it.
#[derive(Serialize, ToSchema)]
pub struct MeetingOut {
    pub id: tend_domain::MeetingId,
    pub series_id: tend_domain::SeriesId,
    pub starts_at: Timestamp,
    pub status: tend_domain::one_on_one::MeetingStatus,
    pub reason: String,
    #[schema(required = true)]
    pub moved_from: Option<Timestamp>,
    pub participants: Vec<ParticipantOut>,
    pub talking_points: Vec<TalkingPointOut>,
    /// Shared notes, and the caller's own private notes; never anyone else's.
    pub notes: Vec<NoteOut>,
    pub action_items: Vec<ActionItemOut>,
    /// Action items agreed in this meeting that were still open when it ended, and have moved
    /// on to a later meeting (`meeting_id`).
    pub carried_over_action_items: Vec<CarriedActionItemOut>,
}

#[derive(Serialize, ToSchema)]
pub struct CarriedActionItemOut {
    #[serde(flatten)]
    pub item: ActionItemOut,
    /// The meeting it is on now.
    pub meeting_id: tend_domain::MeetingId,
}

impl From<&tend_app::MeetingView> for MeetingOut {
    fn from(v: &tend_app::MeetingView) -> Self {
        Self {
            id: v.meeting.id,
            series_id: v.meeting.series_id,
            starts_at: v.meeting.starts_at,
            status: v.meeting.status,
            reason: v.meeting.reason.clone(),
            moved_from: v.meeting.moved_from,
            participants: vec![(&v.summary.lead).into(), (&v.summary.report).into()],
            talking_points: v.talking_points.iter().map(TalkingPointOut::from).collect(),
            notes: v.notes.iter().map(NoteOut::from).collect(),
            action_items: v.action_items.iter().map(ActionItemOut::from).collect(),
            carried_over_action_items: v
                .carried_onward
                .iter()
                .map(|a| CarriedActionItemOut {
                    item: ActionItemOut::from(a),
                    meeting_id: a.meeting_id,
                })
                .collect(),
        }
    }
}

/// A meeting that was moved on, and the one that now comes next.
#[derive(Serialize, ToSchema)]
pub struct MeetingMovedOnOut {
    pub meeting: MeetingOut,
    pub next_meeting: MeetingBriefOut,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTalkingPointIn {
    #[schema(min_length = 1, max_length = 500)]
    pub text: String,
    /// `wellbeing`, `career`, `growth`, `alignment`, `recognition`, `ownership`, `feedback`,
    /// `status` or `other`.
    pub kind: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TalkingPointPatch {
    pub discussed: Option<bool>,
    /// `up` or `down`: one place along the agenda.
    #[schema(value_type = Option<String>)]
    pub r#move: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNoteIn {
    /// Markdown.
    #[schema(min_length = 1, max_length = 20000)]
    pub body: String,
    /// A private note is seen by its author alone.
    #[serde(default)]
    pub private: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotePatch {
    #[schema(min_length = 1, max_length = 20000)]
    pub body: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActionItemIn {
    #[schema(min_length = 1, max_length = 500)]
    pub text: String,
    /// One of the two people in the one-on-one.
    pub owner_id: PersonId,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub due_on: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionItemPatch {
    pub done: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonIn {
    /// Why: kept in the series' history.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleIn {
    #[schema(value_type = String, format = DateTime)]
    pub starts_at: String,
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// A calendar feed address: subscribe to it in a calendar app. Anyone with it sees when your
/// one-on-ones are and with whom (never their agenda); rotate it to end the old one.
#[derive(Serialize, ToSchema)]
pub struct CalendarOut {
    pub url: String,
}

// Recognition.

/// A recognition as the caller may see it.
#[derive(Serialize, ToSchema)]
pub struct RecognitionOut {
    pub id: tend_domain::RecognitionId,
    pub giver_id: PersonId,
    /// The recipients' ids, in the order given.
    pub recipients: Vec<PersonId>,
    /// Markdown as written.
    pub message: String,
    pub celebrates: tend_domain::recognition::Celebrates,
    pub visibility: tend_domain::recognition::Visibility,
    #[schema(required = true)]
    pub value: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub giver: ParticipantOut,
    pub recipient_people: Vec<ParticipantOut>,
    /// Each reaction given, how many, and whether you gave it.
    pub reactions: Vec<ReactionOut>,
    /// Hidden by an admin as abuse (only its giver and admins still see it).
    pub hidden: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ReactionOut {
    pub reaction: tend_domain::recognition::Reaction,
    pub count: i64,
    pub mine: bool,
}

impl From<&tend_app::RecognitionView> for RecognitionOut {
    fn from(v: &tend_app::RecognitionView) -> Self {
        let r = &v.recognition;
        Self {
            id: r.id,
            giver_id: r.giver_id,
            recipients: r.recipients.clone(),
            message: r.message.clone(),
            celebrates: r.celebrates,
            visibility: r.visibility,
            value: r.value.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
            giver: (&v.giver).into(),
            recipient_people: v.recipients.iter().map(ParticipantOut::from).collect(),
            reactions: v
                .reactions
                .iter()
                .map(|(reaction, count, mine)| ReactionOut {
                    reaction: *reaction,
                    count: *count,
                    mine: *mine,
                })
                .collect(),
            hidden: r.hidden.is_some(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RecognitionsPage {
    pub items: Vec<RecognitionOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRecognitionIn {
    /// The people recognised (not yourself), at least one.
    pub recipients: Vec<PersonId>,
    /// Markdown.
    #[schema(min_length = 1, max_length = 4000)]
    pub message: String,
    /// `effort`, `progress` or `outcome`.
    pub celebrates: String,
    /// `public` (everyone), `team` (the recipients' teams) or `private` (giver and recipients).
    pub visibility: String,
    /// One of the team values an admin set.
    pub value: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecognitionPatch {
    #[schema(min_length = 1, max_length = 4000)]
    pub message: Option<String>,
    pub celebrates: Option<String>,
    pub value: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReactionIn {
    /// `clap`, `heart`, `tada` or `star`; sending one you gave takes it back.
    pub reaction: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HideIn {
    /// Why it is hidden: recorded.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecognitionsParams {
    /// Given or received by this person.
    pub person_id: Option<String>,
    /// Received by a member of this team.
    pub team_id: Option<String>,
    /// `effort`, `progress` or `outcome`.
    pub celebrates: Option<String>,
    /// A team value.
    #[param(max_length = 60)]
    pub value: Option<String>,
    /// Given at or after this time (RFC 3339).
    pub since: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// How widely you recognise (breadth, not volume).
#[derive(Serialize, ToSchema)]
pub struct BreadthOut {
    /// Different people you recognised in the last 30 days.
    pub people_30_days: usize,
    /// … and in the last 90 days.
    pub people_90_days: usize,
    /// Your direct reports nobody has recognised in 30 days.
    pub unnoticed: Vec<ParticipantOut>,
}
