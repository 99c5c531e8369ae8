//! The inbox's filters, shared by the page and the API: what may be asked
//! (state, service, kind, overdue, tag, value, objective, neighbourhood,
//! arrival dates, words in the text), the dates read as the organisation's
//! days, and the SQL that asks only for what is set — so each filter can
//! start from its own index instead of every item being tested against
//! every empty condition. Words in the text are looked up in the text's
//! index (SQLite's `feedback_text`, PostgreSQL's trigram index).

use jiff::civil::Date;

use super::states::State;
use crate::listen::feedback::store::Kind;
use crate::web::zone::Zone;

/// The inbox's filters; empty means any.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub state: Option<State>,
    pub service: String,
    pub kind: Option<Kind>,
    pub overdue: bool,
    /// A tag's name, in any case.
    pub tag: String,
    /// A value's key in the organisation's framework.
    pub value: String,
    /// One of the organisation's strategy objectives.
    pub objective: Option<i64>,
    pub neighbourhood: String,
    /// Arrived on or after this day (the organisation's zone).
    pub from: Option<Date>,
    /// Arrived on or before this day.
    pub to: Option<Date>,
    /// Words the text holds, as written (any case).
    pub q: String,
    /// Only items older than this one (paging on); `None` from the newest.
    pub before: Option<i64>,
    /// Only items newer than this one (paging back).
    pub after: Option<i64>,
}

/// The longest text search kept.
pub const MAX_Q: usize = 200;

/// Why a date was not understood, in words for the person who typed it.
pub fn parse_day(typed: &str) -> Result<Option<Date>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    match typed.parse::<Date>() {
        Ok(day) if typed.len() == 10 => Ok(Some(day)),
        _ => Err(format!("“{}” is not a date: write it as year-month-day, for example 2026-03-01", shown(typed))),
    }
}

/// At most 30 characters of what was typed, to quote it back.
fn shown(typed: &str) -> String {
    typed.chars().take(30).collect()
}

/// The message when the dates are the wrong way round.
pub const DATES_REVERSED: &str = "The “from” date must be on or before the “to” date";

/// The shortest text the SQLite index can find: it indexes every run of
/// three characters, so shorter words are found by reading the texts.
const INDEXED_CHARS: usize = 3;

/// What the inbox's query reads and how, for [`Filters::sql`].
pub(super) struct Query {
    /// The tables after `FROM`: `feedback f`, joined to the text index
    /// `feedback_text t` when words in the text are looked up in it.
    pub from: &'static str,
    /// The conditions after `WHERE`.
    pub conditions: String,
    pub args: Vec<Arg>,
    /// The item's id to order and page by: the index's own when it leads,
    /// so SQLite walks it newest first and stops at a page.
    pub id: &'static str,
}

/// Words in the text as an FTS5 phrase (in double quotes, any inside
/// doubled), so that `AND`, `NEAR(`, `*` and the like are only characters.
fn phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// A value to bind to a placeholder.
pub(super) enum Arg {
    Int(i64),
    Text(String),
}

/// Overdue on the day bound to `day`, as SQL.
fn overdue_sql(day: &str) -> String {
    format!(
        "((f.state = 'new' AND f.acknowledge_by < {day}) \
         OR (f.state IN ('new', 'acknowledged', 'with_service') AND f.respond_by < {day}))"
    )
}

impl Filters {
    /// Any filter other than paging is set.
    pub fn any(&self) -> bool {
        self.state.is_some()
            || !self.service.is_empty()
            || self.kind.is_some()
            || self.overdue
            || !self.tag.is_empty()
            || !self.value.is_empty()
            || self.objective.is_some()
            || !self.neighbourhood.is_empty()
            || self.from.is_some()
            || self.to.is_some()
            || !self.q.is_empty()
    }

    /// The query's tables and conditions, with their arguments (`$1` is
    /// the organisation's id). With `text_index` (SQLite's `feedback_text`)
    /// words in the text of three characters or more are looked up in the
    /// index; otherwise, and on PostgreSQL (whose trigram index serves the
    /// same `LIKE`), by `LIKE`.
    pub(super) fn sql(&self, org_id: i64, today: Date, zone: &Zone, text_index: bool) -> Query {
        let indexed = text_index && self.q.chars().count() >= INDEXED_CHARS;
        let id = if indexed { "t.rowid" } else { "f.id" };
        let mut sql = String::from("f.org_id = $1");
        let mut args = vec![Arg::Int(org_id)];
        let mut add = |condition: &str, arg: Arg| {
            args.push(arg);
            sql.push_str(" AND ");
            sql.push_str(&condition.replace('?', &format!("${}", args.len())));
        };
        if let Some(state) = self.state {
            add("f.state = ?", Arg::Text(state.as_str().to_owned()));
        }
        if !self.service.is_empty() {
            add("f.service = ?", Arg::Text(self.service.clone()));
        }
        if let Some(kind) = self.kind {
            add("f.kind = ?", Arg::Text(kind.as_str().to_owned()));
        }
        if self.overdue {
            add(&overdue_sql("?"), Arg::Text(today.to_string()));
        }
        if !self.neighbourhood.is_empty() {
            add("f.neighbourhood = ?", Arg::Text(self.neighbourhood.clone()));
        }
        if !self.tag.is_empty() {
            add(
                "f.id IN (SELECT it.feedback_id FROM feedback_item_tags it JOIN feedback_tags t ON t.id = it.tag_id \
                 WHERE t.org_id = $1 AND t.folded = ?)",
                Arg::Text(super::tags::fold(&self.tag)),
            );
        }
        if !self.value.is_empty() {
            add(
                "f.id IN (SELECT v.feedback_id FROM feedback_values v WHERE v.org_id = $1 AND v.value_key = ?)",
                Arg::Text(self.value.clone()),
            );
        }
        if let Some(objective) = self.objective {
            add(
                "f.id IN (SELECT o.feedback_id FROM feedback_objectives o WHERE o.objective_id = ?)",
                Arg::Int(objective),
            );
        }
        if let Some(from) = self.from.and_then(|d| start_of(d, zone)) {
            add("f.created_at >= ?", Arg::Int(from));
        }
        if let Some(to) = self.to.and_then(|d| d.tomorrow().ok()).and_then(|d| start_of(d, zone)) {
            add("f.created_at < ?", Arg::Int(to));
        }
        if indexed {
            add("feedback_text MATCH ?", Arg::Text(phrase(&self.q)));
        } else if !self.q.is_empty() {
            add("LOWER(f.body) LIKE ? ESCAPE '\\'", Arg::Text(format!("%{}%", escape_like(&self.q.to_lowercase()))));
        }
        if let Some(before) = self.before {
            add(&format!("{id} < ?"), Arg::Int(before));
        }
        if let Some(after) = self.after {
            add(&format!("{id} > ?"), Arg::Int(after));
        }
        let from = if indexed { "feedback_text t JOIN feedback f ON f.id = t.rowid" } else { "feedback f" };
        Query { from, conditions: sql, args, id }
    }
}

/// The first second of `day` in the organisation's zone.
fn start_of(day: Date, zone: &Zone) -> Option<i64> {
    zone.parse_input(&format!("{day}T00:00"))
}

/// `text` with LIKE's wildcards taken literally.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_year_month_day_and_anything_else_is_explained() {
        assert_eq!(parse_day(" 2026-03-01 ").unwrap(), Some(jiff::civil::date(2026, 3, 1)));
        assert_eq!(parse_day("").unwrap(), None);
        for bad in ["1/3/2026", "2026-02-30", "yesterday", "2026-3-1"] {
            let said = parse_day(bad).unwrap_err();
            assert!(said.contains(bad) && said.contains("2026-03-01"), "{said}");
        }
    }

    #[test]
    fn only_the_filters_set_become_conditions_in_order() {
        let zone = Zone::default();
        let today = jiff::civil::date(2026, 6, 1);
        let Query { from, conditions, args, .. } = Filters::default().sql(7, today, &zone, true);
        assert_eq!((from, conditions.as_str()), ("feedback f", "f.org_id = $1"));
        assert_eq!(args.len(), 1);
        let f = Filters { service: "GP".into(), q: "50%_off".into(), before: Some(9), ..Filters::default() };
        let Query { conditions, args, .. } = f.sql(7, today, &zone, false);
        let sql = conditions;
        assert!(sql.contains("f.service = $2") && sql.contains("LIKE $3") && sql.ends_with("f.id < $4"), "{sql}");
        assert!(matches!(&args[2], Arg::Text(t) if t == "%50\\%\\_off%"));
    }

    #[test]
    fn words_are_looked_up_in_the_index_as_one_phrase_taken_literally() {
        let today = jiff::civil::date(2026, 6, 1);
        let f = Filters { q: r#"say "AND" NEAR(x*"#.into(), before: Some(9), ..Filters::default() };
        let query = f.sql(7, today, &Zone::default(), true);
        assert_eq!(query.from, "feedback_text t JOIN feedback f ON f.id = t.rowid");
        assert!(query.conditions.ends_with("feedback_text MATCH $2 AND t.rowid < $3"), "{}", query.conditions);
        assert!(matches!(&query.args[1], Arg::Text(t) if t == r#""say ""AND"" NEAR(x*""#));
        // Two characters are too few for the index: read the texts.
        let short = Filters { q: "ab".into(), ..Filters::default() }.sql(7, today, &Zone::default(), true);
        assert_eq!(short.from, "feedback f");
        assert!(short.conditions.contains("LIKE $2"), "{}", short.conditions);
    }

    #[test]
    fn dates_cover_whole_days_in_the_organisation_zone() {
        let zone = Zone::stored("Europe/London");
        let day = jiff::civil::date(2026, 7, 1);
        let f = Filters { from: Some(day), to: Some(day), ..Filters::default() };
        let Query { conditions: sql, args, .. } = f.sql(1, day, &zone, true);
        assert!(sql.contains("f.created_at >= $2 AND f.created_at < $3"), "{sql}");
        // Midnight in London in summer is 23:00 UTC the day before.
        assert!(matches!(args[1], Arg::Int(1_782_860_400)));
        assert!(matches!(args[2], Arg::Int(1_782_946_800)));
    }
}
