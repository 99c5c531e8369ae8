//! The partnership's feedback inbox in the demo: lists of services and
//! neighbourhoods, and items in every state — two of them overdue, one
//! carrying an NHS number — each moved on through the same code editors use.

use jiff::ToSpan;

use crate::auth::secrets;
use crate::listen::feedback::store::{self, Kind, NewItem};
use crate::listen::inbox::states::State;
use crate::listen::inbox::store::{self as inbox, Change};
use crate::listen::settings::Settings;
use crate::on_db;
use crate::orgs::model;
use crate::storage::{BeginWrite, Db, now};

/// One demo item: what was sent, how many days ago, where it stands now,
/// and the reply or signpost given.
struct Sent {
    kind: Kind,
    service: &'static str,
    neighbourhood: &'static str,
    body: &'static str,
    days_ago: i64,
    state: State,
    text: &'static str,
}

const SERVICES: [&str; 4] = ["GP practices", "Community mental health", "Social prescribing", "Healthy ageing"];
const NEIGHBOURHOODS: [&str; 3] = ["North Quay", "Riverbank", "Hillside"];

const SENT: [Sent; 8] = [
    Sent {
        kind: Kind::Feedback,
        service: "GP practices",
        neighbourhood: "Hillside",
        body: "I rang at eight every morning for a week before I got an appointment for my son.",
        days_ago: 1,
        state: State::New,
        text: "",
    },
    Sent {
        kind: Kind::Idea,
        service: "Healthy ageing",
        neighbourhood: "Riverbank",
        body: "A walking group that starts from the library would get more of us out in winter.",
        days_ago: 9,
        state: State::New,
        text: "",
    },
    Sent {
        kind: Kind::Feedback,
        service: "Community mental health",
        neighbourhood: "",
        body: "My letter quoted 401 023 2137 but that is not my number, and I was sent someone else's dates.",
        days_ago: 6,
        state: State::Acknowledged,
        text: "",
    },
    Sent {
        kind: Kind::Feedback,
        service: "Social prescribing",
        neighbourhood: "North Quay",
        body: "The link worker found me a gardening club, but the bus there stops running at four.",
        days_ago: 40,
        state: State::WithService,
        text: "",
    },
    Sent {
        kind: Kind::Compliment,
        service: "Community mental health",
        neighbourhood: "Riverbank",
        body: "The crisis team listened to my mum for an hour when nobody else would.",
        days_ago: 12,
        state: State::Responded,
        text: "Thank you for telling us. We have passed your words to the team, who were very glad to read them.",
    },
    Sent {
        kind: Kind::Idea,
        service: "GP practices",
        neighbourhood: "North Quay",
        body: "Text reminders the day before would cut the missed appointments.",
        days_ago: 30,
        state: State::Closed,
        text: "Every practice in the partnership now sends a reminder the day before. Thank you for the idea.",
    },
    Sent {
        kind: Kind::Feedback,
        service: "",
        neighbourhood: "Hillside",
        body: "The pavement outside the clinic is broken and I nearly fell.",
        days_ago: 4,
        state: State::NotForUs,
        text: "Pavements are looked after by the council's highways team: report it on the council's website.",
    },
    Sent {
        kind: Kind::Feedback,
        service: "Community mental health",
        neighbourhood: "Riverbank",
        body: "The waiting area is loud and bright, and sitting there for forty minutes made me more anxious, not less.",
        days_ago: 55,
        state: State::Closed,
        text: "You were right. The small room beside reception is now a quiet waiting room with softer light.",
    },
];

/// The steps from new to `target`.
fn path_to(target: State) -> Vec<State> {
    let full = [State::Acknowledged, State::WithService, State::Responded, State::Closed];
    match target {
        State::New => Vec::new(),
        State::NotForUs => vec![State::NotForUs],
        _ => full.iter().copied().take_while(|s| *s != target).chain([target]).collect(),
    }
}

/// Adds the feedback to the partnership.
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "river-north").await? else { return Ok(()) };
    let today = org.today();
    let settings = Settings {
        services: SERVICES.map(str::to_owned).to_vec(),
        neighbourhoods: NEIGHBOURHOODS.map(str::to_owned).to_vec(),
        ..Settings::default()
    };
    let owner: i64 = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("INSERT INTO listen_settings (org_id, services, neighbourhoods, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(org.id).bind(SERVICES.join("\n")).bind(NEIGHBOURHOODS.join("\n")).bind(now()).execute(&mut *tx).await?;
        let owner = sqlx::query_scalar("SELECT id FROM people WHERE email = 'owner@river-north.example'").fetch_one(&mut *tx).await?;
        tx.commit().await?;
        owner
    });
    for s in &SENT {
        let day = today.checked_sub(s.days_ago.days())?;
        let item = NewItem {
            language: "en",
            kind: s.kind,
            service: s.service.to_owned(),
            neighbourhood: s.neighbourhood.to_owned(),
            body: s.body.to_owned(),
            contact: None,
        };
        let stored =
            store::insert(db, org.id, day, &settings, &item, &secrets::token_hash(&secrets::new_token())).await?;
        let at = now() - s.days_ago * 86_400;
        let id: i64 = on_db!(db, pool => {
            let mut tx = pool.begin_write().await?;
            let id = sqlx::query_scalar("UPDATE feedback SET created_at = $1, updated_at = $1 WHERE org_id = $2 AND body = $3 RETURNING id")
                .bind(at).bind(org.id).bind(s.body).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            id
        });
        let mut from = State::New;
        for to in path_to(s.state) {
            let text = if to == s.state { s.text } else { "" };
            inbox::change(
                db,
                org.id,
                id,
                &stored.reference,
                Change::State { from, to, text, publish: true, letter: None },
                owner,
            )
            .await?;
            from = to;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_demo_state_is_reached_one_allowed_step_at_a_time() {
        for s in &SENT {
            let mut at = State::New;
            for to in path_to(s.state) {
                assert!(at.next().contains(&to), "{at:?} to {to:?}");
                at = to;
            }
            assert_eq!(at, s.state);
        }
        for state in State::ALL {
            assert!(SENT.iter().any(|s| s.state == state), "no demo item is {state:?}");
        }
    }
}
