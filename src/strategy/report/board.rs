//! The Board performance report's contents for a period: exceptions first
//! (objectives off track or stale, measures showing concern or set to
//! fail their target), then each aim with the period's objectives, their
//! latest update and the names of the measures linked to it, then every
//! measure with its chart.
//!
//! "Latest" means as of the period's end: an update for a later month or
//! quarter is not shown, a measure's later values are not charted, and an
//! objective is judged stale on the period's last day (or today, if the
//! period has not ended).

use std::collections::HashMap;

use jiff::civil::Date;

use super::charts;
use super::period::ReportPeriod;
use crate::error::AppError;
use crate::on_db;
use crate::orgs::model::{Org, OrgKind};
use crate::storage::{Db, now};
use crate::strategy::measures::period::Period;
use crate::strategy::plan::model::{ObjectiveStatus, ROLLUP_RULE, Strategy};
use crate::strategy::plan::progress::{Rag, STALE_RULE, is_stale};
use crate::strategy::plan::public::rollup_words;

/// An objective's latest update as of the period's end.
struct Latest {
    period: Period,
    rag: Rag,
    narrative: String,
}

/// Each objective's latest update whose period begins by `until`; of two
/// for the same period, the one written last.
async fn latest_updates(db: &Db, strategy_id: i64, until: Date) -> Result<HashMap<i64, Latest>, AppError> {
    let sql = "SELECT u.objective_id, u.id, u.period, u.rag, u.narrative FROM objective_updates u \
               JOIN strategy_objectives o ON o.id = u.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
               WHERE a.strategy_id = $1 ORDER BY u.id";
    let rows: Vec<(i64, i64, String, String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(strategy_id).fetch_all(pool).await)?;
    let mut latest: HashMap<i64, Latest> = HashMap::new();
    for (objective, _, period, rag, narrative) in rows {
        let (Ok(period), Some(rag)) = (period.parse::<Period>(), Rag::parse(&rag)) else { continue };
        if period.first_day() > until {
            continue;
        }
        // Rows come in the order written, so a later one for the same period wins.
        if latest.get(&objective).is_none_or(|l| period >= l.period) {
            latest.insert(objective, Latest { period, rag, narrative });
        }
    }
    Ok(latest)
}

/// Each member's name and its latest report (period and RAG), if any.
type MemberLines = Vec<(String, Option<(Period, Rag)>)>;
/// A stored member report: objective, member, period, RAG.
type MemberUpdateRow = (i64, i64, String, String);

/// A partnership's shared objectives of the strategy, each with every
/// current member (by name) and its latest report whose period begins by
/// `until`, for the objective's "reports of member organisations".
async fn member_reports(
    db: &Db,
    org: &Org,
    strategy_id: i64,
    until: Date,
) -> Result<HashMap<i64, MemberLines>, AppError> {
    if org.kind != OrgKind::Partnership {
        return Ok(HashMap::new());
    }
    let members_sql = "SELECT m.id, m.name FROM organisation_links l JOIN organisations m ON m.id = l.child_id \
                       WHERE l.parent_id = $1 ORDER BY lower(m.name), m.name";
    let updates_sql = "SELECT u.objective_id, u.member_org_id, u.period, u.rag FROM member_objective_updates u \
                       JOIN shared_objectives so ON so.objective_id = u.objective_id \
                       JOIN strategy_objectives o ON o.id = u.objective_id JOIN strategy_aims a ON a.id = o.aim_id \
                       WHERE a.strategy_id = $1 ORDER BY u.id";
    let shared = crate::strategy::shared::store::shared_in(db, strategy_id).await?;
    let (members, updates): (Vec<(i64, String)>, Vec<MemberUpdateRow>) = on_db!(db, pool => {
        let members = sqlx::query_as(members_sql).bind(org.id).fetch_all(pool).await?;
        let updates = sqlx::query_as(updates_sql).bind(strategy_id).fetch_all(pool).await?;
        (members, updates)
    });
    let mut latest: HashMap<(i64, i64), (Period, Rag)> = HashMap::new();
    for (objective, member, period, rag) in updates {
        let (Ok(period), Some(rag)) = (period.parse::<Period>(), Rag::parse(&rag)) else { continue };
        // Rows come in the order written, so a later one for the same period wins.
        if period.first_day() <= until && latest.get(&(objective, member)).is_none_or(|l| period >= l.0) {
            latest.insert((objective, member), (period, rag));
        }
    }
    Ok(shared
        .into_iter()
        .map(|objective| {
            let reports = members.iter().map(|(id, name)| (name.clone(), latest.get(&(objective, *id)).copied()));
            (objective, reports.collect())
        })
        .collect())
}

/// The objective's members' lines and their roll-up in words; empty when
/// it is not shared.
fn member_lines(reports: Option<&MemberLines>) -> (String, Vec<String>) {
    let Some(reports) = reports else { return (String::new(), Vec::new()) };
    let rollup = crate::strategy::shared::member_rollup(reports.iter().filter_map(|(_, r)| r.map(|(_, rag)| rag)));
    let lines = reports
        .iter()
        .map(|(name, report)| match report {
            Some((period, rag)) => format!("{name}: {} ({period})", rag.label()),
            None => format!("{name}: no report yet"),
        })
        .collect();
    (rollup_words(&rollup), lines)
}

/// "31 March 2026" for a stored `YYYY-MM-DD`; anything else as written.
fn due_words(due: &str) -> String {
    match due.parse::<Date>() {
        Ok(date) => date.strftime("%-d %B %Y").to_string(),
        Err(_) => due.to_owned(),
    }
}

/// The day an objective was set, from its creation time.
fn set_on(created_at: i64) -> Date {
    jiff::Timestamp::from_second(created_at)
        .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
        .unwrap_or(Date::MIN)
}

/// The report's input for `period` of `strategy`, as of `today`.
pub async fn input(
    db: &Db,
    org: &Org,
    strategy: &Strategy,
    period: ReportPeriod,
    today: Date,
) -> Result<ethos_pdf::PerformanceReport, AppError> {
    let end = period.last_day();
    let as_of = today.min(end);
    let latest = latest_updates(db, strategy.id, end).await?;
    let members = member_reports(db, org, strategy.id, end).await?;
    let mut exceptions = ethos_pdf::Exceptions::default();
    let mut aim_measures = crate::strategy::measures::links::measures_by_aim(db, strategy.id).await?;
    let mut aims = Vec::new();
    for aim in &strategy.aims {
        let mut objectives = Vec::new();
        for o in aim.objectives_in(&period.year) {
            let update = latest.get(&o.id);
            let stale = is_stale(o.in_progress(), set_on(o.created_at), o.cadence, update.map(|u| u.period), as_of);
            let lead = if o.lead.is_empty() { String::new() } else { format!("Lead: {}", o.lead) };
            if o.status == ObjectiveStatus::OffTrack {
                let detail = [aim.title.clone(), lead.clone()].into_iter().filter(|s| !s.is_empty());
                exceptions.off_track.push(ethos_pdf::ExceptionLine {
                    title: o.title.clone(),
                    detail: detail.collect::<Vec<_>>().join(" · "),
                });
            }
            if stale {
                let last = update.map_or("no update yet".to_owned(), |u| format!("last update for {}", u.period));
                let detail = [aim.title.clone(), lead, last].into_iter().filter(|s| !s.is_empty());
                exceptions.stale.push(ethos_pdf::ExceptionLine {
                    title: o.title.clone(),
                    detail: detail.collect::<Vec<_>>().join(" · "),
                });
            }
            let (members_rollup, member_lines) = member_lines(members.get(&o.id));
            objectives.push(ethos_pdf::ReportObjective {
                title: o.title.clone(),
                status: o.status.label().to_owned(),
                lead: o.lead.clone(),
                due: due_words(&o.due_on),
                rag: update.map(|u| format!("{} ({})", u.rag.label(), u.period)).unwrap_or_default(),
                narrative: update.map(|u| u.narrative.clone()).unwrap_or_default(),
                stale,
                members_rollup,
                members: member_lines,
            });
        }
        aims.push(ethos_pdf::ReportAim {
            title: aim.title.clone(),
            description: aim.description.clone(),
            rollup: rollup_words(&aim.rollup(period.year)),
            objectives,
            measures: aim_measures.remove(&aim.id).unwrap_or_default().into_iter().map(|(_, name)| name).collect(),
        });
    }
    let mut measures = Vec::new();
    for m in charts::measures(db, org.id, Some(end)).await? {
        let line = |why: &str| ethos_pdf::ExceptionLine { title: m.printed.name.clone(), detail: why.to_owned() };
        if m.concern {
            exceptions.concern.push(line(&m.printed.variation));
        }
        if m.failing {
            exceptions.failing.push(line(&m.printed.latest));
        }
        measures.push(m.printed);
    }
    let mut rules = vec![
        format!("Roll-up: {ROLLUP_RULE}"),
        format!("Stale: {STALE_RULE} Judged on {}.", as_of.strftime("%-d %B %Y")),
        "Measures: each chart is an XmR chart. A point outside the process limits, a run of 7 on one side \
         of the mean, a trend of 7 rising or falling, or 2 of 3 points near a limit is special-cause \
         variation; it is a concern when it is on the side that is worse."
            .to_owned(),
    ];
    if org.kind == OrgKind::Partnership {
        rules.push(format!("Reports of member organisations: {}", crate::strategy::shared::MEMBER_ROLLUP_RULE));
    }
    Ok(ethos_pdf::PerformanceReport {
        org_name: org.name.clone(),
        strategy: format!("{} ({})", strategy.title, strategy.period()),
        period: period.label(),
        produced: format!("Produced {}", org.zone.date(now())),
        exceptions,
        aims,
        measures,
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::due_words;

    #[test]
    fn a_due_date_reads_as_words_and_anything_else_as_written() {
        assert_eq!(due_words("2026-03-31"), "31 March 2026");
        assert_eq!(due_words(""), "");
        assert_eq!(due_words("end of year"), "end of year");
    }
}
