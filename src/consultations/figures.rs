//! The figures of a consultation's results, read from the running tallies
//! (never by recounting responses), with every figure over fewer than five
//! people suppressed by the one rule of [`privacy`]; shared by the results
//! page, the API, the exports, the plan and the Board report.

use std::collections::HashMap;

use serde::Serialize;

use super::analysis::charts::{self, HeatClass};
use super::analysis::privacy;
use super::analysis::tally::{self, Suppressed, WordTally};
use super::model::{Consultation, Kind, Status};
use super::store;
use super::verified;
use super::words;
use crate::auth::people::Person;
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::model::Org;
use crate::storage::Db;

/// One word's figures, each shown only under the "fewer than 5" rule
/// ([`privacy`]): a hidden count hides its share and the net score too.
#[derive(Clone, Debug, Serialize)]
pub struct WordRow {
    pub index: u32,
    pub text: String,
    pub saw: u32,
    pub keep: Suppressed<u32>,
    pub remove: Suppressed<u32>,
    pub keep_pct: Suppressed<f64>,
    pub remove_pct: Suppressed<f64>,
    /// (keep − remove) / saw, from −1 to 1.
    pub net: Suppressed<f64>,
    /// Many kept it and many removed it.
    pub polarising: bool,
}

impl WordRow {
    /// The word's figures from its tally, with what may not be shown hidden.
    pub fn from(t: &WordTally, text: &str) -> WordRow {
        let (keep, remove) = privacy::word(t.saw, t.keep, t.remove);
        WordRow {
            index: t.index,
            text: text.to_owned(),
            saw: t.saw,
            keep: privacy::decided(t.keep, keep),
            remove: privacy::decided(t.remove, remove),
            keep_pct: privacy::withheld(t.keep, keep, t.keep_pct()),
            remove_pct: privacy::withheld(t.remove, remove, t.remove_pct()),
            net: if keep && remove {
                privacy::figure(t.saw, true, t.net())
            } else if privacy::is_small(t.keep) || privacy::is_small(t.remove) {
                Suppressed::FewerThan { min: super::analysis::MIN_GROUP }
            } else {
                Suppressed::Withheld
            },
            polarising: keep && remove && t.polarising(),
        }
    }
    pub fn keep_text(&self) -> String {
        shown(&self.keep)
    }
    pub fn remove_text(&self) -> String {
        shown(&self.remove)
    }
    pub fn keep_pct_text(&self) -> String {
        percent(&self.keep_pct)
    }
    pub fn remove_pct_text(&self) -> String {
        percent(&self.remove_pct)
    }
    pub fn net_text(&self) -> String {
        self.net.shown().map_or_else(|| hidden(&self.net).to_owned(), |n| format!("{n:+.2}"))
    }
    /// The net score, if it may be shown.
    pub fn net_value(&self) -> Option<f64> {
        self.net.shown().copied()
    }
    /// The heat map class; a word whose score is hidden is coloured as
    /// "neither", and says so in words.
    pub fn heat(&self) -> HeatClass {
        charts::heat_class(self.net_value().unwrap_or(0.0))
    }
}

/// How a hidden figure reads.
pub const FEWER: &str = "fewer than 5";

/// How a figure hidden to protect a smaller one reads.
pub const WITHHELD: &str = "not shown";

/// A hidden figure as it reads.
pub fn hidden<T>(s: &Suppressed<T>) -> &'static str {
    if matches!(s, Suppressed::Withheld) { WITHHELD } else { FEWER }
}

/// A count, "fewer than 5" or "not shown".
pub fn shown(s: &Suppressed<u32>) -> String {
    s.shown().map_or_else(|| hidden(s).to_owned(), u32::to_string)
}

/// A percentage, "fewer than 5" or "not shown".
pub fn percent(s: &Suppressed<f64>) -> String {
    s.shown().map_or_else(|| hidden(s).to_owned(), |p| format!("{p:.0}%"))
}

/// The `n` words with the highest net score, above 0, highest first
/// (ties: text order). Words whose score is hidden are left out.
pub fn most_kept(rows: &[WordRow], n: usize) -> Vec<WordRow> {
    by_net(rows, n, |net| net > 0.0, true)
}

/// The `n` words with the lowest net score, below 0, lowest first (ties:
/// text order): words more people removed than kept.
pub fn most_removed(rows: &[WordRow], n: usize) -> Vec<WordRow> {
    by_net(rows, n, |net| net < 0.0, false)
}

fn by_net(rows: &[WordRow], n: usize, keep: fn(f64) -> bool, highest: bool) -> Vec<WordRow> {
    let mut out: Vec<WordRow> = rows.iter().filter(|r| r.net_value().is_some_and(keep)).cloned().collect();
    let net = |r: &WordRow| r.net_value().unwrap_or(0.0);
    out.sort_by(|a, b| {
        let order = if highest { net(b).total_cmp(&net(a)) } else { net(a).total_cmp(&net(b)) };
        order.then(a.index.cmp(&b.index))
    });
    out.truncate(n);
    out
}

/// How many chose one option of a choice question.
#[derive(Clone, Debug, Serialize)]
pub struct OptionRow {
    pub option: String,
    pub count: Suppressed<u32>,
    /// Percentage of the respondents who answered the question (a "choose
    /// several" question's percentages can add up to more than 100).
    pub pct: Suppressed<f64>,
}

impl OptionRow {
    pub fn count_text(&self) -> String {
        shown(&self.count)
    }
    pub fn pct_text(&self) -> String {
        percent(&self.pct)
    }
}

/// The standing of one option of a "which values matter most" question.
#[derive(Clone, Debug, Serialize)]
pub struct RankRow {
    pub option: String,
    /// How many picked it at any rank.
    pub chosen: Suppressed<u32>,
    /// Mean rank among those who picked it (1 = first); `None` when nobody did.
    pub mean_rank: Suppressed<Option<f64>>,
    pub borda: Suppressed<u32>,
}

impl RankRow {
    pub fn chosen_text(&self) -> String {
        shown(&self.chosen)
    }
    pub fn mean_rank_text(&self) -> String {
        match &self.mean_rank {
            Suppressed::Shown { value: Some(m) } => format!("{m:.1}"),
            Suppressed::Shown { value: None } => "–".to_owned(),
            hidden => self::hidden(hidden).to_owned(),
        }
    }
    pub fn borda_text(&self) -> String {
        shown(&self.borda)
    }
}

/// The figures for one question.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Figures {
    Words { words: Suppressed<Vec<WordRow>> },
    Options { options: Suppressed<Vec<OptionRow>> },
    Ranking { ranking: Suppressed<Vec<RankRow>> },
    Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuestionResult {
    pub key: String,
    pub prompt: String,
    /// How many answered it (for keep/remove words: how many saw it).
    pub answered: Suppressed<u32>,
    pub figures: Figures,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupCount {
    pub group: String,
    /// Everyone in the group, verified or not.
    pub respondents: Suppressed<u32>,
    /// Of those, how many signed in as members of the organisation.
    pub verified_staff: Suppressed<u32>,
    /// Whether the results may be limited to this group: it has at least
    /// 5 people, and the groups that may not be chosen add up to none or
    /// at least 5, so no small group follows from the others.
    pub selectable: bool,
}

impl GroupCount {
    pub fn shown(&self) -> String {
        shown(&self.respondents)
    }
    pub fn verified_shown(&self) -> String {
        shown(&self.verified_staff)
    }
}

/// Everything the results page and the results API show.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub consultation_id: i64,
    pub title: String,
    pub status: Status,
    /// The group the figures are limited to, if any.
    pub group: Option<String>,
    /// Respondents under the filter.
    pub respondents: Suppressed<u32>,
    /// Responses from signed-in members of the organisation (verified
    /// staff) under the filter.
    pub verified_staff: Suppressed<u32>,
    /// Verified staff of every group, whatever the filter.
    pub all_verified_staff: Suppressed<u32>,
    /// Whether verified staff may be chosen as a filter.
    pub verified_selectable: bool,
    pub groups: Vec<GroupCount>,
    pub questions: Vec<QuestionResult>,
}

impl Results {
    /// Whether the figures of `group` ("" for everyone) may be shown.
    pub fn may_show(&self, group: &str) -> bool {
        group.is_empty()
            || (group == verified::FILTER && self.verified_selectable)
            || self.groups.iter().any(|g| g.group == group && g.selectable)
    }
}

fn n(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// Who responded, by group and verified staff, protected as one table:
/// each group is its verified staff and the rest; the groups add up to
/// everyone, and their verified staff to all verified staff.
fn protect_groups(groups: Vec<(String, i64, i64)>, verified: i64) -> (Vec<GroupCount>, Suppressed<u32>, bool) {
    let mut t = privacy::Table::new();
    let total = n(groups.iter().map(|g| g.1).sum());
    let (all, all_verified) = (t.cell(total), t.cell(n(verified)));
    let others = t.hidden(total.saturating_sub(n(verified)));
    t.sum(all, vec![all_verified, others]);
    let cells: Vec<(usize, usize)> = groups
        .iter()
        .map(|(_, count, v)| {
            let (g, gv) = (t.cell(n(*count)), t.cell(n(*v)));
            let rest = t.hidden(n(*count).saturating_sub(n(*v)));
            t.sum(g, vec![gv, rest]);
            (g, gv)
        })
        .collect();
    t.sum(all, cells.iter().map(|c| c.0).collect());
    t.sum(all_verified, cells.iter().map(|c| c.1).collect());
    let shown = t.protect();
    let groups = groups
        .into_iter()
        .zip(cells)
        .map(|((group, count, v), (g, gv))| GroupCount {
            group,
            respondents: privacy::decided(n(count), shown[g]),
            verified_staff: privacy::decided(n(v), shown[gv]),
            selectable: shown[g] && count > 0,
        })
        .collect();
    let verified_shown = shown[all_verified];
    (groups, privacy::decided(n(verified), verified_shown), verified_shown && verified > 0)
}

/// One question's figures from the running tallies (`get(kind, item,
/// position)`), over `answered` people.
fn question(
    c: &Consultation,
    q: &super::model::Question,
    answered: u32,
    get: &dyn Fn(&str, i64, i64) -> u32,
) -> Figures {
    fn over<T>(answered: u32, value: T) -> Suppressed<T> {
        privacy::figure(answered, true, value)
    }
    match &q.kind {
        Kind::Words { .. } => {
            let rows: Vec<WordRow> = words::selectable(&q.blocks())
                .iter()
                .map(|(i, text)| {
                    let i64i = i64::from(*i);
                    let t = WordTally {
                        index: *i,
                        saw: answered,
                        keep: get("keep", i64i, 0),
                        remove: get("remove", i64i, 0),
                    };
                    WordRow::from(&t, text)
                })
                .collect();
            Figures::Words { words: over(answered, rows) }
        }
        Kind::Values { options, max_picks, ranked: true } => {
            let positions: Vec<Vec<u32>> = (0..options.len())
                .map(|i| (1..=*max_picks).map(|p| get("option", i as i64, i64::from(p))).collect())
                .collect();
            let ranked = tally::rank_results(options, &positions, *max_picks as usize);
            let may = privacy::each_of(answered, &ranked.iter().map(|r| r.chosen).collect::<Vec<_>>());
            let rows = ranked
                .into_iter()
                .zip(may)
                .map(|(r, ok)| RankRow {
                    option: r.option,
                    chosen: privacy::decided(r.chosen, ok),
                    mean_rank: privacy::withheld(r.chosen, ok, r.mean_rank),
                    borda: privacy::decided(r.borda, ok),
                })
                .collect();
            Figures::Ranking { ranking: over(answered, rows) }
        }
        Kind::Values { .. } | Kind::Choice { multiple: true, .. } => {
            let shown = q.choices(&c.audiences);
            let counts: Vec<u32> = (0..shown.len()).map(|i| get("option", i as i64, 0)).collect();
            let may = privacy::each_of(answered, &counts);
            Figures::Options { options: over(answered, option_rows(&shown, &counts, &may, answered)) }
        }
        Kind::Choice { .. } | Kind::Group => {
            let shown = q.choices(&c.audiences);
            let counts: Vec<u32> = (0..shown.len()).map(|i| get("option", i as i64, 0)).collect();
            let may = privacy::partition(answered, &counts);
            Figures::Options { options: over(answered, option_rows(&shown, &counts, &may, answered)) }
        }
        Kind::Text { .. } | Kind::Suggest { .. } => Figures::Text,
    }
}

fn option_rows(options: &[String], counts: &[u32], may: &[bool], answered: u32) -> Vec<OptionRow> {
    tally::option_counts(options, counts, answered)
        .into_iter()
        .zip(may)
        .map(|(o, ok)| OptionRow {
            option: o.option,
            count: privacy::decided(o.count, *ok),
            pct: privacy::withheld(o.count, *ok, o.pct),
        })
        .collect()
}

/// Results from the running tallies, for everyone or one group;
/// [`verified::FILTER`] as the group selects verified staff. A group that
/// may not be chosen (see [`GroupCount::selectable`]) gives no figures.
pub async fn compute(db: &Db, c: &Consultation, group: Option<&str>) -> Result<Results, AppError> {
    let (groups, verified_total) = store::groups(db, c.id).await?;
    let mut results = frame(c, group, groups, verified_total);
    if !results.may_show(group.unwrap_or("")) {
        withhold(c, &mut results);
        return Ok(results);
    }
    let rows = if group == Some(verified::FILTER) {
        store::tallies(db, c.id, None, true).await?
    } else {
        store::tallies(db, c.id, group, false).await?
    };
    fill(c, &mut results, &totals(rows.iter()));
    Ok(results)
}

/// Everyone's results and those of each group that may be chosen (largest
/// first), as [`compute`] gives them one at a time, from one read of every
/// group's figures: the results page, the Board report and the words CSV
/// compare the groups.
pub async fn compute_with_groups(db: &Db, c: &Consultation) -> Result<(Results, Vec<Results>), AppError> {
    let rows = store::tallies_by_group(db, c.id).await?;
    let mut counts: HashMap<&str, (i64, i64)> = HashMap::new();
    for (group, verified, t) in rows.iter().filter(|(_, _, t)| t.kind == "responses") {
        let (people, staff) = counts.entry(group).or_default();
        *people += t.count;
        if *verified {
            *staff += t.count;
        }
    }
    let counts = counts.into_iter().map(|(group, (people, staff))| (group.to_owned(), people, staff)).collect();
    let (counts, verified_total) = store::in_order(counts);
    // Who responded reads the same under every filter: protected once.
    let unfilled = frame(c, None, counts, verified_total);
    let groups = unfilled
        .groups
        .iter()
        .filter(|g| g.selectable)
        .map(|g| {
            let mut results = Results { group: Some(g.group.clone()), ..unfilled.clone() };
            fill(c, &mut results, &totals(rows.iter().filter(|(x, _, _)| *x == g.group).map(|(_, _, t)| t)));
            results
        })
        .collect();
    let mut everyone = unfilled;
    fill(c, &mut everyone, &totals(rows.iter().map(|(_, _, t)| t)));
    Ok((everyone, groups))
}

/// The results without their figures: who responded, by group, protected
/// as one table.
fn frame(c: &Consultation, group: Option<&str>, groups: Vec<(String, i64, i64)>, verified_total: i64) -> Results {
    let (groups, verified_staff, verified_selectable) = protect_groups(groups, verified_total);
    Results {
        consultation_id: c.id,
        title: c.title.clone(),
        status: c.status(),
        group: group.map(str::to_owned),
        respondents: privacy::count(0),
        verified_staff: verified_staff.clone(),
        all_verified_staff: verified_staff,
        verified_selectable,
        groups,
        questions: Vec::new(),
    }
}

/// The figures of a group that may not be chosen: each reads as the
/// group's own count does, fewer than 5 or withheld.
fn withhold(c: &Consultation, results: &mut Results) {
    let count = match results.group.as_deref() {
        Some(verified::FILTER) => results.all_verified_staff.clone(),
        Some(g) => results.groups.iter().find(|x| x.group == g).map_or(Suppressed::Withheld, |x| x.respondents.clone()),
        None => Suppressed::Withheld,
    };
    fn like<T>(count: &Suppressed<u32>) -> Suppressed<T> {
        match count {
            Suppressed::FewerThan { min } => Suppressed::FewerThan { min: *min },
            _ => Suppressed::Withheld,
        }
    }
    results.respondents = like(&count);
    results.verified_staff = like(&count);
    results.questions = c
        .questions
        .iter()
        .map(|q| QuestionResult {
            key: q.key.clone(),
            prompt: q.prompt.clone(),
            answered: like(&count),
            figures: match q.kind {
                Kind::Words { .. } => Figures::Words { words: like(&count) },
                Kind::Values { ranked: true, .. } => Figures::Ranking { ranking: like(&count) },
                Kind::Text { .. } | Kind::Suggest { .. } => Figures::Text,
                _ => Figures::Options { options: like(&count) },
            },
        })
        .collect();
}

/// Running figures by (question, kind, item, position), summed.
type Totals<'a> = HashMap<(&'a str, &'a str, i64, i64), i64>;

fn totals<'a>(rows: impl Iterator<Item = &'a store::Tally>) -> Totals<'a> {
    let mut map = Totals::new();
    for t in rows {
        *map.entry((t.question_key.as_str(), t.kind.as_str(), t.item, t.position)).or_default() += t.count;
    }
    map
}

/// Every question's figures from the summed running tallies of the
/// results' filter.
fn fill(c: &Consultation, results: &mut Results, map: &Totals) {
    let get = |q: &str, kind: &str, item: i64, pos: i64| n(map.get(&(q, kind, item, pos)).copied().unwrap_or(0));
    let respondents = get("", "responses", 0, 0);
    results.respondents = privacy::count(respondents);
    // Verified staff follow the filter: a group's own, or all of them.
    if let Some(g) = results.group.as_deref().filter(|g| *g != verified::FILTER) {
        results.verified_staff =
            results.groups.iter().find(|x| x.group == g).map_or(privacy::count(0), |x| x.verified_staff.clone());
    }
    for q in &c.questions {
        let answered = get(&q.key, "answered", 0, 0);
        let figures = question(c, q, answered, &|kind, item, pos| get(&q.key, kind, item, pos));
        results.questions.push(QuestionResult {
            key: q.key.clone(),
            prompt: q.prompt.clone(),
            answered: privacy::count(answered),
            figures,
        });
    }
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
