//! The partnership in public, in the demo: two of its ideas published with
//! support from a handful of browsers and the partnership's answers (one
//! idea open, one closed), and "You said, we did" showing the closed idea
//! under a value and a piece of feedback under "Other" — each set through
//! the same code the editors' forms use.

use jiff::ToSpan;

use crate::auth::secrets;
use crate::listen::public::store::{self, Change};
use crate::on_db;
use crate::orgs::model;
use crate::storage::{Db, now};

/// What the partnership shows of one demo item (found by its text).
struct Shown {
    body: &'static str,
    /// Title and summary on the ideas page, for a published idea.
    idea: Option<(&'static str, &'static str)>,
    answer: &'static str,
    supporters: usize,
    /// You said, we did, how many days ago it changed, and under which values.
    you_said: Option<(&'static str, &'static str, i64, &'static [&'static str])>,
}

const SHOWN: [Shown; 3] = [
    Shown {
        body: "A walking group that starts from the library would get more of us out in winter.",
        idea: Some((
            "A winter walking group from the library",
            "A short weekly walk that sets off from the library, so more older people get out and about in the colder months.",
        )),
        answer: "We like this. The healthy ageing team is talking to the library about a morning each week, and we will say here what is agreed.",
        supporters: 7,
        you_said: None,
    },
    Shown {
        body: "Text reminders the day before would cut the missed appointments.",
        idea: Some((
            "Reminders the day before an appointment",
            "A text message the day before a GP appointment, so fewer are missed and more people are seen.",
        )),
        answer: "Done: every practice in the partnership now sends a reminder the day before. Thank you to everyone who supported it.",
        supporters: 12,
        you_said: Some((
            "A reminder the day before would mean fewer missed GP appointments.",
            "All our GP practices now text a reminder the day before each appointment.",
            20,
            &["together"],
        )),
    },
    Shown {
        body: "The waiting area is loud and bright, and sitting there for forty minutes made me more anxious, not less.",
        idea: None,
        answer: "",
        supporters: 0,
        you_said: Some((
            "Our mental health waiting area was too noisy and bright for people who are already anxious.",
            "We made the small room beside reception a quiet waiting room with softer light.",
            35,
            &[],
        )),
    },
];

/// Publishes the partnership's demo ideas and its "You said, we did".
pub async fn load(db: &Db) -> anyhow::Result<()> {
    let Some(org) = model::by_slug(db, "river-north").await? else { return Ok(()) };
    let owner: i64 = on_db!(db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'owner@river-north.example'")
        .fetch_one(pool).await?);
    for s in &SHOWN {
        let (id, year, number): (i64, i64, i64) = on_db!(db, pool =>
            sqlx::query_as("SELECT id, year, number FROM feedback WHERE org_id = $1 AND body = $2")
                .bind(org.id).bind(s.body).fetch_one(pool).await?);
        let reference = crate::listen::feedback::reference::format(year, number);
        if let Some((title, summary)) = s.idea {
            store::change(db, org.id, id, &reference, Change::Publish { title, summary }, owner).await?;
            store::change(db, org.id, id, &reference, Change::Answer { answer: s.answer }, owner).await?;
        }
        for _ in 0..s.supporters {
            let hash = secrets::token_hash(&secrets::new_token());
            on_db!(db, pool => sqlx::query("INSERT INTO idea_supports (feedback_id, supporter_hash, created_at) VALUES ($1, $2, $3)")
                .bind(id).bind(hash).bind(now()).execute(pool).await.map(|_| ())?);
        }
        if let Some((you_said, we_did, days_ago, keys)) = s.you_said {
            let changed_on = org.today().checked_sub(days_ago.days())?.to_string();
            let values: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
            let change = Change::YouSaid { shown: true, you_said, we_did, changed_on: &changed_on, values: &values };
            store::change(db, org.id, id, &reference, change, owner).await?;
        }
    }
    Ok(())
}
