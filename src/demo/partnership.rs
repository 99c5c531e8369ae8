//! The River North partnership's plan in the demo: a short published
//! strategy for this financial year and the next, with three aims and one
//! objective under each for this year. The discharge objective is shared
//! with the two member trusts, and each has reported its own progress on
//! it, so the partnership's page shows their reports rolled up. The
//! partnership's outcome measures are then linked to these aims and
//! objectives ([`super::measures::link`]). The words are invented for Ethos.

use crate::on_db;
use crate::orgs::model;
use crate::storage::{BeginWrite, Db, now};
use crate::strategy::measures::financial_year::FinancialYear;

use super::strategy::{quarter, quarter_of, seconds};

/// (title, description).
pub(super) const AIMS: [(&str, &str); 3] = [
    (
        "Home from hospital without delay",
        "Nobody stays in a hospital bed waiting for care that could be arranged at home: the two trusts plan each \
         person's way home together from the day they arrive.",
    ),
    (
        "Safer care wherever people are treated",
        "Falls, returns to hospital and waits for a first visit are counted the same way in both trusts, so each \
         can learn from the other.",
    ),
    (
        "Carers treated as partners",
        "People who look after a relative or friend are asked, heard and backed up by both trusts as one team.",
    ),
];

/// The shared objective's title.
pub(super) const DISCHARGE: &str = "Start one joint discharge plan for every patient the two trusts share";
pub(super) const FALLS: &str = "Use one falls-prevention checklist on every inpatient ward";
pub(super) const CARERS: &str = "Hear from 500 carers through a joint survey";

/// (rag, confidence, narrative).
type Update = (&'static str, &'static str, &'static str);
/// (aim, title, lead, weight, status, the partnership's own latest update).
type Objective = (usize, &'static str, &'static str, f64, &'static str, Update);

const OBJECTIVES: [Objective; 3] = [
    (
        0,
        DISCHARGE,
        "Partnership Director of Patient Flow",
        2.0,
        "on_track",
        ("green", "medium", "The plan template is agreed by both boards; each trust reports below how far it has got."),
    ),
    (
        1,
        FALLS,
        "Joint Head of Patient Safety",
        1.0,
        "at_risk",
        ("amber", "medium", "Checklist printed and in use on 14 of 23 wards; the rest wait for the new bed sensors."),
    ),
    (
        2,
        CARERS,
        "Partnership Carers Lead",
        1.0,
        "on_track",
        (
            "green",
            "high",
            "312 replies so far, a third of them online; a paper version is going out with the next letters.",
        ),
    ),
];

/// Each member's reports on the shared objective: (member slug, editor,
/// [(quarters back from now, rag, confidence, narrative)]).
type MemberReports = (&'static str, &'static str, &'static [(i32, &'static str, &'static str, &'static str)]);

const MEMBER_REPORTS: [MemberReports; 2] = [
    (
        "riverside",
        "editor@riverside.example",
        &[
            (2, "amber", "medium", "Discharge coordinators started the joint plan on our two medical wards."),
            (1, "green", "high", "Every adult ward now opens the joint plan within a day of admission."),
        ],
    ),
    (
        "northgate",
        "editor@northgate.example",
        &[(
            1,
            "amber",
            "low",
            "The plan suits our older people's wards; for people leaving a mental health bed we are \
             adding housing and benefits steps with the partnership team.",
        )],
    ),
];

/// Adds the partnership's strategy, shares the discharge objective and
/// adds the members' reports on it.
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "river-north").await? else { return Ok(()) };
    let today = org.today();
    let this_year = FinancialYear::containing(today);
    let now_quarter = quarter_of(today);
    let t = now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let strategy: i64 = sqlx::query_scalar(
            "INSERT INTO strategies (org_id, title, first_year, last_year, summary, status, published_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'published', $6, $6, $6) RETURNING id")
            .bind(org.id).bind("Two trusts, one plan for the people we share")
            .bind(i64::from(this_year.start_year())).bind(i64::from(this_year.next().start_year()))
            .bind("What Riverside and Northgate do together for two years: get people home sooner, make care \
                   safer in both trusts, and treat carers as partners. The partnership's outcome measures show \
                   how each aim is going.")
            .bind(seconds(this_year.first_day()) - 20 * 86_400)
            .fetch_one(&mut *tx).await?;
        let mut aims = Vec::new();
        for (position, (title, description)) in AIMS.iter().enumerate() {
            let aim: i64 = sqlx::query_scalar("INSERT INTO strategy_aims (strategy_id, position, title, description) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(strategy).bind(position as i64 + 1).bind(title).bind(description).fetch_one(&mut *tx).await?;
            aims.push(aim);
        }
        let editor: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE email = 'owner@river-north.example'")
            .fetch_optional(&mut *tx).await?;
        let mut shared = None;
        for (aim, title, lead, weight, status, (rag, confidence, narrative)) in OBJECTIVES {
            let created = seconds(this_year.first_day()) - 10 * 86_400;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO strategy_objectives (aim_id, year, title, lead, committee, due_on, weight, status, cadence, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, 'Partnership Board', $5, $6, $7, 'quarterly', $8, $8) RETURNING id")
                .bind(aims[aim]).bind(i64::from(this_year.start_year())).bind(title).bind(lead)
                .bind(this_year.last_day().to_string()).bind(weight).bind(status).bind(created)
                .fetch_one(&mut *tx).await?;
            // Its latest update is for last quarter (this quarter's when the year has just begun).
            let reported = if now_quarter > quarter_of(this_year.first_day()) { now_quarter - 1 } else { now_quarter };
            if let Some(period) = quarter(reported) {
                sqlx::query("INSERT INTO objective_updates (objective_id, period, rag, confidence, narrative, person_id, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(id).bind(period.to_string()).bind(rag).bind(confidence).bind(narrative).bind(editor)
                    .bind((seconds(period.first_day()) + 100 * 86_400).min(t - 7_200))
                    .execute(&mut *tx).await?;
            }
            if title == DISCHARGE {
                shared = Some(id);
            }
        }
        if let Some(objective) = shared {
            sqlx::query("INSERT INTO shared_objectives (objective_id, shared_at) VALUES ($1, $2)")
                .bind(objective).bind(seconds(this_year.first_day())).execute(&mut *tx).await?;
            for (member, email, reports) in MEMBER_REPORTS {
                for &(back, rag, confidence, narrative) in reports {
                    let Some(period) = quarter(now_quarter - back) else { continue };
                    sqlx::query("INSERT INTO member_objective_updates (objective_id, member_org_id, period, rag, confidence, \
                                 narrative, person_id, created_at) \
                                 SELECT $1, o.id, $2, $3, $4, $5, (SELECT id FROM people WHERE email = $6), $7 \
                                 FROM organisations o WHERE o.slug = $8")
                        .bind(objective).bind(period.to_string()).bind(rag).bind(confidence).bind(narrative).bind(email)
                        .bind((seconds(period.first_day()) + 95 * 86_400).min(t - 3_600)).bind(member)
                        .execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
    });
    Ok(())
}
