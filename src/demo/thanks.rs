//! Thank-you notes at Riverside in the demo: the trust's teams, and notes
//! between its people and to its teams over the last few months — most on
//! the wall, one kept private, one its recipient took off the wall.

use jiff::ToSpan;

use crate::on_db;
use crate::orgs::model;
use crate::storage::{BeginWrite, Db, now};

const TEAMS: [&str; 4] = ["District nursing, east", "Children's therapy", "Night nursing", "Patient transport desk"];

/// One demo note: from and to (an email, or a team), the value and
/// behaviour as Riverside publishes them, how many days ago, and where it shows.
struct Note {
    from: &'static str,
    to: &'static str,
    team: bool,
    body: &'static str,
    value: (&'static str, &'static str),
    behaviour: &'static str,
    days_ago: i64,
    on_wall: bool,
    hidden: bool,
}

const NOTES: [Note; 6] = [
    Note {
        from: "staff@riverside.example",
        to: "editor@riverside.example",
        team: false,
        body: "You stayed on after clinic to rewrite the leaflet for the speech therapy waiting list in plain words. Two parents told me it was the first letter from us they understood.",
        value: ("respect", "Respect"),
        behaviour: "",
        days_ago: 3,
        on_wall: true,
        hidden: false,
    },
    Note {
        from: "owner@riverside.example",
        to: "Night nursing",
        team: true,
        body: "During the snow the night team swapped rounds so that every insulin visit was made on time, even on the hill farms. Thank you all.",
        value: ("safety", "Safety"),
        behaviour: "check, and check again, before giving medicines",
        days_ago: 12,
        on_wall: true,
        hidden: false,
    },
    Note {
        from: "editor@riverside.example",
        to: "staff@riverside.example",
        team: false,
        body: "Thanks for sitting with Mr Alder's daughter while we waited for the GP to call back. She wrote to say it was the calmest hour of her week.",
        value: ("kindness", "Kindness"),
        behaviour: "notice when someone is worried and ask about it",
        days_ago: 20,
        on_wall: true,
        hidden: false,
    },
    Note {
        from: "board@riverside.example",
        to: "Children's therapy",
        team: true,
        body: "The drop-in you ran at the library with an interpreter for families new to the area was full by ten. It showed what our services can look like.",
        value: ("belonging", "Belonging"),
        behaviour: "use interpreters and easy-read material as a matter of course",
        days_ago: 35,
        on_wall: true,
        hidden: false,
    },
    Note {
        from: "staff@riverside.example",
        to: "owner@riverside.example",
        team: false,
        body: "You covered my handover when my son was taken ill at school, and you did not make me feel I owed you for it.",
        value: ("together", "Working together"),
        behaviour: "offer help before we are asked",
        days_ago: 48,
        on_wall: false,
        hidden: false,
    },
    Note {
        from: "owner@riverside.example",
        to: "board@riverside.example",
        team: false,
        body: "Your questions at the quality committee made us go back and look at the falls figures properly.",
        value: ("safety", "Safety"),
        behaviour: "",
        days_ago: 64,
        on_wall: true,
        hidden: true,
    },
];

/// Adds Riverside's teams and notes.
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "riverside").await? else { return Ok(()) };
    let today = org.today();
    let insert = "INSERT INTO thanks (org_id, sender_id, recipient_id, team, body, value_key, value_name, behaviour, \
                  on_wall, hidden, day, created_at) SELECT $1, s.id, r.id, $2, $3, $4, $5, $6, $7, $8, $9, $10 \
                  FROM people s LEFT JOIN people r ON r.email = $11 WHERE s.email = $12";
    let mut rows = Vec::new();
    for n in &NOTES {
        let day = today.checked_sub(n.days_ago.days())?.to_string();
        rows.push((n, day, now() - n.days_ago * 86_400));
    }
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query("INSERT INTO listen_settings (org_id, teams, updated_at) VALUES ($1, $2, $3)")
            .bind(org.id).bind(TEAMS.join("\n")).bind(now()).execute(&mut *tx).await?;
        for (n, day, at) in &rows {
            let (team, person) = if n.team { (n.to, "") } else { ("", n.to) };
            sqlx::query(insert).bind(org.id).bind(team).bind(n.body).bind(n.value.0).bind(n.value.1).bind(n.behaviour)
                .bind(n.on_wall).bind(n.hidden).bind(day).bind(at).bind(person).bind(n.from)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::frameworks::riverside_second;

    #[test]
    fn every_demo_note_is_tagged_to_a_riverside_value_and_one_of_its_behaviours() {
        let framework = riverside_second();
        for n in &NOTES {
            let value = framework.value(n.value.0).expect("a Riverside value");
            assert_eq!(value.name, n.value.1);
            assert!(n.behaviour.is_empty() || value.behaviours.iter().any(|b| b == n.behaviour), "{}", n.behaviour);
            assert!(!n.team || TEAMS.contains(&n.to), "{}", n.to);
            assert!(n.body.chars().count() <= crate::listen::thanks::write::MAX_BODY);
        }
    }
}
