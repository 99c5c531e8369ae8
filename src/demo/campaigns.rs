//! The national body's values week in the demo: planned for the end of
//! June, then postponed to October with a reason; the two trusts and the
//! partnership take part, with sample posts, a few events (one of them
//! staff only, one cancelled), pledges (one still waiting to be checked), poll votes and
//! the figures each sends back ([`super::returns`]), and the creative
//! competition with its judged entries ([`super::competition`]). The
//! campaign starts with the national ideas for events, and Riverside adds
//! one of its own; the national body has written the template letter. Made through the same code editors use, so
//! the postponement moves the events as it would for real.

use crate::campaigns::events::{Attendance, EventInput, EventStatus, NewPartner};
use crate::campaigns::ideas::{self, IdeaInput};
use crate::campaigns::model::{Details, Slot, Status, nhs_values};
use crate::campaigns::when::When;
use crate::campaigns::{events, letter, posts, store};
use crate::on_db;
use crate::orgs::model;
use crate::storage::Db;

/// The template letter, for an intranet page or an all-staff email.
const LETTER: &str = "Dear colleagues,

From {day}, {organisation} takes part in {hashtag}, {dates}. All week, teams across the country will \
show how they live the values they share; here, those values are {values}.

There are many ways to join in: log an event on our campaign page, make a pledge, or vote in the poll for the \
value that matters most to you. Ideas for events, from job shadowing to a visit by a local school, are on the \
same page.

Please share what you do with {hashtag} and tag {handle}, so that others can see it too.

With thanks, and best wishes for the week";

const POSTS: [(Slot, &str); 5] = [
    (
        Slot::Before,
        "{hashtag} starts next week! At {organisation} we will be celebrating {values}. Which one matters most to you?",
    ),
    (
        Slot::DayOne,
        "Day one of {hashtag}. All week {organisation} is showing what {values} look like in everyday work. Follow along with {handle}.",
    ),
    (
        Slot::Day(3),
        "Halfway through {hashtag}: where have you seen {values} at work this week? Tell us and tag {handle}.",
    ),
    (
        Slot::LastDay,
        "Last day of {hashtag} at {organisation}. Thank you to everyone who shared a story of {values} with us.",
    ),
    (
        Slot::After,
        "{hashtag} ran {dates}. What moment from the week will stay with you? {national_values} — every day.",
    ),
];

struct DemoEvent {
    org: &'static str,
    title: &'static str,
    kind: &'static str,
    /// Day of the week (0 is the first), start and end time (empty: all day).
    day: i64,
    times: (&'static str, &'static str),
    place: &'static str,
    public: bool,
    status: EventStatus,
    partner: Option<(&'static str, &'static str, &'static str)>,
}

const EVENTS: [DemoEvent; 5] = [
    DemoEvent {
        org: "riverside",
        title: "A day in a district nurse's shoes",
        kind: "Job shadowing",
        day: 1,
        times: ("09:00", "16:30"),
        place: "Riverside community nursing base, Mill Lane",
        public: false,
        status: EventStatus::Planned,
        partner: None,
    },
    DemoEvent {
        org: "riverside",
        title: "Values stall at the Saturday market",
        kind: "Stand or drop-in",
        day: 5,
        times: ("", ""),
        place: "Market Square, Riverside",
        public: true,
        status: EventStatus::Planned,
        partner: Some(("Riverside Carers' Network", "Charity", "")),
    },
    DemoEvent {
        org: "northgate",
        title: "Listening café: people who use our services tell their stories",
        kind: "Patient or service user story",
        day: 2,
        times: ("14:00", "16:00"),
        place: "Northgate House, the garden room",
        public: true,
        status: EventStatus::Planned,
        partner: Some(("Northgate Mind", "Charity", "")),
    },
    DemoEvent {
        org: "northgate",
        title: "Quiz night for teams and their families",
        kind: "Social event",
        day: 3,
        times: ("19:00", "21:30"),
        place: "The Crown function room",
        public: true,
        status: EventStatus::Cancelled,
        partner: None,
    },
    DemoEvent {
        org: "river-north",
        title: "Sixth formers meet the partnership's care teams",
        kind: "Visit by a school or community group",
        day: 4,
        times: ("10:00", "12:00"),
        place: "Hillside Health Centre",
        public: true,
        status: EventStatus::Planned,
        partner: Some(("Hillside Academy", "School", "")),
    },
];

/// Demo pledges: organisation, index of the value it names (of the
/// organisation's own values, or the national ones), the pledge, the name
/// shown and whether it is approved (the last one waits for a decision).
const PLEDGES: [(&str, usize, &str, &str, bool); 4] = [
    (
        "riverside",
        0,
        "On every home visit I will ask what matters most to the person today, before I ask what is wrong.",
        "Priya, district nurse",
        true,
    ),
    ("riverside", 1, "I will hand over every shift at the bedside, so patients hear what we say about them.", "", true),
    ("northgate", 0, "Once a week I will eat lunch with a team I do not usually work with.", "Tom in estates", true),
    ("riverside", 2, "I will thank one colleague by name in every team meeting this week.", "Alex", false),
];

/// Adds the demo pledges, each approved by the organisation's editor but
/// the last, which is left for the demo's moderator to decide.
async fn load_pledges(db: &Db, campaign: &crate::campaigns::model::Campaign) -> anyhow::Result<()> {
    use crate::campaigns::pledges::{NewPledge, PledgeStatus, store as pledges};
    for (slug, value, body, name, approved) in PLEDGES {
        let org = model::by_slug(db, slug).await?.ok_or_else(|| anyhow::anyhow!("no {slug}"))?;
        let offered = offered_values(db, campaign, org.id).await?;
        let value = offered.get(value).or(offered.first()).cloned().unwrap_or_default();
        let pledge = NewPledge { value, body: body.to_owned(), display_name: name.to_owned() };
        let token = crate::auth::secrets::token_hash(&crate::auth::secrets::new_token());
        let id = pledges::insert(db, campaign.id, org.id, &pledge, &token, None).await?;
        if approved {
            let by = person(db, &format!("editor@{slug}.example")).await?;
            pledges::decide(db, campaign.id, org.id, id, PledgeStatus::Approved, by).await?;
        }
    }
    Ok(())
}

/// Demo poll votes: organisation and, for each of its values in order, how
/// many people chose it. Voter `j` chooses each value with more than `j`
/// votes, so the first voters choose several values and later ones fewer.
const POLL: [(&str, &[usize]); 2] = [("riverside", &[9, 4, 6, 3, 5]), ("northgate", &[5, 3, 2, 4, 1, 2])];

async fn load_poll(db: &Db, campaign: &crate::campaigns::model::Campaign) -> anyhow::Result<()> {
    use crate::campaigns::poll::store as poll;
    for (slug, counts) in POLL {
        let org = model::by_slug(db, slug).await?.ok_or_else(|| anyhow::anyhow!("no {slug}"))?;
        let offered = offered_values(db, campaign, org.id).await?;
        let most = counts.iter().copied().max().unwrap_or(0);
        for j in 0..most {
            let voter = crate::auth::secrets::token_hash(&crate::auth::secrets::new_token());
            for (value, _) in offered.iter().zip(counts).filter(|(_, count)| **count > j) {
                poll::choose(db, campaign.id, org.id, value, &voter).await?;
            }
        }
    }
    Ok(())
}

/// The organisation's published values, or the campaign's national ones.
async fn offered_values(
    db: &Db,
    campaign: &crate::campaigns::model::Campaign,
    org_id: i64,
) -> anyhow::Result<Vec<String>> {
    let own: Vec<String> = crate::values::store::current(db, org_id)
        .await?
        .map(|v| v.content.values.into_iter().map(|v| v.name).collect())
        .unwrap_or_default();
    Ok(if own.is_empty() { campaign.national_values.clone() } else { own })
}

pub(super) async fn person(db: &Db, email: &str) -> anyhow::Result<i64> {
    let sql = "SELECT id FROM people WHERE email = $1";
    Ok(on_db!(db, pool => sqlx::query_scalar(sql).bind(email).fetch_one(pool).await)?)
}

/// Loads the demo campaign (after the organisations and their values).
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let national = model::by_slug(db, "values-network").await?.ok_or_else(|| anyhow::anyhow!("no national body"))?;
    let editor = person(db, "editor@values-network.example").await?;
    let details = Details {
        slug: "values-week-2027".to_owned(),
        name: "Values Week 2027".to_owned(),
        edition: 2027,
        hashtag: "OurValuesWeek".to_owned(),
        handle: "ValuesNetwork".to_owned(),
        summary: "Seven days when health and care teams across the country show, in their own words and events, \
                  how they live the values they share with patients and with each other."
            .to_owned(),
        national_values: nhs_values(),
        starts_on: Some("2027-06-28".parse()?),
        ends_on: Some("2027-07-04".parse()?),
        status: Some(Status::Open),
    };
    let id = store::create(db, &national, &details, editor).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let campaign = store::by_id(db, id).await?.ok_or_else(|| anyhow::anyhow!("the demo campaign vanished"))?;
    for (slot, body) in POSTS {
        posts::add(db, &campaign, slot, body, editor).await?;
    }
    letter::save(db, &campaign, None, LETTER, editor).await?;
    for slug in ["riverside", "northgate", "river-north"] {
        let org = model::by_slug(db, slug).await?.ok_or_else(|| anyhow::anyhow!("no {slug}"))?;
        let by =
            person(db, &format!("editor@{}.example", if slug == "river-north" { "riverside" } else { slug })).await?;
        store::join(db, &campaign, &org, by).await?;
        if slug == "riverside" {
            let own = IdeaInput {
                title: "Values walk round the new wing".to_owned(),
                description: "One of the people who planned the new wing leads a twenty-minute walk through it, \
                              stopping wherever a value shaped a choice: the quiet room, the wide doors, the signs \
                              in plain words."
                    .to_owned(),
            };
            ideas::store::add(db, &campaign, &org, &own, by)
                .await?
                .map_err(|_| anyhow::anyhow!("a demo idea twice"))?;
        }
        for e in EVENTS.iter().filter(|e| e.org == slug) {
            let day = crate::campaigns::model::add_days(campaign.starts_on, e.day);
            let when = if e.times.0.is_empty() {
                When::Days(day, day)
            } else {
                When::Times(day.to_datetime(e.times.0.parse()?), day.to_datetime(e.times.1.parse()?))
            };
            let input = EventInput {
                title: e.title.to_owned(),
                kind: e.kind.to_owned(),
                values: campaign.national_values.iter().take(2).cloned().collect(),
                when,
                place: e.place.to_owned(),
                online_url: String::new(),
                public: e.public,
                status: EventStatus::Planned,
                expected: Attendance {
                    staff: Some(12),
                    public: Some(if e.public { 40 } else { 0 }),
                    partners: Some(3),
                },
                actual: Attendance::default(),
                partner_ids: Vec::new(),
                new_partner: e.partner.map(|(name, kind, ods)| NewPartner {
                    name: name.to_owned(),
                    kind: kind.to_owned(),
                    ods_code: ods.to_owned(),
                }),
            };
            let event_id = events::store::save(db, campaign.id, org.id, None, &input, by).await?;
            if e.status == EventStatus::Cancelled {
                let saved = events::store::one(db, campaign.id, org.id, event_id).await?;
                let cancelled = EventInput { status: EventStatus::Cancelled, new_partner: None, ..input };
                events::store::save(db, campaign.id, org.id, saved.as_ref(), &cancelled, by).await?;
            }
        }
    }
    load_pledges(db, &campaign).await?;
    load_poll(db, &campaign).await?;
    super::competition::set_up(db, &campaign, editor).await?;
    let reason = "teams asked for a week clear of the summer holidays and of the move to the new patient record \
                  system, so that more of them can take part.";
    store::postpone(db, &campaign, "2027-10-11".parse()?, "2027-10-17".parse()?, reason, editor).await?;
    let campaign = store::by_id(db, id).await?.ok_or_else(|| anyhow::anyhow!("the demo campaign vanished"))?;
    super::returns::load(db, &campaign, editor).await?;
    super::competition::judge_and_announce(db, &campaign, editor).await?;
    Ok(())
}
