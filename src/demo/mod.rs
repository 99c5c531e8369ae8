//! The demo: a national body, two trusts and a partnership of them, each
//! with people in every role. Loaded into an empty database so that a first
//! run has something to look at: published values, a consultation, a trust's
//! strategy, a partnership's outcome measures and a national values week,
//! postponed, that the other three take part in, and thank-you notes
//! between a trust's staff. All text here is invented
//! for Ethos.

mod campaigns;
mod competition;
pub mod consultation;
mod frameworks;
mod ideas;
mod listen;
mod measures;
mod partnership;
mod returns;
mod strategy;
mod thanks;

use crate::auth::password;
use crate::on_db;
use crate::storage::BeginWrite;
use crate::storage::{Db, now};
use crate::values::model::Framework;

/// Every demo account signs in with this password.
pub const PASSWORD: &str = "ethos-demo-2026";

struct DemoOrg {
    slug: &'static str,
    name: &'static str,
    kind: &'static str,
    summary: &'static str,
    /// (email, name, role)
    people: &'static [(&'static str, &'static str, &'static str)],
}

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        slug: "values-network",
        name: "National Values Network",
        kind: "national",
        summary: "A national body that helps health and care organisations talk about what they stand for, and runs a yearly values week with them.",
        people: &[
            ("owner@values-network.example", "Priya Natarajan", "owner"),
            ("editor@values-network.example", "Tom Achebe", "editor"),
            ("board@values-network.example", "Helen Marsh", "board"),
            ("staff@values-network.example", "Oskar Nowak", "staff"),
        ],
    },
    DemoOrg {
        slug: "riverside",
        name: "Riverside Community Health NHS Trust",
        kind: "trust",
        summary: "Community nursing, therapy and children's services for the towns along the river, in clinics and in people's homes.",
        people: &[
            ("owner@riverside.example", "Grace Okafor", "owner"),
            ("editor@riverside.example", "Dylan Price", "editor"),
            ("board@riverside.example", "Margaret Ellis", "board"),
            ("staff@riverside.example", "Aisha Rahman", "staff"),
        ],
    },
    DemoOrg {
        slug: "northgate",
        name: "Northgate Mental Health NHS Foundation Trust",
        kind: "trust",
        summary: "Mental health and learning disability care for adults, young people and older people, in hospital and in the community.",
        people: &[
            ("owner@northgate.example", "Samuel Osei", "owner"),
            ("editor@northgate.example", "Ffion Jones", "editor"),
            ("board@northgate.example", "Robert Chen", "board"),
            ("staff@northgate.example", "Lena Kowalska", "staff"),
        ],
    },
    DemoOrg {
        slug: "river-north",
        name: "Riverside and Northgate Care Partnership",
        kind: "partnership",
        summary: "The two trusts working as one for the people they share: joined-up care, one set of promises, plans made together.",
        people: &[
            ("owner@river-north.example", "Nadia Haddad", "owner"),
            // Editors of the two trusts also edit for the partnership.
            ("editor@riverside.example", "Dylan Price", "editor"),
            ("editor@northgate.example", "Ffion Jones", "editor"),
            ("board@river-north.example", "Catherine Lloyd", "board"),
            ("staff@river-north.example", "Ben Adeyemi", "staff"),
        ],
    },
];

/// (parent, child): partnership members and national participants.
const LINKS: &[(&str, &str)] = &[
    ("river-north", "riverside"),
    ("river-north", "northgate"),
    ("values-network", "riverside"),
    ("values-network", "northgate"),
    ("values-network", "river-north"),
];

/// Loads the demo when there are no organisations; true if it did.
/// With `frameworks`, each organisation but the national body also gets
/// published values (tests of authoring start without them).
pub async fn load_if_empty(db: &Db, frameworks: bool) -> anyhow::Result<bool> {
    let count: i64 =
        on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(pool).await)?;
    if count > 0 {
        return Ok(false);
    }
    // One hash for every demo account: Argon2 is slow on purpose.
    let hash = password::hash(PASSWORD.to_owned()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for org in ORGS {
            let org_id: i64 = sqlx::query_scalar(
                "INSERT INTO organisations (slug, name, kind, summary, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
                .bind(org.slug).bind(org.name).bind(org.kind).bind(org.summary).bind(t)
                .fetch_one(&mut *tx).await?;
            for (email, name, role) in org.people {
                sqlx::query("INSERT INTO people (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING")
                    .bind(email).bind(name).bind(&hash).bind(t).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO memberships (org_id, person_id, role, created_at) SELECT $1, id, $2, $3 FROM people WHERE email = $4")
                    .bind(org_id).bind(role).bind(t).bind(email).execute(&mut *tx).await?;
            }
        }
        for (parent, child) in LINKS {
            sqlx::query("INSERT INTO organisation_links (parent_id, child_id) \
                         SELECT p.id, c.id FROM organisations p, organisations c WHERE p.slug = $1 AND c.slug = $2")
                .bind(parent).bind(child).execute(&mut *tx).await?;
        }
        // Published frameworks: Riverside has refreshed once, so it has two versions.
        let published: [(&str, Vec<(Framework, &str)>); 3] = [
            ("riverside", vec![(frameworks::riverside_first(), "First version on Ethos"), (frameworks::riverside_second(), "Added Belonging after listening to staff and patients")]),
            ("northgate", vec![(frameworks::northgate(), "First version on Ethos")]),
            ("river-north", vec![(frameworks::partnership(), "Agreed by both boards")]),
        ];
        for (slug, versions) in published.iter().filter(|_| frameworks) {
            for (number, (content, note)) in versions.iter().enumerate() {
                let json = serde_json::to_string(content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
                sqlx::query("INSERT INTO framework_versions (org_id, number, status, content, note, created_at, updated_at, published_at) \
                             SELECT id, $1, 'published', $2, $3, $4, $4, $4 FROM organisations WHERE slug = $5")
                    .bind(number as i64 + 1).bind(json).bind(note).bind(t - 86_400 * (versions.len() - number) as i64).bind(slug)
                    .execute(&mut *tx).await?;
            }
        }
        for (slug, key, reference) in frameworks::MAPPINGS.iter().filter(|_| frameworks) {
            sqlx::query("INSERT INTO value_mappings (org_id, value_key, reference) SELECT id, $1, $2 FROM organisations WHERE slug = $3")
                .bind(key).bind(reference).bind(slug).execute(&mut *tx).await?;
        }
        sqlx::query("INSERT INTO audit_events (at, org_id, person_id, action, summary) SELECT $1, id, NULL, 'demo.load', 'Loaded the demo' FROM organisations")
            .bind(t).execute(&mut *tx).await?;
        tx.commit().await?;
    });
    if frameworks {
        consultation::load(db).await?;
        measures::load(db).await?;
        strategy::load(db).await?;
        partnership::load(db).await?;
        measures::link(db).await?;
        listen::load(db).await?;
        ideas::load(db).await?;
        campaigns::load(db).await?;
        thanks::load(db).await?;
    }
    Ok(true)
}

/// Prints the demo sign-ins to the console.
pub fn print_sign_ins(url: Option<&str>) {
    println!(
        "Loaded the demo organisations. Sign in{} with any of these (password {PASSWORD}):",
        url.map(|u| format!(" at {u}/sign-in")).unwrap_or_default()
    );
    for org in ORGS {
        println!("  {} ({})", org.name, org.slug);
        for (email, _, role) in org.people {
            println!("    {role:<7} {email}");
        }
    }
}
