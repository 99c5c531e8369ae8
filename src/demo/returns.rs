//! The demo's returns for its values week: one sent and waiting for the
//! national body, one sent back with a comment, one accepted — and, since
//! every organisation that has not started has a draft, a fresh campaign
//! shows the fourth state. A deadline two weeks after the (postponed) last
//! day and one national measure come with them. Made through the same
//! store and workflow the pages use.

use crate::campaigns::model::Campaign;
use crate::campaigns::returns::store::{self, Input};
use crate::campaigns::returns::{ReturnStatus, SOCIAL, workflow};
use crate::orgs::model;
use crate::storage::Db;

/// What each organisation sends: social media figure and how it was
/// counted, the national measure, the highlight, and one derived figure
/// it corrected (with the reason).
struct DemoReturn {
    org: &'static str,
    social: i64,
    how: &'static str,
    visits: i64,
    highlight: &'static str,
    corrected: Option<(&'static str, i64, &'static str)>,
    to: ReturnStatus,
}

const RETURNS: [DemoReturn; 3] = [
    DemoReturn {
        org: "riverside",
        social: 1840,
        how: "Likes, reposts and replies on our three accounts' posts carrying the hashtag, from each platform's own statistics a week after.",
        visits: 2,
        highlight: "A district nurse took our finance lead on her morning round. He now explains the mileage budget to new starters with her stories.",
        corrected: Some((
            "staff",
            64,
            "Two teams ran sessions at the bases without logging them as events; their leads counted who came.",
        )),
        to: ReturnStatus::Submitted,
    },
    DemoReturn {
        org: "northgate",
        social: 0,
        how: "",
        visits: 1,
        highlight: "",
        corrected: None,
        to: ReturnStatus::Returned,
    },
    DemoReturn {
        org: "river-north",
        social: 410,
        how: "Interactions with the partnership's posts during the week, counted by the communications team.",
        visits: 0,
        highlight: "Carers from both trusts met for the first time at the joint stand and set up a shared peer group.",
        corrected: None,
        to: ReturnStatus::Accepted,
    },
];

/// Loads the returns for `campaign`, the demo's values week after its postponement.
pub async fn load(db: &Db, campaign: &Campaign, national_editor: i64) -> anyhow::Result<()> {
    store::set_due_days(db, campaign, Some(14), national_editor).await?;
    let visits = store::add_measure(
        db,
        campaign,
        None,
        "Schools and community groups visited",
        "Count each group once, however many visits",
        national_editor,
    )
    .await?;
    for r in RETURNS {
        let org = model::by_slug(db, r.org).await?.ok_or_else(|| anyhow::anyhow!("no {}", r.org))?;
        let editor = super::campaigns::person(
            db,
            &format!("editor@{}.example", if r.org == "river-north" { "riverside" } else { r.org }),
        )
        .await?;
        let owner = super::campaigns::person(db, &format!("owner@{}.example", r.org)).await?;
        let input = Input {
            overrides: r.corrected.iter().map(|(k, v, why)| ((*k).to_owned(), *v, (*why).to_owned())).collect(),
            entered: vec![
                (SOCIAL.to_owned(), (r.social > 0).then_some(r.social)),
                (format!("m{visits}"), Some(r.visits)),
            ],
            social_how: r.how.to_owned(),
            highlight: r.highlight.to_owned(),
            new_measure: None,
        };
        store::save(db, campaign, org.id, &input, editor).await?;
        let draft = [ReturnStatus::Draft, ReturnStatus::Returned];
        workflow::step(db, campaign, org.id, &draft, ReturnStatus::Submitted, "", owner).await?;
        if r.to != ReturnStatus::Submitted {
            let comment = if r.to == ReturnStatus::Returned {
                "Thank you. Could you add your social media figures and a highlight? One story from the week is enough."
            } else {
                ""
            };
            workflow::step(db, campaign, org.id, &[ReturnStatus::Submitted], r.to, comment, national_editor).await?;
        }
    }
    Ok(())
}
