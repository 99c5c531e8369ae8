//! The mail outbox's benchmark, run by `scripts/bench-mail.sh`: an
//! organisation with BENCH_EDITORS (10,000) editors and a consultation that
//! closes in two days; it times queuing every editor's reminder (one
//! transaction, as the sender's reminder tick does it), then starts the
//! sender against the SMTP server at ETHOS_SMTP_URL and times until the
//! outbox is empty.
//!
//! `DATABASE_URL=sqlite://… ETHOS_SMTP_URL=smtp://127.0.0.1:PORT cargo run
//! --release --example mail_bench` prints one line per figure.

use std::time::{Duration, Instant};

use ethos::mail::{Mail, MailArgs, MailMetrics, Settings, outbox, reminders, sender};
use ethos::on_db;
use ethos::orgs::model::{NewOrg, OrgKind};
use ethos::storage::{Db, now};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL")?;
    let smtp = std::env::var("ETHOS_SMTP_URL")?;
    let editors: i64 = std::env::var("BENCH_EDITORS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let db = Db::connect(&url).await?;
    db.migrate().await?;

    let new = NewOrg::parse("bench", "Bench Community Trust", OrgKind::Trust).map_err(|e| anyhow::anyhow!("{e}"))?;
    let org = ethos::orgs::model::create(&db, &new, None).await?;
    let at = now();
    on_db!(&db, pool => {
        let mut tx = pool.begin().await?;
        for n in 0..editors {
            let id: i64 = sqlx::query_scalar("INSERT INTO people (email, name, created_at) VALUES ($1, $2, $3) RETURNING id")
                .bind(format!("editor{n}@bench.example")).bind(format!("Editor {n}")).bind(at)
                .fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO memberships (org_id, person_id, role, created_at) VALUES ($1, $2, 'editor', $3)")
                .bind(org.id).bind(id).bind(at).execute(&mut *tx).await?;
        }
        sqlx::query("INSERT INTO consultations (org_id, title, opens_at, closes_at, published_at, visibility, audiences, \
                     questions, created_at, updated_at) VALUES ($1, 'Our values', $2, $3, $2, 'editors_board', '[]', '[]', $2, $2)")
            .bind(org.id).bind(at - 3600).bind(at + 2 * 86_400).execute(&mut *tx).await?;
        tx.commit().await?;
    });

    let args = MailArgs {
        smtp_url: Some(smtp),
        mail_from: Some("Ethos <ethos@bench.example>".to_owned()),
        mail_retry_secs: 1,
        mail_lease_secs: 120,
    };
    let mail = Mail::new(&db, Settings::from_args(&args)?, "http://127.0.0.1:8080").await?;

    let started = Instant::now();
    let queued = reminders::queue_closing_soon(&db, &mail).await?;
    let queuing = started.elapsed();
    println!("queued {queued} reminders in {:.3} s", queuing.as_secs_f64());

    let metrics = MailMetrics::default();
    let started = Instant::now();
    sender::spawn(&db, &mail, &metrics);
    while outbox::waiting(&db).await? > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sending = started.elapsed();
    let sent = metrics.sent.get();
    println!(
        "sent {sent} messages ({} failed, {} retried) in {:.2} s: {:.0} messages/s",
        metrics.failed.get(),
        metrics.retried.get(),
        sending.as_secs_f64(),
        sent as f64 / sending.as_secs_f64()
    );
    db.close().await;
    Ok(())
}
