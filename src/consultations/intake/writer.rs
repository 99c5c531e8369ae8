//! New responses through the process's batching writer
//! ([`crate::storage::group_commit`]): each batch's responses and the sum
//! of their running figures in one transaction, so increments from several
//! processes still add up (`count = count + n`). On PostgreSQL each
//! consultation's responses of a batch go in a statement of their own, and
//! each of the two writers adds to its own shard of the running figures
//! (see [`super::postgres`]).

use super::{NewResponse, postgres, sqlite};
use crate::consultations::answers::Valid;
use crate::consultations::model::Consultation;
use crate::error::AppError;
use crate::storage::group_commit::{self, Batch};
use crate::storage::{now, search_index};

/// A response on its way, with its consultation.
pub struct Queued {
    consultation: i64,
    row: NewResponse,
}

/// How responses are written many at a time.
pub struct Responses;

impl Batch for Responses {
    type Row = Queued;
    type Stored = ();

    const THREAD: &'static str = "ethos-responses";

    fn part(row: &Queued) -> i64 {
        row.consultation
    }

    fn sqlite(conn: &mut rusqlite::Connection, rows: &[&Queued]) -> Result<Vec<()>, AppError> {
        let pairs: Vec<(i64, &NewResponse)> = rows.iter().map(|q| (q.consultation, &q.row)).collect();
        sqlite::write(conn, now(), &pairs)?;
        Ok(vec![(); rows.len()])
    }

    async fn postgres(conn: &mut sqlx::PgConnection, writer: i64, rows: &[&Queued]) -> Result<Vec<()>, AppError> {
        let Some(first) = rows.first() else { return Ok(Vec::new()) };
        let responses: Vec<&NewResponse> = rows.iter().map(|q| &q.row).collect();
        postgres::write(conn, first.consultation, writer, now(), &responses).await?;
        Ok(vec![(); rows.len()])
    }

    async fn upkeep(pool: &sqlx::PgPool) -> Result<(), AppError> {
        Ok(search_index::clean_pending(pool, search_index::ANSWERS).await?)
    }
}

/// The writer of new responses.
pub type Writer = group_commit::Writer<Responses>;

/// Writes a new response to `c` (its token must be fresh) and waits until
/// it is committed. The response is made ready to store here, on the
/// request's thread, so the writer does nothing but write.
pub async fn submit(writer: &Writer, c: &Consultation, token_hash: String, valid: Valid) -> Result<(), AppError> {
    let row = NewResponse::new(c, token_hash, valid)?;
    writer.write(Queued { consultation: c.id, row }).await
}
