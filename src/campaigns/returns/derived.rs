//! The figures of a return that Ethos works out from what organisations
//! logged. Each is one entry of [`DERIVED`]: its key (stored when someone
//! overrides it), its label, and one query giving every organisation's
//! figure for a campaign (`$1`) at once, so the dashboard asks once per
//! figure however many organisations take part. Adding a figure is one more
//! entry here (thank-you notes came that way).

use std::collections::HashMap;

use crate::error::AppError;
use crate::on_db;
use crate::storage::Db;

/// A figure derived from what was logged.
pub struct Derived {
    pub key: &'static str,
    pub label: &'static str,
    /// How Ethos works it out, for the form's hint.
    pub help: &'static str,
    /// `SELECT org_id, n` for campaign `$1`, one row per organisation
    /// that has anything to count.
    pub sql: &'static str,
}

/// Every derived figure, in the order the return shows them.
pub const DERIVED: &[Derived] = &[
    Derived {
        key: "events",
        label: "Events held",
        help: "Your events for the campaign that were not cancelled.",
        sql: "SELECT org_id, COUNT(*) FROM campaign_events WHERE campaign_id = $1 AND status <> 'cancelled' \
              GROUP BY org_id",
    },
    Derived {
        key: "staff",
        label: "Staff taking part",
        help: "Staff who came, added up over your events.",
        sql: "SELECT org_id, CAST(COALESCE(SUM(actual_staff), 0) AS BIGINT) FROM campaign_events \
              WHERE campaign_id = $1 AND status <> 'cancelled' GROUP BY org_id",
    },
    Derived {
        key: "public",
        label: "Patients and public involved",
        help: "Patients and members of the public who came, added up over your events.",
        sql: "SELECT org_id, CAST(COALESCE(SUM(actual_public), 0) AS BIGINT) FROM campaign_events \
              WHERE campaign_id = $1 AND status <> 'cancelled' GROUP BY org_id",
    },
    Derived {
        key: "partner_people",
        label: "People from partner organisations",
        help: "People from partners who came, added up over your events.",
        sql: "SELECT org_id, CAST(COALESCE(SUM(actual_partners), 0) AS BIGINT) FROM campaign_events \
              WHERE campaign_id = $1 AND status <> 'cancelled' GROUP BY org_id",
    },
    Derived {
        key: "partner_orgs",
        label: "Partner organisations involved",
        help: "Different partner organisations named on your events.",
        sql: "SELECT e.org_id, COUNT(DISTINCT ep.partner_id) FROM campaign_events e \
              JOIN campaign_event_partners ep ON ep.event_id = e.id \
              WHERE e.campaign_id = $1 AND e.status <> 'cancelled' GROUP BY e.org_id",
    },
    Derived {
        key: "pledges",
        label: "Pledges",
        help: "Pledges you approved.",
        sql: "SELECT org_id, COUNT(*) FROM campaign_pledges WHERE campaign_id = $1 AND status = 'approved' \
              GROUP BY org_id",
    },
    Derived {
        key: "thanks",
        label: "Thank-you notes written",
        help: "Thank-you notes your staff wrote to each other during the campaign's dates, not counting removed ones.",
        // Dates are stored as YYYY-MM-DD text on both sides: compared as text.
        sql: "SELECT t.org_id, COUNT(*) FROM thanks t JOIN campaigns c ON c.id = $1 \
              WHERE t.removed_at IS NULL AND t.day >= c.starts_on AND t.day <= c.ends_on GROUP BY t.org_id",
    },
];

/// The derived figure with this key.
pub fn by_key(key: &str) -> Option<&'static Derived> {
    DERIVED.iter().find(|d| d.key == key)
}

/// Every derived figure of every organisation in the campaign: by key,
/// then by organisation (an organisation with nothing logged is absent:
/// zero).
pub async fn all(db: &Db, campaign_id: i64) -> Result<HashMap<&'static str, HashMap<i64, i64>>, AppError> {
    let mut out = HashMap::new();
    for d in DERIVED {
        let rows: Vec<(i64, i64)> = on_db!(db, pool => sqlx::query_as(d.sql).bind(campaign_id).fetch_all(pool).await)?;
        out.insert(d.key, rows.into_iter().collect());
    }
    Ok(out)
}
