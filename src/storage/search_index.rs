//! The trigram indexes (`pg_trgm`) that find, on PostgreSQL, the written
//! answers and the feedback holding a few words without reading every one.
//!
//! It is made when Ethos starts rather than in a migration, because the
//! database may refuse the extension: `pg_trgm` is trusted from PostgreSQL
//! 13, so a database owner may create it, but an older server or a managed
//! one may say no. Then Ethos says so once at start and searches by reading
//! the consultation's answers (and the inbox's texts) in order; once
//! someone allowed to has run `CREATE EXTENSION pg_trgm`, the next start
//! makes the indexes.

use sqlx::PgPool;

/// The index of written answers.
pub const ANSWERS: &str = "consultation_answers_search";
/// The index of feedback texts.
pub const FEEDBACK: &str = "feedback_body_search";

/// Each index's name and what it indexes (`OPS` stands for the operator
/// class, named in the extension's schema).
const INDEXES: [(&str, &str); 2] = [
    (ANSWERS, "consultation_answers USING gin (search_text OPS) WHERE search_text <> ''"),
    // The inbox's `q` is `LOWER(f.body) LIKE '%…%'`: the same expression.
    (FEEDBACK, "feedback USING gin (LOWER(body) OPS)"),
];

/// Moves what waits in an index's pending list into the index proper
/// (nothing when the index is not there). A GIN index takes new rows into
/// a pending list, cheap to add to; the insert that finds the list full
/// (4 MB) files all of it before it commits, which held a whole batch of
/// responses for a hundred milliseconds and more. Emptied this way, off
/// the writers' path, while rows arrive, the list never fills.
pub async fn clean_pending(pool: &PgPool, index: &str) -> sqlx::Result<()> {
    sqlx::query("SELECT gin_clean_pending_list(i) FROM to_regclass($1) AS i WHERE i IS NOT NULL")
        .bind(index)
        .execute(pool)
        .await?;
    Ok(())
}

/// Whether the indexes are there, making the extension and the indexes if
/// not. A refusal is logged (with what the database said) and answered
/// `false`.
pub async fn ensure(pool: &PgPool) -> sqlx::Result<bool> {
    let mut schema = None;
    for (name, what) in INDEXES {
        let present: Option<String> =
            sqlx::query_scalar("SELECT to_regclass($1)::text").bind(name).fetch_one(pool).await?;
        if present.is_some() {
            continue;
        }
        if schema.is_none() {
            schema = extension_schema(pool).await?;
        }
        let Some(schema) = &schema else { return Ok(false) };
        let ops = format!("\"{}\".gin_trgm_ops", schema.replace('"', "\"\""));
        let create = format!("CREATE INDEX IF NOT EXISTS {name} ON {}", what.replace("OPS", &ops));
        sqlx::query(&create).execute(pool).await?;
    }
    Ok(true)
}

/// The schema `pg_trgm` is in, after creating it if it was not there yet;
/// `None` when the database refuses it.
async fn extension_schema(pool: &PgPool) -> sqlx::Result<Option<String>> {
    const SCHEMA: &str = "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
                          WHERE e.extname = 'pg_trgm'";
    if let Some(schema) = sqlx::query_scalar(SCHEMA).fetch_optional(pool).await? {
        return Ok(Some(schema));
    }
    // In `public` where we may, so that every schema of the database finds
    // it; otherwise in the first schema of the search path.
    let mut refusal = None;
    for create in ["CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", "CREATE EXTENSION IF NOT EXISTS pg_trgm"] {
        match sqlx::query(create).execute(pool).await {
            Ok(_) => break,
            Err(err) => refusal = Some(err),
        }
    }
    // Another process may have made it meanwhile (a duplicate is refused).
    let schema: Option<String> = sqlx::query_scalar(SCHEMA).fetch_optional(pool).await?;
    if schema.is_none() {
        let said = refusal.map(|e| e.to_string()).unwrap_or_default();
        tracing::warn!(
            database_said = %said,
            "the database refused the pg_trgm extension: searching written answers reads a consultation's \
             answers in order, and words in the feedback inbox read its texts, which is slower on large \
             consultations and inboxes; a database owner can run `CREATE EXTENSION pg_trgm;` and Ethos \
             makes its indexes at the next start"
        );
    }
    Ok(schema)
}
