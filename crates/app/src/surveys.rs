//! Pulse surveys: instruments, running a survey (and its waves), answering it, and reading its
//! results through the anonymity rules (DESIGN.md §3 rule 3). Results are computed once, when a
//! closed survey is first read, from answers that carry no person; every door shows only that
//! gated computation, plus rule 4 across overlapping surveys checked at read time.

use std::collections::{BTreeMap, HashMap};

use tend_domain::access::{SurveyParties, Viewer};
use tend_domain::survey::gate::{self, MinRespondents};
use tend_domain::survey::instrument::{self, Instrument, InstrumentDraft};
use tend_domain::survey::results::{self, Group, Results};
use tend_domain::survey::stats::{self, Change};
use tend_domain::survey::{
    Answers, Recurrence, Status, SurveyActionId, SurveyId, Window, parse_instant, status, wave_due,
};
use tend_domain::{FieldError, InstrumentId, PersonId, TeamId, Timestamp};
use tend_store::{
    AudienceCandidate, NewSurvey, RespondRefusal, SurveyAction, SurveyQuery, SurveyRecord,
};

use crate::{App, Error, Result};

/// An instrument as offered: a built-in or one the organisation added.
#[derive(Debug, Clone)]
pub struct InstrumentView {
    pub instrument: Instrument,
    pub builtin: bool,
    pub id: Option<InstrumentId>,
    pub added_by: Option<PersonId>,
    pub in_use: bool,
    pub may_change: bool,
}

/// A survey to run.
#[derive(Debug, Clone, Default)]
pub struct SurveyInput {
    pub instrument: String,
    /// `None`: the whole organisation.
    pub team_id: Option<TeamId>,
    pub include_sub_teams: bool,
    pub include_lead: bool,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in the viewer's time zone; empty opens it now.
    pub opens_at: String,
    pub closes_at: String,
    pub min_respondents: Option<i64>,
    /// `once` (or empty), `weekly`, `fortnightly`, `four_weekly`.
    pub recurrence: String,
    pub pool_waves: Option<i64>,
}

/// A survey as a viewer sees it.
#[derive(Debug, Clone)]
pub struct SurveyView {
    pub survey: SurveyRecord,
    pub status: Status,
    pub recurrence: Recurrence,
    /// The viewer is asked in it, and whether they have answered.
    pub asked: bool,
    pub answered: bool,
    pub may_read_results: bool,
    pub may_steer: bool,
    pub may_close: bool,
}

impl SurveyView {
    pub fn id(&self) -> SurveyId {
        self.survey.id
    }
}

#[derive(Debug, Clone)]
pub struct SurveysPage {
    pub items: Vec<SurveyView>,
    pub next: Option<SurveyId>,
}

/// The gated results of a survey, with what surrounds them.
#[derive(Debug, Clone)]
pub struct ResultsView {
    pub survey: SurveyView,
    pub results: Results,
    /// The waves the numbers pool, when more than this one.
    pub pooled_waves: Option<(i64, i64)>,
    /// The change of each dimension since the previous shown result of the series.
    pub changes: Vec<DimensionChange>,
    /// Shown results of the series' waves so far, oldest first: (label, dimension means).
    pub trend: Vec<TrendPoint>,
    /// What the team said it would do after the previous result, and after this one.
    pub previous_actions: Vec<SurveyAction>,
    pub actions: Vec<SurveyAction>,
}

#[derive(Debug, Clone)]
pub struct DimensionChange {
    pub dimension: String,
    pub before: f64,
    pub after: f64,
    pub change: Change,
}

#[derive(Debug, Clone)]
pub struct TrendPoint {
    pub survey_id: SurveyId,
    pub label: String,
    pub means: Vec<(String, Option<f64>)>,
}

/// An action or experiment a team records from a result.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    /// `action` or `experiment`.
    pub kind: String,
    pub dimension: Option<String>,
    pub body: String,
}

const ACTION_KINDS: [&str; 2] = ["action", "experiment"];
const ACTION_MAX_CHARS: usize = 1000;
/// A survey lists at most this many per page.
pub const SURVEYS_PAGE_MAX: u32 = 100;

impl App {
    // ----- instruments -------------------------------------------------------------------

    /// Every instrument: the built-ins, then the organisation's by name.
    pub async fn instruments(&self, viewer: &Viewer) -> Result<Vec<InstrumentView>> {
        let mut all: Vec<InstrumentView> = instrument::builtin()
            .into_iter()
            .map(|instrument| InstrumentView {
                instrument,
                builtin: true,
                id: None,
                added_by: None,
                in_use: true,
                may_change: false,
            })
            .collect();
        for stored in self.store.custom_instruments().await? {
            all.push(InstrumentView {
                may_change: !stored.in_use && viewer.may_change_instrument(stored.added_by),
                instrument: stored.instrument,
                builtin: false,
                id: Some(stored.id),
                added_by: stored.added_by,
                in_use: stored.in_use,
            });
        }
        Ok(all)
    }

    /// One instrument, as the list offers it.
    pub async fn instrument(&self, viewer: &Viewer, key: &str) -> Result<InstrumentView> {
        self.instruments(viewer)
            .await?
            .into_iter()
            .find(|v| v.instrument.key == key)
            .ok_or(Error::NotFound)
    }

    async fn find_instrument(&self, key: &str) -> Result<Option<Instrument>> {
        if let Some(builtin) = instrument::builtin().into_iter().find(|i| i.key == key) {
            return Ok(Some(builtin));
        }
        Ok(self
            .store
            .custom_instrument(key)
            .await?
            .map(|s| s.instrument))
    }

    /// Adds an instrument, or replaces one the viewer added that no survey asks yet. Returns
    /// it and whether it is new.
    pub async fn save_instrument(
        &self,
        viewer: &Viewer,
        draft: InstrumentDraft,
    ) -> Result<(InstrumentView, bool)> {
        if !viewer.may_add_instrument(self.has_reports(viewer).await?) {
            return Err(Error::Forbidden);
        }
        let instrument = draft.validate()?;
        self.store_instrument(viewer, instrument).await
    }

    /// Imports an instrument file (TOML); a syntax error names its line.
    pub async fn import_instrument(
        &self,
        viewer: &Viewer,
        toml: &str,
    ) -> Result<(InstrumentView, bool)> {
        if !viewer.may_add_instrument(self.has_reports(viewer).await?) {
            return Err(Error::Forbidden);
        }
        let instrument = Instrument::from_toml(toml)?;
        self.store_instrument(viewer, instrument).await
    }

    async fn store_instrument(
        &self,
        viewer: &Viewer,
        instrument: Instrument,
    ) -> Result<(InstrumentView, bool)> {
        if instrument::is_builtin(&instrument.key) {
            return Err(Error::Conflict(format!(
                "“{}” is a built-in instrument and cannot change; give yours another key",
                instrument.key
            )));
        }
        let existing = self.store.custom_instrument(&instrument.key).await?;
        if let Some(existing) = &existing {
            if !viewer.may_change_instrument(existing.added_by) {
                return Err(Error::Conflict(format!(
                    "an instrument with the key “{}” exists; give yours another key",
                    instrument.key
                )));
            }
        }
        let stored = self
            .store
            .save_instrument(
                &instrument,
                Some(viewer.id),
                existing.as_ref().map(|e| e.id),
            )
            .await?;
        Ok((
            InstrumentView {
                may_change: !stored.in_use && viewer.may_change_instrument(stored.added_by),
                instrument: stored.instrument,
                builtin: false,
                id: Some(stored.id),
                added_by: stored.added_by,
                in_use: stored.in_use,
            },
            existing.is_none(),
        ))
    }

    pub async fn delete_instrument(&self, viewer: &Viewer, key: &str) -> Result<()> {
        let stored = self
            .store
            .custom_instrument(key)
            .await?
            .ok_or(Error::NotFound)?;
        if !viewer.may_change_instrument(stored.added_by) {
            return Err(Error::Forbidden);
        }
        Ok(self.store.delete_instrument(stored.id).await?)
    }

    async fn has_reports(&self, viewer: &Viewer) -> Result<bool> {
        if viewer.is_command_line() {
            return Ok(false);
        }
        Ok(!self.store.direct_reports(viewer.id).await?.is_empty())
    }

    // ----- settings ----------------------------------------------------------------------

    pub async fn survey_min_respondents(&self) -> Result<MinRespondents> {
        Ok(self.store.survey_min_respondents().await?)
    }

    /// The organisation's *k* (3 to 10): admins only.
    pub async fn set_survey_min_respondents(&self, viewer: &Viewer, k: i64) -> Result<()> {
        if !viewer.may_administer() {
            return Err(Error::Forbidden);
        }
        let k = MinRespondents::new(k)?;
        Ok(self.store.set_survey_min_respondents(k).await?)
    }

    // ----- running -----------------------------------------------------------------------

    /// The teams the viewer may run a survey for: those they lead and those led in their line.
    pub async fn survey_teams(&self, viewer: &Viewer) -> Result<Vec<(TeamId, String)>> {
        if viewer.is_command_line() {
            return Ok(Vec::new());
        }
        Ok(self.store.teams_led_in_line(viewer.id, 200).await?)
    }

    pub async fn create_survey(&self, viewer: &Viewer, input: SurveyInput) -> Result<SurveyView> {
        let team = match input.team_id {
            None => None,
            Some(id) => {
                let (team, managers) = self
                    .team_with_line_above_lead(id)
                    .await?
                    .filter(|(t, _)| t.archived_at.is_none())
                    .ok_or_else(|| {
                        Error::field("team_id", format!("there is no active team {id}"))
                    })?;
                Some((team, managers))
            }
        };
        let allowed = match &team {
            None => viewer.may_run_survey(None),
            Some((team, managers)) => viewer.may_run_survey(Some((team.lead_id, managers))),
        };
        if !allowed {
            return Err(Error::Forbidden);
        }
        let zone = self.viewer_time_zone(viewer).await?;
        let now = self.store.now();
        let organisation_k = self.store.survey_min_respondents().await?;

        let mut errors: Vec<FieldError> = Vec::new();
        let instrument = match self.find_instrument(input.instrument.trim()).await? {
            Some(i) => Some(i),
            None => {
                errors.push(FieldError::new(
                    "instrument",
                    format!("there is no instrument “{}”", clip(&input.instrument)),
                ));
                None
            }
        };
        let k = MinRespondents::for_survey(input.min_respondents, organisation_k)
            .map_err(|e| errors.push(e))
            .ok();
        let opens_at = if input.opens_at.trim().is_empty() {
            Some(now)
        } else {
            parse_instant("opens_at", &input.opens_at, &zone)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let closes_at = parse_instant("closes_at", &input.closes_at, &zone)
            .map_err(|e| errors.push(e))
            .ok();
        let recurrence = if input.recurrence.trim().is_empty() {
            Some(Recurrence::Once)
        } else {
            input
                .recurrence
                .parse::<Recurrence>()
                .map_err(|e| errors.push(e))
                .ok()
        };
        let window = match (opens_at, closes_at, recurrence) {
            (Some(o), Some(c), Some(r)) => {
                match Window::parse(o, c, r, input.pool_waves.unwrap_or(1), now) {
                    Ok(w) => Some(w),
                    Err(tend_domain::DomainError::Invalid(e)) => {
                        errors.extend(e);
                        None
                    }
                    Err(other) => return Err(other.into()),
                }
            }
            _ => None,
        };
        let (Some(instrument), Some(k), Some(window)) = (instrument, k, window) else {
            return Err(Error::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }

        let audience = self
            .audience(
                team.as_ref().map(|(t, _)| t),
                input.include_sub_teams,
                input.include_lead,
                k,
            )
            .await?;
        if audience.len() < k.get() {
            return Err(Error::field(
                if team.is_some() {
                    "team_id"
                } else {
                    "instrument"
                },
                format!(
                    "{} would be asked, fewer than the {} whose answers can be shown: no result could ever appear",
                    audience.len(),
                    k.get()
                ),
            ));
        }
        let survey = self
            .store
            .create_survey(&NewSurvey {
                instrument,
                team_id: team.as_ref().map(|(t, _)| t.id),
                include_sub_teams: input.include_sub_teams,
                include_lead: input.include_lead,
                created_by: Some(viewer.id),
                opens_at: window.opens_at,
                closes_at: window.closes_at,
                min_respondents: k,
                recurrence_weeks: window.recurrence.weeks(),
                pool_waves: window.pool_waves as i64,
                series_id: None,
                wave: 1,
                audience,
            })
            .await?;
        self.survey_view(viewer, survey).await
    }

    /// Who a survey asks, each with the breakdown group they count in: the deepest of the
    /// chosen teams they are in (a sub-team before its parent), or none. A group of fewer than
    /// *k* people is no group: its people count with everyone else's, so what is stored beside
    /// an answer never narrows it to fewer than *k* people.
    async fn audience(
        &self,
        team: Option<&tend_domain::team::Team>,
        sub_teams: bool,
        include_lead: bool,
        k: MinRespondents,
    ) -> Result<Vec<(PersonId, Option<TeamId>)>> {
        let candidates = self
            .store
            .audience_candidates(team.map(|t| t.id), sub_teams)
            .await?;
        let left_out = team.and_then(|t| t.lead_id).filter(|_| !include_lead);
        let mut best: BTreeMap<PersonId, AudienceCandidate> = BTreeMap::new();
        for c in candidates {
            if Some(c.person_id) == left_out {
                continue;
            }
            let entry = best.entry(c.person_id).or_insert(c);
            let deeper = c.team_id.is_some()
                && (entry.team_id.is_none()
                    || c.depth > entry.depth
                    || (c.depth == entry.depth && c.team_id < entry.team_id));
            if deeper {
                *entry = c;
            }
        }
        let mut sizes: HashMap<Option<TeamId>, usize> = HashMap::new();
        for c in best.values() {
            *sizes.entry(c.team_id).or_default() += 1;
        }
        // Teams of at least k count on their own; the rest together, as "everyone else" — and
        // when that leaves fewer than k, the smallest teams join them until it does not.
        let mut named: Vec<(usize, TeamId)> = sizes
            .iter()
            .filter_map(|(team, &n)| team.filter(|_| k.shows(n)).map(|t| (n, t)))
            .collect();
        named.sort();
        let mut rest = best.len() - named.iter().map(|(n, _)| n).sum::<usize>();
        let mut merged = 0;
        while rest > 0 && !k.shows(rest) && merged < named.len() {
            rest += named[merged].0;
            merged += 1;
        }
        let own: std::collections::HashSet<TeamId> =
            named[merged..].iter().map(|(_, t)| *t).collect();
        Ok(best
            .into_values()
            .map(|c| (c.person_id, c.team_id.filter(|t| own.contains(t))))
            .collect())
    }

    /// Starts the next wave of every recurring survey whose last wave has closed. Idempotent:
    /// two processes making the same wave make it once.
    pub async fn advance_recurring_surveys(&self) -> Result<()> {
        let now = self.store.now();
        for last in self.store.recurring_surveys_due(now).await? {
            let Some(recurrence) = Recurrence::from_weeks(last.recurrence_weeks) else {
                continue;
            };
            let series = last.series_id.unwrap_or(last.id);
            let Some(first) = self.store.survey(series).await? else {
                continue;
            };
            let Some((opens_at, closes_at)) = wave_due(
                first.planned_opens_at,
                first.planned_closes_at,
                last.planned_opens_at,
                recurrence,
                now,
            ) else {
                continue;
            };
            let team = match last.team_id {
                Some(id) => match self.store.team(id).await? {
                    Some(team) if team.archived_at.is_none() => Some(team),
                    // A team archived (or gone) asks no one: its series stops, and no longer
                    // counts among those due.
                    _ => {
                        self.store.stop_recurring(series).await?;
                        continue;
                    }
                },
                None => None,
            };
            let k = MinRespondents::new(last.min_respondents).unwrap_or_default();
            let audience = self
                .audience(team.as_ref(), last.include_sub_teams, last.include_lead, k)
                .await?;
            let made = self
                .store
                .create_survey(&NewSurvey {
                    instrument: last.instrument.clone(),
                    team_id: last.team_id,
                    include_sub_teams: last.include_sub_teams,
                    include_lead: last.include_lead,
                    created_by: last.created_by,
                    opens_at,
                    closes_at,
                    min_respondents: k,
                    recurrence_weeks: last.recurrence_weeks,
                    pool_waves: last.pool_waves,
                    series_id: Some(series),
                    wave: last.wave + 1,
                    audience,
                })
                .await;
            match made {
                Ok(_)
                | Err(tend_store::StoreError::Domain(tend_domain::DomainError::Conflict(_))) => {}
                Err(other) => return Err(other.into()),
            }
        }
        Ok(())
    }

    async fn parties(
        &self,
        viewer: &Viewer,
        survey: &SurveyRecord,
    ) -> Result<(Parties, bool, bool)> {
        let (lead, managers) = match survey.team_id {
            Some(team) => match self.team_with_line_above_lead(team).await? {
                Some((team, managers)) => (team.lead_id, managers),
                None => (None, Vec::new()),
            },
            None => (None, Vec::new()),
        };
        let (asked, answered) = if viewer.is_command_line() {
            (false, false)
        } else {
            self.store.survey_standing(survey.id, viewer.id).await?
        };
        Ok((
            Parties {
                creator: survey.created_by,
                lead,
                managers,
                shared: survey.shared_at.is_some(),
                team: survey.team_id.is_some(),
            },
            asked,
            answered,
        ))
    }

    async fn survey_view(&self, viewer: &Viewer, survey: SurveyRecord) -> Result<SurveyView> {
        let (parties, asked, answered) = self.parties(viewer, &survey).await?;
        let rule = parties.rule(asked);
        if !viewer.may_see_survey(&rule) {
            return Err(Error::NotFound);
        }
        Ok(SurveyView {
            status: status(survey.opens_at, survey.closes_at, self.store.now()),
            recurrence: Recurrence::from_weeks(survey.recurrence_weeks).unwrap_or(Recurrence::Once),
            asked,
            answered,
            may_read_results: viewer.may_read_survey_results(&rule),
            may_steer: viewer.may_steer_survey(&rule),
            may_close: viewer.may_close_survey(&rule),
            survey,
        })
    }

    pub async fn survey(&self, viewer: &Viewer, id: SurveyId) -> Result<SurveyView> {
        self.advance_recurring_surveys().await?;
        let survey = self.store.survey(id).await?.ok_or(Error::NotFound)?;
        self.survey_view(viewer, survey).await
    }

    /// The surveys the viewer is asked in, made, or leads the team of (every one for an
    /// admin), newest first.
    pub async fn surveys(
        &self,
        viewer: &Viewer,
        team: Option<TeamId>,
        before: Option<SurveyId>,
        limit: u32,
    ) -> Result<SurveysPage> {
        self.advance_recurring_surveys().await?;
        let limit = limit.clamp(1, SURVEYS_PAGE_MAX);
        let teams = self
            .survey_teams(viewer)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let mut found = self
            .store
            .surveys(&SurveyQuery {
                all: viewer.is_admin() && !viewer.is_command_line(),
                viewer: viewer.id,
                teams,
                team,
                before,
                limit: limit + 1,
            })
            .await?;
        let next = if found.len() > limit as usize {
            found.truncate(limit as usize);
            found.last().map(|s| s.id)
        } else {
            None
        };
        let mut items = Vec::with_capacity(found.len());
        for survey in found {
            match self.survey_view(viewer, survey).await {
                Ok(view) => items.push(view),
                Err(Error::NotFound) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(SurveysPage { items, next })
    }

    /// The open surveys waiting for the viewer's answer (their home page, a reminder).
    pub async fn surveys_waiting(&self, viewer: &Viewer) -> Result<Vec<SurveyRecord>> {
        if viewer.is_command_line() {
            return Ok(Vec::new());
        }
        self.advance_recurring_surveys().await?;
        Ok(self.store.surveys_waiting_for(viewer.id).await?)
    }

    /// Takes the viewer's answers. Someone not asked gets "not found"; a second answer, or one
    /// outside the window, a conflict.
    pub async fn respond(
        &self,
        viewer: &Viewer,
        id: SurveyId,
        values: BTreeMap<String, i64>,
        comments: BTreeMap<String, String>,
    ) -> Result<()> {
        if viewer.is_command_line() {
            return Err(Error::NotFound);
        }
        let survey = self.store.survey(id).await?.ok_or(Error::NotFound)?;
        let (asked, _) = self.store.survey_standing(id, viewer.id).await?;
        if !asked {
            return Err(Error::NotFound);
        }
        let answers = Answers::parse(&survey.instrument, values, comments)?;
        match self
            .store
            .respond(id, viewer.id, &answers.values, &answers.comments)
            .await?
        {
            Ok(()) => Ok(()),
            Err(RespondRefusal::NotAsked) => Err(Error::NotFound),
            Err(RespondRefusal::NotOpenYet) => {
                Err(Error::Conflict("the survey is not open yet".into()))
            }
            Err(RespondRefusal::Closed) => Err(Error::Conflict(
                "the survey has closed; answers are no longer taken".into(),
            )),
            Err(RespondRefusal::AlreadyAnswered) => Err(Error::Conflict(
                "you have answered this survey already; answers cannot be changed, since nothing links them to you".into(),
            )),
        }
    }

    async fn steerable(&self, viewer: &Viewer, id: SurveyId) -> Result<SurveyView> {
        let view = self.survey(viewer, id).await?;
        if !view.may_steer {
            return Err(Error::Forbidden);
        }
        Ok(view)
    }

    /// Closes a survey now: its creator, the leaders above its audience, or an admin.
    pub async fn close_survey(&self, viewer: &Viewer, id: SurveyId) -> Result<SurveyView> {
        let view = self.survey(viewer, id).await?;
        if !view.may_close {
            return Err(Error::Forbidden);
        }
        self.store.close_survey(id).await?;
        // Sealed at once: its answers lose the order they came in now, not when first read.
        let closed = self.store.survey(id).await?.ok_or(Error::NotFound)?;
        let waves = self.waves_of(&closed).await?;
        self.sealed_results(&closed, &waves).await?;
        self.survey(viewer, id).await
    }

    /// Stops a recurring survey after this wave (the waves so far stay).
    pub async fn stop_recurring(&self, viewer: &Viewer, id: SurveyId) -> Result<SurveyView> {
        let view = self.steerable(viewer, id).await?;
        self.store
            .stop_recurring(view.survey.series_id.unwrap_or(id))
            .await?;
        self.survey(viewer, id).await
    }

    /// Shares the results with the audience, or takes them back.
    pub async fn share_results(
        &self,
        viewer: &Viewer,
        id: SurveyId,
        shared: bool,
    ) -> Result<SurveyView> {
        self.steerable(viewer, id).await?;
        self.store.share_survey(id, shared).await?;
        self.survey(viewer, id).await
    }

    /// Reminds everyone who has not answered: the survey shows as waiting on their home page
    /// with the reminder; who they are is never shown to anyone.
    pub async fn remind(&self, viewer: &Viewer, id: SurveyId) -> Result<SurveyView> {
        let view = self.steerable(viewer, id).await?;
        if view.status != Status::Open {
            return Err(Error::Conflict(
                "only an open survey can be reminded of".into(),
            ));
        }
        self.store.remind_survey(id).await?;
        self.survey(viewer, id).await
    }

    // ----- results -----------------------------------------------------------------------

    /// The gated results. Before the survey closes: hidden, whoever asks (rule 2).
    pub async fn survey_results(&self, viewer: &Viewer, id: SurveyId) -> Result<ResultsView> {
        let view = self.survey(viewer, id).await?;
        if !view.may_read_results {
            return Err(Error::Forbidden);
        }
        let series_waves = self.waves_of(&view.survey).await?;
        let (results, pooled_waves) = self.sealed_results(&view.survey, &series_waves).await?;
        let results = self.overlap_checked(&view.survey, results).await?;

        // The trend and the change since the last shown result of the series.
        let mut trend = Vec::new();
        let mut previous: Option<(SurveyId, Results)> = None;
        if view.survey.series_id.is_some() {
            for wave in series_waves.iter().filter(|w| w.wave <= view.survey.wave) {
                // An earlier wave counts only when the viewer may read its results too (a
                // member shown this wave is not shown the waves that were not shared).
                if wave.id != view.survey.id
                    && !self
                        .survey_view(viewer, wave.clone())
                        .await
                        .is_ok_and(|v| v.may_read_results)
                {
                    continue;
                }
                let shown = if wave.id == view.survey.id {
                    results.clone()
                } else if status(wave.opens_at, wave.closes_at, self.store.now()) == Status::Closed
                {
                    // An earlier wave nobody has read yet is sealed now, as its own page would.
                    let (earlier, _) = self.sealed_results(wave, &series_waves).await?;
                    self.overlap_checked(wave, earlier).await?
                } else {
                    continue;
                };
                if let Results::Shown(s) = &shown {
                    trend.push(TrendPoint {
                        survey_id: wave.id,
                        label: format!("Wave {}", wave.wave),
                        means: s
                            .dimensions
                            .iter()
                            .map(|d| (d.dimension.clone(), d.mean))
                            .collect(),
                    });
                    if wave.id != view.survey.id {
                        previous = Some((wave.id, shown));
                    }
                }
            }
        }
        let changes = match (&results, &previous) {
            (Results::Shown(now), Some((_, Results::Shown(before)))) => now
                .dimensions
                .iter()
                .filter_map(|d| {
                    let b = before
                        .dimensions
                        .iter()
                        .find(|x| x.dimension == d.dimension)?;
                    let change = stats::welch_from_summaries(
                        (b.mean?, b.sd?, b.n?),
                        (d.mean?, d.sd?, d.n?),
                    )?;
                    Some(DimensionChange {
                        dimension: d.dimension.clone(),
                        before: b.mean?,
                        after: d.mean?,
                        change,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        // "You said, we did": what the team committed to after the wave before this one. Words
        // the leader wrote for the team, not numbers about anyone, so they go with this wave's
        // results even where the earlier wave's numbers were not shared.
        let previous_wave = series_waves
            .iter()
            .filter(|w| w.wave < view.survey.wave)
            .max_by_key(|w| w.wave);
        let previous_actions = match previous_wave {
            Some(wave) => self.store.survey_actions(&[wave.id]).await?,
            None => Vec::new(),
        };
        let actions = self.store.survey_actions(&[id]).await?;
        Ok(ResultsView {
            survey: view,
            results,
            pooled_waves,
            changes,
            trend,
            previous_actions,
            actions,
        })
    }

    /// The results stored at sealing, sealing the survey first when it has closed.
    async fn sealed_results(
        &self,
        survey: &SurveyRecord,
        series_waves: &[SurveyRecord],
    ) -> Result<(Results, Option<(i64, i64)>)> {
        let now = self.store.now();
        if status(survey.opens_at, survey.closes_at, now) != Status::Closed {
            return Ok((
                Results::Hidden {
                    reason: "Results appear once the survey closes: numbers that change while it is open could be compared a minute apart.".into(),
                },
                None,
            ));
        }
        let k = MinRespondents::new(survey.min_respondents).unwrap_or_default();
        let pool = survey.pool_waves.max(1) as usize;
        let (start, end) = gate::pool_block(survey.wave.max(1) as usize, pool);
        let (start, mut end) = (start as i64, end as i64);
        // A series stopped inside a block ends it at its last wave.
        if survey.recurrence_weeks == 0 {
            let last = series_waves
                .iter()
                .map(|w| w.wave)
                .max()
                .unwrap_or(survey.wave);
            end = end.min(last.max(survey.wave));
        }
        let pooled_range = (pool > 1).then_some((start, end));
        if let Some(raw) = &survey.results {
            return Ok((parse_results(raw)?, pooled_range));
        }
        // A block ends at its last wave, or at the series' last wave once it was stopped (never
        // at a wave after which another exists: two overlapping pooled results could be
        // subtracted).
        let last_of_series = !series_waves.iter().any(|w| w.wave > survey.wave);
        let stopped = survey.recurrence_weeks == 0;
        let block_ends_here = pool == 1 || survey.wave >= end || (stopped && last_of_series);
        if !block_ends_here {
            let raw = self
                .store
                .seal_survey(survey.id, &[], move |_, _| pooled_hidden(start, end))
                .await?;
            return Ok((parse_results(&raw)?, pooled_range));
        }
        // The block's earlier waves are sealed first (their own pages say they are pooled), so
        // every wave of the block counts, whichever was read first.
        let mut block = Vec::new();
        for wave in series_waves
            .iter()
            .filter(|w| w.id != survey.id && (start..survey.wave).contains(&w.wave))
        {
            if wave.results.is_none()
                && status(wave.opens_at, wave.closes_at, now) == Status::Closed
            {
                self.store
                    .seal_survey(wave.id, &[], move |_, _| pooled_hidden(start, end))
                    .await?;
            }
            block.push(wave.id);
        }
        let pooled_gate = if pool > 1 {
            let mut ids = block.clone();
            ids.push(survey.id);
            let people = self.store.distinct_participants(&ids).await?;
            (!k.shows(people as usize)).then(|| format!(
                "Fewer than {} different people answered across the pooled waves, so no result is shown.",
                k.get()
            ))
        } else {
            None
        };
        let groups = self.breakdown_groups(survey).await?;
        let instrument = survey.instrument.clone();
        let raw = self
            .store
            .seal_survey(survey.id, &block, move |responses, comments| {
                let results = match pooled_gate {
                    Some(reason) => Results::Hidden { reason },
                    None => results::compute(&instrument, k, pool, &responses, &groups, &comments),
                };
                serde_json::to_string(&results).expect("results serialise")
            })
            .await?;
        Ok((parse_results(&raw)?, pooled_range))
    }

    /// Every wave of the series a survey belongs to (none for a survey that does not recur).
    async fn waves_of(&self, survey: &SurveyRecord) -> Result<Vec<SurveyRecord>> {
        Ok(match survey.series_id {
            Some(series) => self.store.waves(series).await?,
            None => Vec::new(),
        })
    }

    /// Seals every survey that has closed and is not sealed yet (the housekeeping task), so
    /// what a database keeps of the order answers came in goes soon after closing, read or not.
    pub async fn seal_closed_surveys(&self) -> Result<usize> {
        let now = self.store.now();
        let due = self.store.closed_unsealed_surveys(now, 50).await?;
        let count = due.len();
        for survey in due {
            let waves = self.waves_of(&survey).await?;
            self.sealed_results(&survey, &waves).await?;
        }
        Ok(count)
    }

    /// The breakdown groups of a survey: its audience's groups, named.
    async fn breakdown_groups(&self, survey: &SurveyRecord) -> Result<Vec<Group>> {
        let keys = self.store.survey_groups(survey.id).await?;
        let ids: Vec<TeamId> = keys.iter().flatten().copied().collect();
        let names = self.store.team_names(&ids).await?;
        let mut groups: Vec<Group> = keys
            .into_iter()
            .map(|key| Group {
                name: match key {
                    Some(team) if Some(team) == survey.team_id => format!(
                        "{} (not in a sub-team)",
                        names
                            .get(&team)
                            .cloned()
                            .unwrap_or_else(|| "The team".into())
                    ),
                    Some(team) => names
                        .get(&team)
                        .cloned()
                        .unwrap_or_else(|| format!("Team {team}")),
                    None => "Everyone else (smaller teams together)".into(),
                },
                key: key.map(|t| t.0),
            })
            .collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(groups)
    }

    /// Rule 4 across surveys: hidden when a survey of the same instrument, over an overlapping
    /// audience and window, could be subtracted from this one to tell about fewer than *k*.
    async fn overlap_checked(&self, survey: &SurveyRecord, results: Results) -> Result<Results> {
        let Results::Shown(shown) = &results else {
            return Ok(results);
        };
        if survey.pool_waves > 1 {
            return Ok(results);
        }
        let k = MinRespondents::new(survey.min_respondents).unwrap_or_default();
        for (_, other_k, other_n) in self.store.overlapping_surveys(survey).await? {
            let k = k.max(MinRespondents::new(other_k).unwrap_or_default());
            if !gate::overlap_allows(shown.respondents, other_n as usize, k) {
                return Ok(Results::Hidden {
                    reason: format!(
                        "Another survey asked some of the same people the same questions at the same time; the two results side by side would tell about fewer than {} people, so neither is shown.",
                        k.get()
                    ),
                });
            }
        }
        Ok(results)
    }

    // ----- closing the loop --------------------------------------------------------------

    pub async fn add_survey_action(
        &self,
        viewer: &Viewer,
        id: SurveyId,
        input: ActionInput,
    ) -> Result<SurveyAction> {
        let view = self.steerable(viewer, id).await?;
        let mut errors = Vec::new();
        let kind = input.kind.trim();
        let kind = if kind.is_empty() { "action" } else { kind };
        if !ACTION_KINDS.contains(&kind) {
            errors.push(FieldError::new("kind", "is one of: action, experiment"));
        }
        let body = match tend_domain::text::optional_text("body", &input.body, ACTION_MAX_CHARS) {
            Ok(body) if body.is_empty() => {
                errors.push(FieldError::new("body", "say what the team will do"));
                body
            }
            Ok(body) => body,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        let body = body.as_str();
        let dimension = input
            .dimension
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty());
        if let Some(d) = dimension {
            if !view.survey.instrument.dimensions().contains(&d) {
                errors.push(FieldError::new(
                    "dimension",
                    format!("“{}” is not a dimension of this survey", clip(d)),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(self
            .store
            .add_survey_action(id, kind, dimension, body, viewer.id)
            .await?)
    }

    pub async fn delete_survey_action(
        &self,
        viewer: &Viewer,
        action: SurveyActionId,
    ) -> Result<()> {
        // Not found for whoever may not read it (as `survey_action`), so a refusal to delete
        // tells no one an action exists; then only those who steer the survey remove it.
        let found = self.survey_action(viewer, action).await?;
        self.steerable(viewer, found.survey_id).await?;
        Ok(self.store.delete_survey_action(action).await?)
    }

    pub async fn survey_action(
        &self,
        viewer: &Viewer,
        action: SurveyActionId,
    ) -> Result<SurveyAction> {
        let found = self
            .store
            .survey_action(action)
            .await?
            .ok_or(Error::NotFound)?;
        let view = self.survey(viewer, found.survey_id).await?;
        if !view.may_read_results {
            return Err(Error::NotFound);
        }
        Ok(found)
    }

    // ----- demo ------------------------------------------------------------------------------

    /// Makes a survey (or a wave of one) for a demo organisation, by team name (`None`: the
    /// organisation), made by `creator` (an email): the command line only. Returns it and how
    /// many it asks.
    pub async fn seed_survey(
        &self,
        viewer: &Viewer,
        seed: &SeedSurvey,
    ) -> Result<Option<(SurveyId, usize)>> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let instrument = self
            .find_instrument(&seed.instrument)
            .await?
            .ok_or(Error::NotFound)?;
        let team = match &seed.team {
            Some(name) => match self.store.team_by_name(name).await? {
                Some(team) => Some(team),
                None => return Ok(None),
            },
            None => None,
        };
        let creator = match tend_domain::Email::parse(&seed.creator) {
            Ok(email) => self.store.person_by_email(&email).await?.map(|p| p.id),
            Err(_) => None,
        };
        let k = self.store.survey_min_respondents().await?;
        let audience = self
            .audience(team.as_ref(), seed.include_sub_teams, false, k)
            .await?;
        if audience.len() < k.get() {
            return Ok(None);
        }
        let size = audience.len();
        let survey = self
            .store
            .create_survey(&NewSurvey {
                instrument,
                team_id: team.as_ref().map(|t| t.id),
                include_sub_teams: seed.include_sub_teams,
                include_lead: false,
                created_by: creator,
                opens_at: seed.opens_at,
                closes_at: seed.closes_at,
                min_respondents: k,
                recurrence_weeks: seed.recurrence_weeks,
                pool_waves: 1,
                series_id: seed.series,
                wave: seed.wave,
                audience,
            })
            .await?;
        Ok(Some((survey.id, size)))
    }

    /// Stores a demo survey's answers, as the first of its audience's: the command line only.
    pub async fn seed_survey_responses(
        &self,
        viewer: &Viewer,
        survey: SurveyId,
        responses: &[tend_store::SeedResponse],
    ) -> Result<usize> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        Ok(self.store.seed_survey_responses(survey, responses).await?)
    }

    /// Records a demo action on a survey's result: the command line only.
    pub async fn seed_survey_action(
        &self,
        viewer: &Viewer,
        survey: SurveyId,
        kind: &str,
        dimension: Option<&str>,
        body: &str,
    ) -> Result<()> {
        if !viewer.is_command_line() {
            return Err(Error::Forbidden);
        }
        let Some(record) = self.store.survey(survey).await? else {
            return Err(Error::NotFound);
        };
        let by = record.created_by.ok_or(Error::NotFound)?;
        self.store
            .add_survey_action(survey, kind, dimension, body, by)
            .await?;
        Ok(())
    }

    /// The viewer's time zone as their profile names it (empty for the command line or none).
    pub(crate) async fn viewer_time_zone(&self, viewer: &Viewer) -> Result<String> {
        if viewer.is_command_line() {
            return Ok(String::new());
        }
        Ok(self
            .store
            .person(viewer.id)
            .await?
            .map(|p| p.profile.time_zone)
            .unwrap_or_default())
    }

    /// The wall-clock time of `at` in the viewer's zone, for a form's `datetime-local` input.
    pub async fn survey_form_time(&self, viewer: &Viewer, at: Timestamp) -> Result<String> {
        let zone = self.viewer_time_zone(viewer).await?;
        Ok(tend_domain::one_on_one::schedule::wall_clock_input(
            at, &zone,
        ))
    }
}

/// A demo survey to make.
#[derive(Debug, Clone)]
pub struct SeedSurvey {
    pub instrument: String,
    /// A team's name; `None`: the organisation.
    pub team: Option<String>,
    pub include_sub_teams: bool,
    /// The email of who runs it.
    pub creator: String,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    pub recurrence_weeks: i64,
    pub series: Option<SurveyId>,
    pub wave: i64,
}

/// Who stands around a survey, owned (the access rule borrows it).
struct Parties {
    creator: Option<PersonId>,
    lead: Option<PersonId>,
    managers: Vec<PersonId>,
    shared: bool,
    team: bool,
}

impl Parties {
    fn rule(&self, asked: bool) -> SurveyParties<'_> {
        SurveyParties {
            creator: self.creator,
            organisation_wide: !self.team,
            team_lead: self.lead,
            managers_of_lead: &self.managers,
            viewer_in_audience: asked,
            shared: self.shared,
        }
    }
}

/// What a wave pooled with others shows on its own.
fn pooled_hidden(start: i64, end: i64) -> String {
    serde_json::to_string(&Results::Hidden {
        reason: format!(
            "This wave is pooled with waves {start}–{end}: its numbers appear with the pooled result once the block closes."
        ),
    })
    .expect("results serialise")
}

fn parse_results(raw: &str) -> Result<Results> {
    serde_json::from_str(raw).map_err(Error::internal)
}

fn clip(s: &str) -> String {
    s.trim().chars().take(60).collect()
}
