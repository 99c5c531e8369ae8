//! Word of changes between Ethos processes that share one PostgreSQL.
//!
//! A process keeps copies in memory: public pages as anonymous visitors see
//! them, published consultations for the submission path, suggested themes.
//! A change made through one process clears that process's copies at once
//! and is announced with `NOTIFY` on [`CHANNEL`]; every process listens
//! there and clears the same copies, so a change made through one is served
//! by all of them within milliseconds, not when their copies expire.
//!
//! Nothing is lost when word is: every copy also expires on its own (pages
//! after five seconds, consultations after one), and when the listening
//! connection drops, everything is cleared once it is back, since what was
//! said meanwhile was not heard. SQLite is served by one process (`ethos
//! serve` holds a lock beside the database file), so nothing is announced
//! there.

use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

use super::Db;

/// The `LISTEN`/`NOTIFY` channel.
pub const CHANNEL: &str = "ethos_changes";

/// What changed, as far as the copies in memory care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Anything a public page may show: clear them all.
    Pages,
    /// A consultation's definition or status.
    Consultation(i64),
    /// A consultation's answers changed in a way its response count and
    /// times do not show (a redaction): its suggested themes are stale.
    Themes(i64),
}

impl Change {
    /// The notification's text: who said it, then what.
    fn payload(self, from: &str) -> String {
        match self {
            Change::Pages => format!("{from} pages"),
            Change::Consultation(id) => format!("{from} consultation {id}"),
            Change::Themes(id) => format!("{from} themes {id}"),
        }
    }

    /// Reads a notification's text: the process that sent it, and what.
    fn parse(payload: &str) -> Option<(&str, Change)> {
        let mut parts = payload.split(' ');
        let from = parts.next()?;
        let change = match (parts.next()?, parts.next()) {
            ("pages", None) => Change::Pages,
            ("consultation", Some(id)) => Change::Consultation(id.parse().ok()?),
            ("themes", Some(id)) => Change::Themes(id.parse().ok()?),
            _ => return None,
        };
        parts.next().is_none().then_some((from, change))
    }
}

/// Announces changes to the other processes; cheap to clone. On SQLite, or
/// in a process with no runtime to send from, it says nothing.
#[derive(Clone, Debug, Default)]
pub struct Announcer {
    to_send: Option<mpsc::UnboundedSender<Change>>,
    /// This process's name in what it announces, so it can ignore its own.
    instance: String,
}

impl Announcer {
    /// An announcer for `db`; on PostgreSQL a task sends what it is given.
    pub fn new(db: &Db) -> Announcer {
        let instance = format!("{:016x}", rand::random::<u64>());
        let Db::Postgres(pool) = db else { return Announcer { to_send: None, instance } };
        let (to_send, mut given) = mpsc::unbounded_channel::<Change>();
        let pool = pool.clone();
        let from = instance.clone();
        tokio::spawn(async move {
            let mut batch = Vec::new();
            while given.recv_many(&mut batch, 256).await > 0 {
                // Many changes at once (a busy editor, an import) are said once each.
                batch.dedup();
                for change in batch.drain(..) {
                    let sent = sqlx::query("SELECT pg_notify($1, $2)")
                        .bind(CHANNEL)
                        .bind(change.payload(&from))
                        .execute(&pool)
                        .await;
                    if let Err(err) = sent {
                        // The others' copies expire on their own.
                        tracing::warn!(error = %err, ?change, "could not tell other processes of a change");
                    }
                }
            }
        });
        Announcer { to_send: Some(to_send), instance }
    }

    /// Tells the other processes (after the change is committed).
    pub fn announce(&self, change: Change) {
        if let Some(to_send) = &self.to_send {
            let _ = to_send.send(change);
        }
    }
}

/// What a process does with word of a change made through another.
pub trait Hear: Send + Sync + 'static {
    fn hear(&self, change: Change);
    /// Word may have been missed: clear everything.
    fn hear_everything(&self);
}

/// On PostgreSQL, listens for changes the other processes announce and
/// hands each to `hear`, for the life of the process. Returns once it is
/// listening (or has failed to start, which is logged and retried), so that
/// nothing the server goes on to build can miss a change.
pub async fn start_listening(db: &Db, announcer: &Announcer, hear: impl Hear) {
    let Db::Postgres(pool) = db else { return };
    let (pool, me) = (pool.clone(), announcer.instance.clone());
    let mut listening = match listen(&pool).await {
        Ok(listener) => Some(listener),
        Err(err) => {
            tracing::warn!(error = %err, "could not listen for other processes' changes; trying again");
            None
        }
    };
    tokio::spawn(async move {
        loop {
            let mut listener = match listening.take() {
                Some(listener) => listener,
                None => {
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    match listen(&pool).await {
                        // Anything said while not listening was not heard.
                        Ok(listener) => {
                            hear.hear_everything();
                            listener
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "could not listen for other processes' changes; trying again");
                            continue;
                        }
                    }
                }
            };
            loop {
                match listener.try_recv().await {
                    Ok(Some(note)) => match Change::parse(note.payload()) {
                        Some((from, _)) if from == me => {}
                        Some((_, change)) => hear.hear(change),
                        None => tracing::warn!(payload = note.payload(), "a change announced in a form not known here"),
                    },
                    // The connection dropped and is back: word may be lost.
                    Ok(None) => hear.hear_everything(),
                    Err(err) => {
                        tracing::warn!(error = %err, "stopped hearing other processes' changes; listening again");
                        break;
                    }
                }
            }
        }
    });
}

async fn listen(pool: &sqlx::PgPool) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_reads_back_as_it_was_said() {
        for change in [Change::Pages, Change::Consultation(42), Change::Themes(7)] {
            assert_eq!(Change::parse(&change.payload("abc")), Some(("abc", change)));
        }
    }

    #[test]
    fn garbled_word_is_not_taken_for_a_change() {
        for payload in
            ["", "abc", "abc pages 1", "abc consultation", "abc consultation x", "abc themes 1 2", "abc other"]
        {
            assert_eq!(Change::parse(payload), None, "{payload:?}");
        }
    }
}
