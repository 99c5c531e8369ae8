//! Written answers (free text and "other, please say") read a page at a
//! time, filtered by group and searched in the database, so the results
//! page costs the same with 100 answers or 100 000.

use super::model::Answer;
use crate::error::AppError;
use crate::on_db;
use crate::storage::Db;

/// Written answers shown per page.
pub const PER_PAGE: i64 = 50;

/// A written answer: (response id, group, text, flagged as personal data).
pub type Written = (i64, String, String, bool);

/// One page of written answers, oldest first.
pub struct WrittenPage {
    /// In response order.
    pub answers: Vec<Written>,
    /// 1-based.
    pub page: i64,
    pub has_next: bool,
}

impl WrittenPage {
    /// The position of the first answer shown (1-based).
    pub fn first(&self) -> i64 {
        (self.page - 1) * PER_PAGE + 1
    }
    /// The response id of the first answer shown (0 when none).
    pub fn first_id(&self) -> i64 {
        self.answers.first().map_or(0, |a| a.0)
    }
    /// The response id of the last answer shown (0 when none).
    pub fn last_id(&self) -> i64 {
        self.answers.last().map_or(0, |a| a.0)
    }
    /// The position of the last answer shown.
    pub fn last(&self) -> i64 {
        self.first() + self.answers.len() as i64 - 1
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(search: &str) -> String {
    let mut out = String::with_capacity(search.len() + 2);
    out.push('%');
    for ch in search.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// Where a page of written answers starts. The previous and next links name
/// the response id at the edge of the page they come from, so reading page
/// 2 000 costs the same as page 1; a page number alone (typed, or an old
/// link) is counted from the start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    Position,
    /// The answers after this response id.
    After(i64),
    /// The answers before this response id.
    Before(i64),
}

/// Page `page` (from 1) of the written answers to question `key`, from one
/// group if `group` is not empty (verified staff for
/// [`super::verified::FILTER`]), holding `search` (any case) if not empty.
pub async fn page(
    db: &Db,
    consultation_id: i64,
    key: &str,
    group: &str,
    search: &str,
    page: i64,
    start: Start,
) -> Result<WrittenPage, AppError> {
    // Read from this consultation's answers with text, in response order, by
    // the partial index of migration 0011: the read stops at the page's end
    // however few answers have text, and other consultations' answers are
    // never walked. The response is joined only for its group.
    const SELECT: &str = "SELECT r.id, r.respondent_group, a.answer, a.flagged FROM consultation_answers a \
        JOIN consultation_responses r ON r.id = a.response_id \
        WHERE a.consultation_id = $1 AND a.question_key = $2 AND a.search_text <> '' \
        AND ($3 = '' OR r.respondent_group = $3 OR ($3 = 'verified_staff' AND r.verified_staff = 1)) ";
    // A search names the pattern outright, so that on PostgreSQL the planner
    // can pick the trigram index (`storage::search_index`) when few answers
    // match, which the catch-all `($4 = '' OR …)` hides from a generic plan.
    const SEARCHING: &str = "AND $4 <> '' AND a.search_text LIKE $5 ESCAPE '\\' ";
    const NOT_SEARCHING: &str = "AND ($4 = '' OR a.search_text LIKE $5 ESCAPE '\\') ";
    let (edge, order, offset) = match start {
        // Response ids start at 1, so "after 0" is every answer.
        Start::Position => (
            0,
            "AND a.response_id > $8 ORDER BY a.response_id LIMIT $6 OFFSET $7",
            (page.max(1) - 1).saturating_mul(PER_PAGE),
        ),
        Start::After(id) => (id, "AND a.response_id > $8 ORDER BY a.response_id LIMIT $6 OFFSET $7", 0),
        Start::Before(id) => (id, "AND a.response_id < $8 ORDER BY a.response_id DESC LIMIT $6 OFFSET $7", 0),
    };
    let search = search.trim().to_lowercase();
    let sql = format!("{SELECT}{}{order}", if search.is_empty() { NOT_SEARCHING } else { SEARCHING });
    let pattern = like_pattern(&search);
    let mut rows: Vec<(i64, String, String, i64)> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(consultation_id).bind(key).bind(group).bind(&search).bind(&pattern)
        .bind(PER_PAGE + 1).bind(offset).bind(edge).fetch_all(pool).await)?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let (page, has_next) = match start {
        // Read backwards from the page the reader was on, which follows;
        // nothing further back means this is the first page.
        Start::Before(_) => {
            rows.reverse();
            (if more { page.max(2) } else { 1 }, true)
        }
        Start::After(_) => (page.max(2), more),
        Start::Position => (page.max(1), more),
    };
    let answers = rows
        .into_iter()
        .map(|(id, group, json, flagged)| {
            let answer: Answer = serde_json::from_str(&json)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("an answer of response {id} is unreadable: {e}")))?;
            let text = if answer.text.is_empty() { answer.other } else { answer.text };
            Ok((id, group, text, flagged != 0))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(WrittenPage { answers, page, has_next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_for_wildcards_finds_them_as_written() {
        assert_eq!(like_pattern("100%"), "%100\\%%");
        assert_eq!(like_pattern("a_b\\c"), "%a\\_b\\\\c%");
        assert_eq!(like_pattern(""), "%%");
    }
}
