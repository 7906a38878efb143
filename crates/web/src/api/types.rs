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

// Align and Empower: objectives, goals, growth plans, the lead-or-not reflection, ownership,
// delegations, opportunities and the fairness report. Dates are `YYYY-MM-DD` strings.

fn day(date: time::Date) -> String {
    date.to_string()
}

/// Lists of everything there is (a person's goals, say): `next_cursor` is always `null`.
macro_rules! whole_list {
    ($($page:ident of $item:ident),+ $(,)?) => {$(
        #[derive(Serialize, ToSchema)]
        pub struct $page {
            pub items: Vec<$item>,
            #[schema(required = true)]
            pub next_cursor: Option<String>,
        }

        impl $page {
            pub fn all(items: Vec<$item>) -> Self {
                Self { items, next_cursor: None }
            }
        }
    )+};
}

whole_list!(
    GoalsPage of GoalOut,
    DelegationsPage of DelegationOut,
    OpportunitiesPage of OpportunityOut,
    AreasPage of AreaOut,
);

#[derive(Serialize, ToSchema)]
pub struct ObjectiveOut {
    pub id: tend_domain::ObjectiveId,
    pub title: String,
    pub why: String,
    /// `null`: an organisation objective.
    #[schema(required = true)]
    pub team_id: Option<TeamId>,
    #[schema(required = true)]
    pub parent_id: Option<tend_domain::ObjectiveId>,
    #[schema(required = true)]
    pub owner_id: Option<PersonId>,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[schema(required = true)]
    pub team_name: Option<String>,
    #[schema(required = true)]
    pub owner: Option<ParticipantOut>,
    /// How many objectives and goals support it.
    pub supporting_objectives: i64,
    pub supporting_goals: i64,
}

impl From<&tend_app::ObjectiveView> for ObjectiveOut {
    fn from(v: &tend_app::ObjectiveView) -> Self {
        let o = &v.objective;
        Self {
            id: o.id,
            title: o.title.clone(),
            why: o.why.clone(),
            team_id: o.team_id,
            parent_id: o.parent_id,
            owner_id: o.owner_id,
            starts_on: day(o.period.starts_on),
            ends_on: day(o.period.ends_on),
            created_at: o.created_at,
            updated_at: o.updated_at,
            team_name: v.team_name.clone(),
            owner: v.owner.as_ref().map(|p| ParticipantOut {
                id: p.id,
                name: p.name.clone(),
            }),
            supporting_objectives: v.children,
            supporting_goals: v.goals,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ObjectivesPage {
    pub items: Vec<ObjectiveOut>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewObjectiveIn {
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Why it matters: required.
    #[schema(min_length = 1, max_length = 2000)]
    pub why: String,
    /// `null` or absent: an organisation objective (admins).
    pub team_id: Option<TeamId>,
    /// The objective this one supports; its period must overlap.
    pub parent_id: Option<tend_domain::ObjectiveId>,
    /// Absent: you.
    pub owner_id: Option<PersonId>,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectivePatchIn {
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 2000)]
    pub why: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<TeamId>)]
    pub team_id: Option<Option<TeamId>>,
    /// A parent below this objective would make a cycle: 422.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<tend_domain::ObjectiveId>)]
    pub parent_id: Option<Option<tend_domain::ObjectiveId>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<PersonId>)]
    pub owner_id: Option<Option<PersonId>>,
    #[schema(format = Date)]
    pub starts_on: Option<String>,
    #[schema(format = Date)]
    pub ends_on: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ObjectivesParams {
    /// A team id, or `org` for organisation objectives only.
    pub team_id: Option<String>,
    /// Only objectives whose period contains this day (`YYYY-MM-DD`).
    pub on: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 200; 25 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckInOut {
    pub id: tend_domain::CheckInId,
    pub goal_id: tend_domain::GoalId,
    pub progress: u8,
    pub note: String,
    #[schema(required = true)]
    pub author_id: Option<PersonId>,
    pub created_at: Timestamp,
}

impl From<&tend_domain::align::objectives::CheckIn> for CheckInOut {
    fn from(c: &tend_domain::align::objectives::CheckIn) -> Self {
        Self {
            id: c.id,
            goal_id: c.goal_id,
            progress: c.progress,
            note: c.note.clone(),
            author_id: c.author_id,
            created_at: c.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GoalOut {
    pub id: tend_domain::GoalId,
    pub person_id: PersonId,
    pub title: String,
    pub why: String,
    /// `null`: a personal-growth goal.
    #[schema(required = true)]
    pub objective_id: Option<tend_domain::ObjectiveId>,
    pub personal_growth: bool,
    /// The objective's period for a linked goal.
    #[schema(required = true, format = Date)]
    pub starts_on: Option<String>,
    #[schema(required = true, format = Date)]
    pub ends_on: Option<String>,
    /// 0–100.
    pub progress: u8,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Newest first; present when one goal is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check_ins: Option<Vec<CheckInOut>>,
}

impl From<&tend_domain::align::objectives::Goal> for GoalOut {
    fn from(g: &tend_domain::align::objectives::Goal) -> Self {
        Self {
            id: g.id,
            person_id: g.person_id,
            title: g.title.clone(),
            why: g.why.clone(),
            objective_id: g.objective_id,
            personal_growth: g.is_personal_growth(),
            starts_on: g.period.map(|p| day(p.starts_on)),
            ends_on: g.period.map(|p| day(p.ends_on)),
            progress: g.progress,
            created_at: g.created_at,
            updated_at: g.updated_at,
            check_ins: None,
        }
    }
}

impl From<&tend_app::GoalView> for GoalOut {
    fn from(v: &tend_app::GoalView) -> Self {
        let mut out = GoalOut::from(&v.goal);
        out.check_ins = Some(v.check_ins.iter().map(CheckInOut::from).collect());
        out
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGoalIn {
    /// Whose goal: you or someone below you. Absent: you.
    pub person_id: Option<PersonId>,
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Why it matters (may be added later; the alignment page lists goals without one).
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub why: String,
    /// `null` or absent: a personal-growth goal. A linked goal takes the objective's period.
    pub objective_id: Option<tend_domain::ObjectiveId>,
    /// 0–100; 0 when absent.
    pub progress: Option<i64>,
    /// A personal-growth goal's own period (optional); for a linked goal it must be the
    /// objective's period (422 otherwise).
    #[schema(format = Date)]
    pub starts_on: Option<String>,
    #[schema(format = Date)]
    pub ends_on: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalPatchIn {
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 2000)]
    pub why: Option<String>,
    /// An objective id, or `null` to make it a personal-growth goal.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<tend_domain::ObjectiveId>)]
    pub objective_id: Option<Option<tend_domain::ObjectiveId>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInIn {
    /// The new progress, 0–100.
    pub progress: i64,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct AlignedObjectiveOut {
    pub objective_id: tend_domain::ObjectiveId,
    pub title: String,
    pub why: String,
    #[schema(required = true)]
    pub team_id: Option<TeamId>,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: String,
    /// The objectives that support this one.
    #[schema(no_recursion)]
    pub children: Vec<AlignedObjectiveOut>,
    /// The goals linked to it that you may see.
    pub goals: Vec<GoalOut>,
}

#[derive(Serialize, ToSchema)]
pub struct AlignmentOut {
    #[schema(format = Date)]
    pub on: String,
    /// The objectives of that day, from the organisation's down.
    pub tree: Vec<AlignedObjectiveOut>,
    /// Your and your people's goals not under a current objective (personal growth, or another
    /// period).
    pub other_goals: Vec<GoalOut>,
    pub goals_without_why: Vec<tend_domain::GoalId>,
    /// You and the people below you with no goal linked to an objective of that day (the first
    /// 100 by name).
    pub people_without_aligned_goal: Vec<ParticipantOut>,
    pub people_without_aligned_goal_total: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ConversationOut {
    pub id: tend_domain::ConversationId,
    #[schema(format = Date)]
    pub held_on: String,
    pub summary: String,
    #[schema(required = true)]
    pub recorded_by: Option<PersonId>,
}

#[derive(Serialize, ToSchema)]
pub struct CareerItemOut {
    pub meeting_id: tend_domain::MeetingId,
    pub meeting_at: Timestamp,
    pub text: String,
    pub discussed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct GrowthPlanOut {
    pub person_id: PersonId,
    pub name: String,
    pub career_track: CareerTrack,
    pub aspirations: String,
    pub skills: Vec<String>,
    pub goals: Vec<GoalOut>,
    pub career_conversations: Vec<ConversationOut>,
    /// Career items of held one-on-ones: all of yours on your own plan; on someone else's, only
    /// those of your one-on-ones with them.
    pub one_on_one_career_items: Vec<CareerItemOut>,
}

impl From<&tend_app::GrowthPlan> for GrowthPlanOut {
    fn from(p: &tend_app::GrowthPlan) -> Self {
        Self {
            person_id: p.person.id,
            name: p.person.name.clone(),
            career_track: p.career_track,
            aspirations: p.aspirations.clone(),
            skills: p.skills.clone(),
            goals: p.goals.iter().map(GoalOut::from).collect(),
            career_conversations: p
                .conversations
                .iter()
                .map(|c| ConversationOut {
                    id: c.id,
                    held_on: day(c.held_on),
                    summary: c.summary.clone(),
                    recorded_by: c.recorded_by,
                })
                .collect(),
            one_on_one_career_items: p
                .career_items
                .iter()
                .map(|i| CareerItemOut {
                    meeting_id: i.meeting_id,
                    meeting_at: i.starts_at,
                    text: i.text.clone(),
                    discussed: i.discussed,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrowthPlanPatchIn {
    /// The skills being built, in order; at most 20.
    pub skills: Option<Vec<String>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConversationIn {
    #[schema(format = Date)]
    pub held_on: String,
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReflectionAnswerOut {
    pub key: String,
    pub theme: String,
    pub question: String,
    pub answer: String,
}

#[derive(Serialize, ToSchema)]
pub struct LeadReflectionOut {
    pub person_id: PersonId,
    pub shared_with_manager: bool,
    #[schema(required = true)]
    pub updated_at: Option<Timestamp>,
    pub questions: Vec<ReflectionAnswerOut>,
}

impl From<&tend_app::LeadReflection> for LeadReflectionOut {
    fn from(r: &tend_app::LeadReflection) -> Self {
        Self {
            person_id: r.person.id,
            shared_with_manager: r.shared_with_manager,
            updated_at: r.updated_at,
            questions: r
                .answers
                .iter()
                .map(|(q, a)| ReflectionAnswerOut {
                    key: q.key.to_owned(),
                    theme: q.theme.to_owned(),
                    question: q.text.to_owned(),
                    answer: a.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadReflectionPatchIn {
    /// Answers by question key; an empty answer removes it. Keys not given keep their answer.
    pub answers: Option<std::collections::BTreeMap<String, String>>,
    /// Share the reflection with your manager (only them).
    pub shared_with_manager: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct AreaOut {
    pub id: tend_domain::OwnershipAreaId,
    pub person_id: PersonId,
    pub title: String,
    pub description: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// On a team's list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_name: Option<String>,
}

impl From<&tend_domain::align::empower::OwnershipArea> for AreaOut {
    fn from(a: &tend_domain::align::empower::OwnershipArea) -> Self {
        Self {
            id: a.id,
            person_id: a.person_id,
            title: a.title.clone(),
            description: a.description.clone(),
            created_at: a.created_at,
            updated_at: a.updated_at,
            person_name: None,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAreaIn {
    /// Who owns it: you or someone below you. Absent: you.
    pub person_id: Option<PersonId>,
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub description: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaPatchIn {
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LevelChangeOut {
    pub level: tend_domain::align::empower::DelegationLevel,
    pub changed_at: Timestamp,
    #[schema(required = true)]
    pub changed_by: Option<PersonId>,
}

#[derive(Serialize, ToSchema)]
pub struct DelegationOut {
    pub id: tend_domain::DelegationId,
    pub person_id: PersonId,
    #[schema(required = true)]
    pub delegated_by: Option<PersonId>,
    pub decision: String,
    pub level: tend_domain::align::empower::DelegationLevel,
    /// 1 (tell) to 7 (delegate).
    pub level_number: u8,
    #[schema(required = true, format = Date)]
    pub review_on: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Every level it was set to, oldest first.
    pub history: Vec<LevelChangeOut>,
    pub trend: tend_domain::align::empower::Trend,
    pub levels_risen: u32,
}

impl From<&tend_app::DelegationView> for DelegationOut {
    fn from(v: &tend_app::DelegationView) -> Self {
        let d = &v.delegation;
        Self {
            id: d.id,
            person_id: d.person_id,
            delegated_by: d.delegated_by,
            decision: d.decision.clone(),
            level: d.level,
            level_number: d.level.number(),
            review_on: d.review_on.map(day),
            created_at: d.created_at,
            updated_at: d.updated_at,
            history: v
                .history
                .iter()
                .map(|h| LevelChangeOut {
                    level: h.level,
                    changed_at: h.at,
                    changed_by: h.by,
                })
                .collect(),
            trend: v.trend,
            levels_risen: v.levels_risen,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDelegationIn {
    /// Someone you lead.
    pub person_id: PersonId,
    #[schema(min_length = 1, max_length = 200)]
    pub decision: String,
    /// `tell`, `sell`, `consult`, `agree`, `advise`, `inquire` or `delegate`.
    pub level: String,
    #[schema(format = Date)]
    pub review_on: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegationPatchIn {
    #[schema(min_length = 1, max_length = 200)]
    pub decision: Option<String>,
    /// A new level is added to the history.
    pub level: Option<String>,
    /// A day, or `null` to clear it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Date)]
    pub review_on: Option<Option<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct OpportunityOut {
    pub id: tend_domain::OpportunityId,
    pub person_id: PersonId,
    #[schema(required = true)]
    pub given_by: Option<PersonId>,
    pub kind: tend_domain::align::empower::OpportunityKind,
    /// A visibility moment (presenting to leadership, leading a meeting, representing the team).
    pub visibility: bool,
    pub stretch: tend_domain::align::empower::Stretch,
    pub title: String,
    #[schema(format = Date)]
    pub happened_on: String,
    /// How it went.
    pub outcome: String,
    /// What they learned.
    pub learned: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&tend_app::OpportunityView> for OpportunityOut {
    fn from(v: &tend_app::OpportunityView) -> Self {
        let o = &v.opportunity;
        Self {
            id: o.id,
            person_id: o.person_id,
            given_by: o.given_by,
            kind: o.kind,
            visibility: o.kind.is_visibility(),
            stretch: o.stretch,
            title: o.title.clone(),
            happened_on: day(o.happened_on),
            outcome: o.outcome.clone(),
            learned: o.learned.clone(),
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOpportunityIn {
    /// Someone you lead (not archived).
    pub person_id: PersonId,
    /// `present_to_leadership`, `lead_meeting`, `represent_team`, `mentor`, `own_project`,
    /// `stretch_assignment` or `other`.
    pub kind: String,
    /// `comfort`, `stretch` or `too_far`.
    pub stretch: String,
    #[schema(format = Date)]
    pub happened_on: String,
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpportunityPatchIn {
    pub kind: Option<String>,
    pub stretch: Option<String>,
    #[schema(format = Date)]
    pub happened_on: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    /// How it went (the person may write it too).
    #[schema(max_length = 2000)]
    pub outcome: Option<String>,
    /// What they learned (the person may write it too).
    #[schema(max_length = 2000)]
    pub learned: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FairnessParams {
    /// The window: the last N days, today included (1–3660; 180 when absent).
    pub days: Option<String>,
    /// Count the visibility kinds alone.
    pub visibility_only: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FairnessPersonOut {
    pub person_id: PersonId,
    pub name: String,
    pub count: u64,
    /// Their share of all counted opportunities (0 when nobody had any).
    pub share: f64,
    pub by_kind: std::collections::BTreeMap<String, u64>,
    #[schema(required = true, format = Date)]
    pub last_on: Option<String>,
    pub flagged: bool,
    pub without_opportunity_90d: bool,
}

#[derive(Serialize, ToSchema)]
pub struct FairnessOut {
    pub team_id: TeamId,
    pub window_days: u32,
    pub visibility_only: bool,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: String,
    /// The team's members, the lead left out.
    pub people: Vec<FairnessPersonOut>,
    pub total: u64,
    pub by_kind: std::collections::BTreeMap<String, u64>,
    /// Population Gini of the per-person counts, zeros included; unrounded.
    pub gini: f64,
    pub median: f64,
    pub without_opportunity_90d: Vec<PersonId>,
    /// More than twice the team median (a median of 0 counts as 1).
    pub flagged: Vec<PersonId>,
}

impl From<&tend_app::FairnessView> for FairnessOut {
    fn from(v: &tend_app::FairnessView) -> Self {
        let r = &v.report;
        let kinds = |m: &std::collections::BTreeMap<
            tend_domain::align::empower::OpportunityKind,
            u64,
        >| { m.iter().map(|(k, n)| (k.as_str().to_owned(), *n)).collect() };
        Self {
            team_id: v.team.id,
            window_days: r.window_days,
            visibility_only: r.visibility_only,
            starts_on: day(r.starts_on),
            ends_on: day(r.today),
            people: r
                .people
                .iter()
                .map(|p| FairnessPersonOut {
                    person_id: p.person,
                    name: v.names.get(&p.person).cloned().unwrap_or_default(),
                    count: p.count,
                    share: p.share,
                    by_kind: kinds(&p.by_kind),
                    last_on: p.last_on.map(day),
                    flagged: p.flagged,
                    without_opportunity_90d: p.none_lately,
                })
                .collect(),
            total: r.total,
            by_kind: kinds(&r.by_kind),
            gini: r.gini,
            median: r.median,
            without_opportunity_90d: r.without_opportunity_lately(),
            flagged: r.flagged(),
        }
    }
}
