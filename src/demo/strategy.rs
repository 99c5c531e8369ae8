//! The demo strategy: Riverside's published plan over three financial
//! years (last year, this year and next), with four aims, two priorities
//! under each, and objectives for last year and this year. Some of last
//! year's objectives were carried into this year, one was withdrawn,
//! progress was reported quarter by quarter, and one objective of this year
//! has gone quiet, so the page flags it stale. Objectives name the values
//! they express and two actions of the demo consultation's plan.
//!
//! Years and quarters are counted back from the day the demo is loaded, so
//! the strategy always includes the current year and only the one objective
//! meant to be stale is. The words are invented for Ethos.

use crate::storage::BeginWrite;
use jiff::civil::Date;

use crate::on_db;
use crate::orgs::model;
use crate::storage::{Db, now};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::strategy::measures::period::Period;

/// (title, description, [(priority title, description)]).
type DemoAim = (&'static str, &'static str, [(&'static str, &'static str); 2]);

const AIMS: [DemoAim; 4] = [
    (
        "Care at home, not in hospital",
        "People get the nursing and therapy they need where they live; a hospital bed is kept for what only a \
         hospital can do.",
        [
            (
                "Answer urgent calls within two hours",
                "A nurse or therapist at the door before a crisis becomes an admission.",
            ),
            (
                "Plan ahead with people who live with long-term conditions",
                "Fewer surprises for people with heart, lung or kidney illness.",
            ),
        ],
    ),
    (
        "A good start for every child",
        "Children and young people along the river grow up healthy, and get help early when they need it.",
        [
            ("Reach every family in a baby's first year", "Health visiting that finds the families who need it most."),
            (
                "Shorter waits for children's therapy",
                "Speech, movement and feeding help while it still makes the most difference.",
            ),
        ],
    ),
    (
        "A place people are glad to work",
        "Our colleagues feel valued, safe and able to grow, and they choose to stay.",
        [
            ("Rotas that fit real lives", "Teams shape their own shift patterns within safe staffing."),
            (
                "Careers from apprentice to consultant",
                "Every colleague can see a next step and the training to reach it.",
            ),
        ],
    ),
    (
        "Fair chances in every neighbourhood",
        "Nobody gets poorer care because of where they live, the language they speak or what they earn.",
        [
            ("Know who we are missing", "Good records of who uses our services, so gaps show up."),
            ("Care in the places people already go", "Clinics in libraries, community centres and schools."),
        ],
    ),
];

/// Which year an objective is for: the last financial year or this one.
#[derive(Clone, Copy, PartialEq)]
enum When {
    LastYear,
    ThisYear,
}

/// How its updates are dated, counted back from the day the demo loads.
#[derive(Clone, Copy, PartialEq)]
enum Reporting {
    /// From the first quarter of its year on.
    FromStart,
    /// Up to last quarter (this quarter when last quarter was in the year before).
    UpToDate,
    /// Nothing since the quarter before last: stale.
    GoneQuiet,
}

struct DemoObjective {
    aim: usize,
    priority: usize,
    when: When,
    title: &'static str,
    lead: &'static str,
    committee: &'static str,
    weight: f64,
    status: &'static str,
    /// The title of last year's objective it carries on.
    carries: Option<&'static str>,
    values: &'static [&'static str],
    reporting: Reporting,
    /// (rag, confidence, what happened), oldest first.
    updates: &'static [(&'static str, &'static str, &'static str)],
}

const HEART: &str = "Give every housebound patient with heart failure a written care plan";
const SPEECH: &str = "Bring waits for children's speech and language therapy under 18 weeks";
const ROTAS: &str = "Let every nursing team choose its own rota pattern";
const INTERPRETERS: &str = "Offer an interpreter at every first appointment that needs one";

#[rustfmt::skip]
const OBJECTIVES: &[DemoObjective] = &[
    DemoObjective { aim: 0, priority: 0, when: When::LastYear, title: "Run the two-hour urgent response seven days a week",
        lead: "Director of Community Services", committee: "Quality and Safety Committee", weight: 2.0, status: "done",
        carries: None, values: &["safety", "together"], reporting: Reporting::FromStart, updates: &[
            ("amber", "medium", "Weekday cover is in place; weekends still rely on bank staff."),
            ("green", "medium", "Weekend rota filled from September; two more paramedics joined from the ambulance trust."),
            ("green", "high", "Seven-day service running; nine in ten calls answered within two hours."),
            ("green", "high", "Held through the winter peak. Closed as done; the work continues as business as usual."),
        ] },
    DemoObjective { aim: 0, priority: 1, when: When::LastYear, title: HEART,
        lead: "Head of Long-Term Conditions", committee: "Quality and Safety Committee", weight: 1.0, status: "carried_forward",
        carries: None, values: &["respect"], reporting: Reporting::FromStart, updates: &[
            ("amber", "medium", "A care plan template agreed with patients from the heart failure support group."),
            ("amber", "medium", "140 of 410 patients have a plan; community matrons are doing them at routine visits."),
            ("red", "low", "Sickness in two teams slowed progress: 190 of 410."),
            ("amber", "medium", "260 of 410 by year end. Carried into the new year to finish."),
        ] },
    DemoObjective { aim: 1, priority: 0, when: When::LastYear, title: "Contact every new family within 14 days of the birth",
        lead: "Head of Health Visiting", committee: "Children's Services Board", weight: 1.0, status: "done",
        carries: None, values: &["kindness"], reporting: Reporting::FromStart, updates: &[
            ("green", "high", "94% contacted within 14 days; the rest within 21."),
            ("green", "high", "97%; texts in six languages now go out before the first visit."),
            ("green", "high", "98% for the second quarter running."),
        ] },
    DemoObjective { aim: 1, priority: 1, when: When::LastYear, title: SPEECH,
        lead: "Head of Children's Therapies", committee: "Children's Services Board", weight: 2.0, status: "carried_forward",
        carries: None, values: &["kindness", "belonging"], reporting: Reporting::FromStart, updates: &[
            ("red", "low", "Longest wait is 41 weeks; two posts vacant."),
            ("red", "medium", "Both posts filled. Group sessions in schools started for the children waiting longest."),
            ("amber", "medium", "Longest wait down to 29 weeks."),
            ("amber", "medium", "24 weeks at year end. Carried forward with the same target."),
        ] },
    DemoObjective { aim: 2, priority: 0, when: When::LastYear, title: ROTAS,
        lead: "Chief Nurse", committee: "People Committee", weight: 1.0, status: "carried_forward",
        carries: None, values: &["together"], reporting: Reporting::FromStart, updates: &[
            ("amber", "medium", "Four pilot teams chose their own patterns; the staff survey shows they like it."),
            ("amber", "medium", "The e-rostering system needs an upgrade before more teams can join."),
            ("amber", "low", "Upgrade delayed by the supplier to the spring."),
            ("red", "low", "Only 6 of 22 teams on their own pattern. Carried into next year."),
        ] },
    DemoObjective { aim: 2, priority: 1, when: When::LastYear, title: "Start 30 nursing apprenticeships",
        lead: "Director of People", committee: "People Committee", weight: 1.0, status: "done",
        carries: None, values: &[], reporting: Reporting::FromStart, updates: &[
            ("green", "high", "18 apprentices started in September with the local university."),
            ("green", "high", "A second intake of 14 started in January: 32 in all."),
        ] },
    DemoObjective { aim: 3, priority: 0, when: When::LastYear, title: "Record ethnicity and first language for nine in ten patients",
        lead: "Chief Information Officer", committee: "Equality and Inclusion Group", weight: 1.0, status: "done",
        carries: None, values: &["belonging"], reporting: Reporting::FromStart, updates: &[
            ("amber", "medium", "71% recorded; reception teams trained to ask, and why it matters."),
            ("green", "medium", "84%."),
            ("green", "high", "91% by March."),
        ] },
    DemoObjective { aim: 3, priority: 1, when: When::LastYear, title: "Open a drop-in clinic in the Eastbank library",
        lead: "Director of Community Services", committee: "Equality and Inclusion Group", weight: 1.0, status: "withdrawn",
        carries: None, values: &["belonging"], reporting: Reporting::FromStart, updates: &[
            ("amber", "medium", "Room agreed with the library; sessions planned for the autumn."),
            ("red", "low", "The council is closing the library for two years of rebuilding. Withdrawn: a clinic in the community centre is planned for next year instead."),
        ] },
    // This year.
    DemoObjective { aim: 0, priority: 1, when: When::ThisYear, title: HEART,
        lead: "Head of Long-Term Conditions", committee: "Quality and Safety Committee", weight: 1.0, status: "at_risk",
        carries: Some(HEART), values: &["respect"], reporting: Reporting::UpToDate, updates: &[
            ("amber", "medium", "310 of 420 patients have a plan; the new ones are done at the first visit."),
            ("amber", "low", "355 of 425; the last are the hardest to reach, often in and out of hospital."),
        ] },
    DemoObjective { aim: 0, priority: 0, when: When::ThisYear, title: "Halve the urgent response calls that end in an ambulance",
        lead: "Director of Community Services", committee: "Quality and Safety Committee", weight: 2.0, status: "on_track",
        carries: None, values: &["safety"], reporting: Reporting::UpToDate, updates: &[
            ("green", "medium", "One call in five ended in an ambulance, down from one in four."),
            ("green", "high", "One in seven; a GP now joins the response car on weekday afternoons."),
        ] },
    DemoObjective { aim: 1, priority: 1, when: When::ThisYear, title: SPEECH,
        lead: "Head of Children's Therapies", committee: "Children's Services Board", weight: 2.0, status: "on_track",
        carries: Some(SPEECH), values: &["kindness", "belonging"], reporting: Reporting::UpToDate, updates: &[
            ("amber", "medium", "Longest wait 21 weeks."),
            ("green", "high", "17 weeks, and holding as the school year started."),
        ] },
    DemoObjective { aim: 1, priority: 0, when: When::ThisYear, title: "Run a weekly drop-in for parents of children with additional needs",
        lead: "Head of Health Visiting", committee: "Children's Services Board", weight: 1.0, status: "at_risk",
        carries: None, values: &["kindness"], reporting: Reporting::GoneQuiet, updates: &[
            ("amber", "low", "Two of four family hubs host a drop-in; the others are still looking for a room."),
        ] },
    DemoObjective { aim: 2, priority: 0, when: When::ThisYear, title: ROTAS,
        lead: "Chief Nurse", committee: "People Committee", weight: 1.0, status: "on_track",
        carries: Some(ROTAS), values: &["together", "kindness"], reporting: Reporting::UpToDate, updates: &[
            ("amber", "medium", "The rostering upgrade is in; 11 of 22 teams on their own pattern."),
            ("green", "medium", "17 of 22; the last five start in January."),
        ] },
    DemoObjective { aim: 2, priority: 1, when: When::ThisYear, title: "Cut the number of nurses who leave in their first year by a quarter",
        lead: "Director of People", committee: "People Committee", weight: 1.0, status: "at_risk",
        carries: None, values: &["together"], reporting: Reporting::UpToDate, updates: &[
            ("amber", "medium", "Every new nurse now has a named buddy for the first six months."),
            ("amber", "low", "Leavers down by a tenth so far; exit interviews point to travel costs between visits."),
        ] },
    DemoObjective { aim: 3, priority: 1, when: When::ThisYear, title: "Open a health clinic in the Eastbank community centre",
        lead: "Director of Community Services", committee: "Equality and Inclusion Group", weight: 1.0, status: "on_track",
        carries: None, values: &["belonging", "respect"], reporting: Reporting::UpToDate, updates: &[
            ("green", "medium", "Lease signed; residents chose the opening hours at two open evenings."),
            ("green", "high", "Open Tuesdays and Saturdays since September; 60 visits a week."),
        ] },
    DemoObjective { aim: 3, priority: 0, when: When::ThisYear, title: INTERPRETERS,
        lead: "Chief Nurse", committee: "Equality and Inclusion Group", weight: 1.0, status: "done",
        carries: None, values: &["belonging", "respect"], reporting: Reporting::UpToDate, updates: &[
            ("green", "medium", "Interpreters bookable from the visit planner; video interpreting on every work phone."),
            ("green", "high", "Every first appointment that needed one had an interpreter in the quarter. Done."),
        ] },
];

/// Actions added to the demo consultation's plan: (title, owner, the
/// objective that answers it).
const ACTIONS: [(&str, &str, &str); 2] = [
    ("Make interpreters easy to book for visits at home", "Chief Nurse", INTERPRETERS),
    ("Give teams a say in how their shifts are planned", "Director of People", ROTAS),
];

/// A calendar quarter counted from year 0, so quarters can be stepped by one.
pub(super) fn quarter(index: i32) -> Option<Period> {
    let year = i16::try_from(index.div_euclid(4)).ok()?;
    Period::quarter(year, u8::try_from(index.rem_euclid(4) + 1).ok()?).ok()
}

pub(super) fn quarter_of(date: Date) -> i32 {
    i32::from(date.year()) * 4 + (i32::from(date.month()) - 1) / 3
}

/// Midday UTC on `date`, in Unix seconds.
pub(super) fn seconds(date: Date) -> i64 {
    jiff::tz::TimeZone::UTC.to_timestamp(date.at(12, 0, 0, 0)).map_or(0, |t| t.as_second())
}

/// The quarters an objective's `n` updates are for.
fn update_quarters(o: &DemoObjective, year: FinancialYear, today: Date, n: usize) -> Vec<i32> {
    let (start, now) = (quarter_of(year.first_day()), quarter_of(today));
    let n = i32::try_from(n).unwrap_or(0);
    let last = match o.reporting {
        Reporting::FromStart => return (start..start + n).filter(|&q| q < now).collect(),
        Reporting::UpToDate if now > start => now - 1,
        Reporting::UpToDate => now,
        Reporting::GoneQuiet => now - 2,
    };
    (last - n + 1..=last).filter(|&q| q >= start).collect()
}

/// Adds the strategy to Riverside (which must have published values).
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "riverside").await? else { return Ok(()) };
    let today = org.today();
    let this_year = FinancialYear::containing(today);
    let last_year = FinancialYear::starting(this_year.start_year() - 1);
    let t = now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let editor: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE email = 'editor@riverside.example'")
            .fetch_optional(&mut *tx).await?;
        let strategy: i64 = sqlx::query_scalar(
            "INSERT INTO strategies (org_id, title, first_year, last_year, summary, status, published_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'published', $6, $6, $6) RETURNING id")
            .bind(org.id).bind("Closer to home, fairer for all")
            .bind(i64::from(last_year.start_year())).bind(i64::from(this_year.next().start_year()))
            .bind("Our plan for three years: more care at home, a good start for children, a workforce that stays, \
                   and the same chances wherever people live. Each year the Board agrees objectives under the four \
                   aims and reads progress every quarter.")
            .bind(seconds(last_year.first_day()) - 30 * 86_400)
            .fetch_one(&mut *tx).await?;
        let mut priorities = Vec::new();
        for (position, (title, description, under)) in AIMS.iter().enumerate() {
            let aim: i64 = sqlx::query_scalar("INSERT INTO strategy_aims (strategy_id, position, title, description) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(strategy).bind(position as i64 + 1).bind(title).bind(description).fetch_one(&mut *tx).await?;
            let mut ids = Vec::new();
            for (p, (title, description)) in under.iter().enumerate() {
                let id: i64 = sqlx::query_scalar("INSERT INTO strategy_priorities (aim_id, position, title, description) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(aim).bind(p as i64 + 1).bind(title).bind(description).fetch_one(&mut *tx).await?;
                ids.push(id);
            }
            priorities.push((aim, ids));
        }
        // Last year's first, so this year's can name the ones they carry on.
        let mut last_years: Vec<(&str, i64)> = Vec::new();
        let mut this_years: Vec<(&str, i64)> = Vec::new();
        for o in OBJECTIVES {
            let year = if o.when == When::LastYear { last_year } else { this_year };
            let (aim, ref under) = priorities[o.aim];
            let carried_from = o.carries.and_then(|title| last_years.iter().find(|(t, _)| *t == title).map(|(_, id)| *id));
            // Set a little before its year began (a carried one, as the year before ended).
            let created = seconds(year.first_day()) - if carried_from.is_some() { 10 } else { 20 } * 86_400;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO strategy_objectives (aim_id, priority_id, year, title, lead, committee, due_on, weight, status, \
                 carried_from, cadence, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'quarterly', $11, $11) RETURNING id")
                .bind(aim).bind(under[o.priority]).bind(i64::from(year.start_year())).bind(o.title).bind(o.lead)
                .bind(o.committee).bind(year.last_day().to_string()).bind(o.weight).bind(o.status).bind(carried_from)
                .bind(created).fetch_one(&mut *tx).await?;
            for key in o.values {
                sqlx::query("INSERT INTO objective_values (objective_id, value_key) VALUES ($1, $2)")
                    .bind(id).bind(key).execute(&mut *tx).await?;
            }
            let quarters = update_quarters(o, year, today, o.updates.len());
            // The latest updates are the ones kept when fewer quarters fit.
            let updates = &o.updates[o.updates.len() - quarters.len()..];
            for (q, (rag, confidence, narrative)) in quarters.into_iter().zip(updates) {
                let Some(period) = quarter(q) else { continue };
                // Written a couple of weeks after its quarter ended, and never in the future.
                let written = (seconds(period.first_day()) + 105 * 86_400).min(t - 3_600);
                sqlx::query("INSERT INTO objective_updates (objective_id, period, rag, confidence, narrative, person_id, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(id).bind(period.to_string()).bind(rag).bind(confidence).bind(narrative).bind(editor).bind(written)
                    .execute(&mut *tx).await?;
            }
            if o.when == When::LastYear { last_years.push((o.title, id)) } else { this_years.push((o.title, id)) }
        }
        let consultation: Option<i64> = sqlx::query_scalar("SELECT id FROM consultations WHERE org_id = $1 ORDER BY id LIMIT 1")
            .bind(org.id).fetch_optional(&mut *tx).await?;
        for (title, owner, objective) in ACTIONS.iter().filter(|_| consultation.is_some()) {
            let action: i64 = sqlx::query_scalar(
                "INSERT INTO consultation_actions (consultation_id, title, owner, status, findings, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'on_track', '', $4, $4) RETURNING id")
                .bind(consultation).bind(title).bind(owner).bind(t).fetch_one(&mut *tx).await?;
            if let Some((_, id)) = this_years.iter().find(|(t, _)| t == objective) {
                sqlx::query("INSERT INTO objective_actions (objective_id, action_id) VALUES ($1, $2)")
                    .bind(id).bind(action).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn find(title: &str, when: When) -> &'static DemoObjective {
        OBJECTIVES.iter().find(|o| o.title == title && o.when == when).unwrap()
    }

    #[test]
    fn updates_fall_in_their_year_and_only_one_objective_goes_quiet() {
        let today = date(2026, 12, 5);
        let this_year = FinancialYear::containing(today);
        let shown = |qs: Vec<i32>| qs.into_iter().map(|q| quarter(q).unwrap().to_string()).collect::<Vec<_>>();
        let heart = find(HEART, When::ThisYear);
        assert_eq!(shown(update_quarters(heart, this_year, today, 2)), ["2026-Q2", "2026-Q3"]);
        let last = find(HEART, When::LastYear);
        assert_eq!(
            shown(update_quarters(last, FinancialYear::starting(2025), today, 4)),
            ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
        );
        let quiet: Vec<&str> =
            OBJECTIVES.iter().filter(|o| o.reporting == Reporting::GoneQuiet).map(|o| o.title).collect();
        assert_eq!(quiet.len(), 1);
        // In April, last quarter was in the year before: this year's first update is for this quarter.
        let april = date(2027, 4, 20);
        assert_eq!(shown(update_quarters(heart, FinancialYear::containing(april), april, 2)), ["2027-Q2"]);
    }

    #[test]
    fn the_demo_has_four_aims_carried_and_withdrawn_objectives_and_known_values() {
        assert_eq!(AIMS.len(), 4);
        assert!(OBJECTIVES.iter().filter(|o| o.carries.is_some()).count() >= 2);
        assert_eq!(OBJECTIVES.iter().filter(|o| o.status == "withdrawn").count(), 1);
        for o in OBJECTIVES {
            if let Some(from) = o.carries {
                assert_eq!(find(from, When::LastYear).status, "carried_forward", "{}", o.title);
            }
        }
        let keys: Vec<String> =
            super::super::frameworks::riverside_second().values.into_iter().map(|v| v.key).collect();
        for key in OBJECTIVES.iter().flat_map(|o| o.values) {
            assert!(keys.iter().any(|k| k == key), "{key}");
        }
    }
}
