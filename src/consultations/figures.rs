//! The figures of a consultation's results, read from the running tallies
//! (never by recounting responses), with every figure over fewer than five
//! people suppressed; shared by the results page, the API, the exports,
//! the plan and the Board report.

use std::collections::HashMap;

use serde::Serialize;

use super::analysis::charts::{self, HeatClass};
use super::analysis::tally::{self, OptionCount, RankResult, Suppressed, WordTally};
use super::model::{Consultation, Kind, Status};
use super::store;
use super::verified;
use super::words;
use crate::auth::people::Person;
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::model::Org;
use crate::storage::Db;

/// One word's figures.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WordRow {
    pub index: u32,
    pub text: String,
    pub saw: u32,
    pub keep: u32,
    pub remove: u32,
    pub keep_pct: f64,
    pub remove_pct: f64,
    /// (keep − remove) / saw, from −1 to 1.
    pub net: f64,
    /// Many kept it and many removed it.
    pub polarising: bool,
}

impl WordRow {
    fn from(t: &WordTally, text: &str) -> WordRow {
        WordRow {
            index: t.index,
            text: text.to_owned(),
            saw: t.saw,
            keep: t.keep,
            remove: t.remove,
            keep_pct: t.keep_pct(),
            remove_pct: t.remove_pct(),
            net: t.net(),
            polarising: t.polarising(),
        }
    }
    pub fn keep_pct_text(&self) -> String {
        format!("{:.0}%", self.keep_pct)
    }
    pub fn remove_pct_text(&self) -> String {
        format!("{:.0}%", self.remove_pct)
    }
    pub fn net_text(&self) -> String {
        format!("{:+.2}", self.net)
    }
    pub fn heat(&self) -> HeatClass {
        charts::heat_class(self.net)
    }
}

/// The figures for one question.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Figures {
    Words { words: Suppressed<Vec<WordRow>> },
    Options { options: Suppressed<Vec<OptionCount>> },
    Ranking { ranking: Suppressed<Vec<RankResult>> },
    Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuestionResult {
    pub key: String,
    pub prompt: String,
    /// How many answered it (for keep/remove words: how many saw it).
    pub answered: u32,
    pub figures: Figures,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupCount {
    pub group: String,
    /// Everyone in the group, verified or not.
    pub respondents: Suppressed<u32>,
    /// Of those, how many signed in as members of the organisation.
    pub verified_staff: Suppressed<u32>,
}

/// Everything the results page and the results API show.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub consultation_id: i64,
    pub title: String,
    pub status: Status,
    /// The group the figures are limited to, if any.
    pub group: Option<String>,
    pub respondents: Suppressed<u32>,
    /// Responses from signed-in members of the organisation (verified staff).
    pub verified_staff: Suppressed<u32>,
    pub groups: Vec<GroupCount>,
    pub questions: Vec<QuestionResult>,
}

fn n(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// Results from the running tallies, for everyone or one group;
/// [`verified::FILTER`] as the group selects verified staff.
pub async fn compute(db: &Db, c: &Consultation, group: Option<&str>) -> Result<Results, AppError> {
    let rows = if group == Some(verified::FILTER) {
        store::tallies(db, c.id, None, true).await?
    } else {
        store::tallies(db, c.id, group, false).await?
    };
    let map: HashMap<(&str, &str, i64, i64), i64> =
        rows.iter().map(|t| ((t.question_key.as_str(), t.kind.as_str(), t.item, t.position), t.count)).collect();
    let get = |q: &str, kind: &str, item: i64, pos: i64| n(map.get(&(q, kind, item, pos)).copied().unwrap_or(0));
    let respondents = get("", "responses", 0, 0);
    let (groups, verified_total) = store::groups(db, c.id).await?;
    let groups = groups
        .into_iter()
        .map(|(g, count, verified)| GroupCount {
            group: g,
            respondents: tally::suppress(n(count), n(count)),
            verified_staff: tally::suppress(n(verified), n(verified)),
        })
        .collect();
    let mut questions = Vec::new();
    for q in &c.questions {
        let answered = get(&q.key, "answered", 0, 0);
        let figures = match &q.kind {
            Kind::Words { .. } => {
                let rows: Vec<WordRow> = words::selectable(&q.blocks())
                    .iter()
                    .map(|(i, text)| {
                        let i64i = i64::from(*i);
                        let t = WordTally {
                            index: *i,
                            saw: answered,
                            keep: get(&q.key, "keep", i64i, 0),
                            remove: get(&q.key, "remove", i64i, 0),
                        };
                        WordRow::from(&t, text)
                    })
                    .collect();
                Figures::Words { words: tally::suppress(answered, rows) }
            }
            Kind::Values { options, max_picks, ranked: true } => {
                let positions: Vec<Vec<u32>> = (0..options.len())
                    .map(|i| (1..=*max_picks).map(|p| get(&q.key, "option", i as i64, i64::from(p))).collect())
                    .collect();
                Figures::Ranking {
                    ranking: tally::suppress(answered, tally::rank_results(options, &positions, *max_picks as usize)),
                }
            }
            Kind::Choice { .. } | Kind::Group | Kind::Values { .. } => {
                let shown = q.choices(&c.audiences);
                let counts: Vec<u32> = (0..shown.len()).map(|i| get(&q.key, "option", i as i64, 0)).collect();
                Figures::Options { options: tally::suppress(answered, tally::option_counts(&shown, &counts, answered)) }
            }
            Kind::Text { .. } | Kind::Suggest { .. } => Figures::Text,
        };
        questions.push(QuestionResult { key: q.key.clone(), prompt: q.prompt.clone(), answered, figures });
    }
    Ok(Results {
        consultation_id: c.id,
        title: c.title.clone(),
        status: c.status(),
        group: group.map(str::to_owned),
        respondents: tally::suppress(respondents, respondents),
        verified_staff: tally::suppress(n(verified_total), n(verified_total)),
        groups,
        questions,
    })
}

/// The viewer's role if they may read the results; `None` for a member of
/// the public allowed by the consultation's setting. Refused otherwise.
pub async fn may_read(db: &Db, org: &Org, c: &Consultation, viewer: Option<&Person>) -> Result<Option<Role>, AppError> {
    let role = match viewer {
        Some(me) => access::role_of(db, org.id, me.id).await?,
        None => None,
    };
    if role.is_some_and(|r| r >= Role::Board) {
        return Ok(role);
    }
    if c.results_public() {
        return Ok(role);
    }
    Err(AppError::NotFound)
}
