//! Events and partner organisations in storage.

use jiff::civil::Date;

use super::{Attendance, CampaignEvent, EventInput, EventStatus, Partner};
use crate::audit::Event;
use crate::campaigns::when::When;
use crate::error::AppError;
use crate::storage::{BeginWrite, Db, now};
use crate::{audit, on_db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    campaign_id: i64,
    org_id: i64,
    org_slug: String,
    org_name: String,
    uid: String,
    sequence: i64,
    title: String,
    kind: String,
    value_names: String,
    all_day: bool,
    starts_at: String,
    ends_at: String,
    place: String,
    online_url: String,
    public: bool,
    status: String,
    expected_staff: Option<i64>,
    expected_public: Option<i64>,
    expected_partners: Option<i64>,
    actual_staff: Option<i64>,
    actual_public: Option<i64>,
    actual_partners: Option<i64>,
    updated_at: i64,
}

const SELECT: &str = "SELECT e.id, e.campaign_id, e.org_id, o.slug AS org_slug, o.name AS org_name, e.uid, \
     e.sequence, e.title, e.kind, e.value_names, e.all_day, e.starts_at, e.ends_at, e.place, e.online_url, e.public, \
     e.status, e.expected_staff, e.expected_public, e.expected_partners, e.actual_staff, e.actual_public, \
     e.actual_partners, e.updated_at FROM campaign_events e JOIN organisations o ON o.id = e.org_id";

impl TryFrom<Row> for CampaignEvent {
    type Error = AppError;

    fn try_from(r: Row) -> Result<CampaignEvent, AppError> {
        let when = When::from_stored(r.all_day, &r.starts_at, &r.ends_at)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("event {} has unreadable times", r.id)))?;
        Ok(CampaignEvent {
            id: r.id,
            campaign_id: r.campaign_id,
            org_id: r.org_id,
            org_slug: r.org_slug,
            org_name: r.org_name,
            uid: r.uid,
            sequence: r.sequence,
            title: r.title,
            kind: r.kind,
            values: crate::values::model::lines(&r.value_names),
            when,
            place: r.place,
            online_url: r.online_url,
            public: r.public,
            status: EventStatus::parse(&r.status).unwrap_or(EventStatus::Planned),
            expected: Attendance { staff: r.expected_staff, public: r.expected_public, partners: r.expected_partners },
            actual: Attendance { staff: r.actual_staff, public: r.actual_public, partners: r.actual_partners },
            partners: Vec::new(),
            updated_at: r.updated_at,
        })
    }
}

async fn with_partners(db: &Db, rows: Vec<Row>) -> Result<Vec<CampaignEvent>, AppError> {
    let mut events: Vec<CampaignEvent> = rows.into_iter().map(CampaignEvent::try_from).collect::<Result<_, _>>()?;
    let sql = "SELECT p.id, p.name, p.kind, p.ods_code FROM campaign_partners p \
               JOIN campaign_event_partners ep ON ep.partner_id = p.id WHERE ep.event_id = $1 ORDER BY p.name";
    for e in &mut events {
        let rows: Vec<(i64, String, String, String)> =
            on_db!(db, pool => sqlx::query_as(sql).bind(e.id).fetch_all(pool).await)?;
        e.partners = rows.into_iter().map(|(id, name, kind, ods_code)| Partner { id, name, kind, ods_code }).collect();
    }
    events.sort_by(|a, b| a.when.stored().0.cmp(&b.when.stored().0).then(a.id.cmp(&b.id)));
    Ok(events)
}

/// A campaign's events: every organisation's (`org_id` None) or one's,
/// the public ones only unless `staff_too`.
pub async fn list(
    db: &Db,
    campaign_id: i64,
    org_id: Option<i64>,
    staff_too: bool,
) -> Result<Vec<CampaignEvent>, AppError> {
    // Only organisations that take part (or run the campaign) show events.
    let sql = format!(
        "{SELECT} WHERE e.campaign_id = $1 AND ($2 = 0 OR e.org_id = $2) AND ($3 OR e.public) AND \
         (e.org_id IN (SELECT org_id FROM campaign_participations WHERE campaign_id = e.campaign_id) \
          OR e.org_id = (SELECT org_id FROM campaigns WHERE id = e.campaign_id))"
    );
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(org_id.unwrap_or(0))
        .bind(staff_too).fetch_all(pool).await)?;
    with_partners(db, rows).await
}

/// One event of an organisation in a campaign.
pub async fn one(db: &Db, campaign_id: i64, org_id: i64, id: i64) -> Result<Option<CampaignEvent>, AppError> {
    let sql = format!("{SELECT} WHERE e.campaign_id = $1 AND e.org_id = $2 AND e.id = $3");
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).bind(org_id).bind(id)
        .fetch_all(pool).await)?;
    Ok(with_partners(db, rows).await?.into_iter().next())
}

/// Events of the campaign that start within `from`..=`to` (those a
/// postponement moves).
pub async fn in_range(db: &Db, campaign_id: i64, from: Date, to: Date) -> Result<Vec<CampaignEvent>, AppError> {
    let sql = format!("{SELECT} WHERE e.campaign_id = $1");
    let rows = on_db!(db, pool => sqlx::query_as::<_, Row>(&sql).bind(campaign_id).fetch_all(pool).await)?;
    let events: Vec<CampaignEvent> = rows.into_iter().map(CampaignEvent::try_from).collect::<Result<_, _>>()?;
    Ok(events.into_iter().filter(|e| (from..=to).contains(&e.when.first_day())).collect())
}

/// An organisation's partner records, by name.
pub async fn partners(db: &Db, org_id: i64) -> Result<Vec<Partner>, AppError> {
    let sql = "SELECT id, name, kind, ods_code FROM campaign_partners WHERE org_id = $1 ORDER BY lower(name), name";
    let rows: Vec<(i64, String, String, String)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id, name, kind, ods_code)| Partner { id, name, kind, ods_code }).collect())
}

fn describe(i: &EventInput) -> String {
    format!(
        "{} ({}), {}, {}, {}",
        i.title,
        i.kind,
        i.when.describe(),
        if i.public { "public" } else { "staff only" },
        i.status.label()
    )
}

/// Saves an event: a new one when `existing` is None. A change of its
/// dates or status raises its SEQUENCE. A new partner named in the form
/// becomes a record of the organisation (or the one of that name is used).
pub async fn save(
    db: &Db,
    campaign_id: i64,
    org_id: i64,
    existing: Option<&CampaignEvent>,
    i: &EventInput,
    by: i64,
) -> Result<i64, AppError> {
    let t = now();
    let (starts, ends) = i.when.stored();
    let moved = existing.is_some_and(|e| e.when != i.when || e.status != i.status);
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let id: i64 = match existing {
            None => sqlx::query_scalar(
                "INSERT INTO campaign_events (campaign_id, org_id, uid, title, kind, value_names, all_day, starts_at, \
                 ends_at, place, online_url, public, status, expected_staff, expected_public, expected_partners, \
                 actual_staff, actual_public, actual_partners, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, \
                 $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) RETURNING id")
                .bind(campaign_id).bind(org_id).bind(crate::campaigns::store::new_uid("event")).bind(&i.title)
                .bind(&i.kind).bind(i.values.join("\n")).bind(i.when.all_day()).bind(&starts).bind(&ends)
                .bind(&i.place).bind(&i.online_url).bind(i.public).bind(i.status.as_str())
                .bind(i.expected.staff).bind(i.expected.public).bind(i.expected.partners)
                .bind(i.actual.staff).bind(i.actual.public).bind(i.actual.partners).bind(t)
                .fetch_one(&mut *tx).await?,
            Some(e) => {
                sqlx::query(
                    "UPDATE campaign_events SET title = $1, kind = $2, value_names = $3, all_day = $4, starts_at = $5, \
                     ends_at = $6, place = $7, online_url = $8, public = $9, status = $10, expected_staff = $11, \
                     expected_public = $12, expected_partners = $13, actual_staff = $14, actual_public = $15, \
                     actual_partners = $16, sequence = sequence + $17, updated_at = $18 WHERE id = $19")
                    .bind(&i.title).bind(&i.kind).bind(i.values.join("\n")).bind(i.when.all_day()).bind(&starts)
                    .bind(&ends).bind(&i.place).bind(&i.online_url).bind(i.public).bind(i.status.as_str())
                    .bind(i.expected.staff).bind(i.expected.public).bind(i.expected.partners)
                    .bind(i.actual.staff).bind(i.actual.public).bind(i.actual.partners)
                    .bind(i64::from(moved)).bind(t).bind(e.id)
                    .execute(&mut *tx).await?;
                sqlx::query("DELETE FROM campaign_event_partners WHERE event_id = $1").bind(e.id).execute(&mut *tx).await?;
                e.id
            }
        };
        let mut partner_ids: Vec<i64> = i.partner_ids.clone();
        if let Some(p) = &i.new_partner {
            sqlx::query("INSERT INTO campaign_partners (org_id, name, kind, ods_code) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (org_id, name) DO NOTHING")
                .bind(org_id).bind(&p.name).bind(&p.kind).bind(&p.ods_code).execute(&mut *tx).await?;
            let pid: i64 = sqlx::query_scalar("SELECT id FROM campaign_partners WHERE org_id = $1 AND name = $2")
                .bind(org_id).bind(&p.name).fetch_one(&mut *tx).await?;
            partner_ids.push(pid);
        }
        partner_ids.sort_unstable();
        partner_ids.dedup();
        for pid in partner_ids {
            // Only the organisation's own partner records can be linked.
            sqlx::query("INSERT INTO campaign_event_partners (event_id, partner_id) \
                         SELECT $1, id FROM campaign_partners WHERE id = $2 AND org_id = $3")
                .bind(id).bind(pid).bind(org_id).execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(org_id), person_id: Some(by),
            action: if existing.is_some() { "campaign.event.update" } else { "campaign.event.create" },
            summary: format!("{} the campaign event {}", if existing.is_some() { "Changed" } else { "Logged" }, i.title),
            before: existing.map(|e| format!("{} ({}), {}, {}", e.title, e.kind, e.when.describe(), e.status.label())),
            after: Some(describe(i)),
        })?;
        tx.commit().await?;
        Ok::<i64, AppError>(id)
    })
}
