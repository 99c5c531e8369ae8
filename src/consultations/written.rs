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
) -> Result<WrittenPage, AppError> {
    // Ordered by the answer's response id so the partial index of answers
    // with text (migration 0010) gives them in order and the read stops at
    // the page's end, however few answers have text.
    let sql = "SELECT r.id, r.respondent_group, a.answer, a.flagged FROM consultation_responses r \
               JOIN consultation_answers a ON a.response_id = r.id AND a.question_key = $2 \
               WHERE r.consultation_id = $1 AND a.search_text <> '' \
               AND ($3 = '' OR r.respondent_group = $3 OR ($3 = 'verified_staff' AND r.verified_staff = 1)) AND ($4 = '' OR a.search_text LIKE $5 ESCAPE '\\') \
               ORDER BY a.response_id LIMIT $6 OFFSET $7";
    let page = page.max(1);
    let search = search.trim().to_lowercase();
    let pattern = like_pattern(&search);
    let offset = (page - 1).saturating_mul(PER_PAGE);
    let rows: Vec<(i64, String, String, i64)> = on_db!(db, pool => sqlx::query_as(sql)
        .bind(consultation_id).bind(key).bind(group).bind(&search).bind(&pattern)
        .bind(PER_PAGE + 1).bind(offset).fetch_all(pool).await)?;
    let has_next = rows.len() as i64 > PER_PAGE;
    let answers = rows
        .into_iter()
        .take(PER_PAGE as usize)
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
