//! `ethos admin create`: the first owner of an organisation, from the shell.

use crate::audit::Event;
use crate::auth::{password, people};
use crate::orgs::access::Role;
use crate::storage::BeginWrite;
use crate::storage::{Db, now};
use crate::web::forms::looks_like_email;
use crate::{audit, on_db};

/// Makes `email` an owner of the organisation `slug`, creating the person
/// (with `password`) if they have no account yet. Returns what was done.
pub async fn create_owner(db: &Db, slug: &str, email: &str, name: &str, pass: &str) -> anyhow::Result<String> {
    let org = crate::orgs::model::by_slug(db, slug).await?.ok_or_else(|| {
        anyhow::anyhow!("there is no organisation with the short name {slug:?} (see `ethos org list`)")
    })?;
    let email = people::normalise_email(email);
    if !looks_like_email(&email) {
        anyhow::bail!("{email:?} is not an email address");
    }
    let name = name.trim();
    if name.is_empty() {
        anyhow::bail!("give the person's name with --name");
    }
    let existing = people::by_email(db, &email).await?;
    let person_id = match &existing {
        Some(person) => person.id,
        None => {
            if let Some((_, message)) = password::check_new(pass, pass, &email) {
                anyhow::bail!("{message}");
            }
            let hash = password::hash(pass.to_owned()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let sql =
                "INSERT INTO people (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
            on_db!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(&email).bind(name).bind(&hash).bind(now()).fetch_one(pool).await)?
        }
    };
    let upsert = "INSERT INTO memberships (org_id, person_id, role, created_at) VALUES ($1, $2, 'owner', $3) \
                  ON CONFLICT (org_id, person_id) DO UPDATE SET role = 'owner'";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(upsert).bind(org.id).bind(person_id).bind(now()).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: None, action: "membership.owner",
            summary: format!("Made {email} an owner from the command line"), before: None, after: Some(Role::Owner.as_str().to_owned()),
        })?;
        tx.commit().await?;
    });
    Ok(match existing {
        Some(_) => format!("{email} (an existing account; password unchanged) is now an owner of {}", org.name),
        None => format!("{email} can now sign in as an owner of {}", org.name),
    })
}
