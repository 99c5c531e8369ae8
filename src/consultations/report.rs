//! The printable outputs of a consultation: the A4 poster with the QR code
//! (for wards and waiting rooms) and the Board report, built from the
//! running tallies (never by recounting answers), plus the editors'
//! recommendations that end the report.

use crate::storage::BeginWrite;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::analysis::privacy;
use super::analysis::report as to_pdf;
use super::analysis::tally::Suppressed;
use super::builder::{manage_url, org_for};
use super::compare::QuestionComparison;
use super::links::survey_url;
use super::model::{Consultation, Status};
use super::respond::load;
use super::results::{self, Figures, WordRow};
use super::store;
use super::words::{Block, Piece};
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::Org;
use crate::storage::{Db, now};
use crate::web::PageContext;
use crate::web::forms::Form;
use crate::{audit, on_db};

/// The longest recommendations accepted (characters).
pub const RECOMMENDATIONS_LIMIT: usize = 20_000;

fn day_label(seconds: i64, with_year: bool) -> String {
    let short = time::macros::format_description!("[day padding:none] [month repr:short]");
    let long = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(if with_year { &long } else { &short }).ok())
        .unwrap_or_default()
}

/// A PDF download: its type, how it may be cached and the file name it is saved under.
pub(crate) fn pdf_response(pdf: Vec<u8>, name: &str, cache: &'static str) -> Response {
    let disposition = format!("inline; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("inline")),
            ),
        ],
        pdf,
    )
        .into_response()
}

/// Renders a PDF on a blocking thread, so typesetting never holds up the
/// server's other requests; a failure is logged as `what`, never shown.
pub(crate) async fn render<T: Send + 'static>(
    input: T,
    what: &'static str,
    f: fn(&T) -> Result<Vec<u8>, ethos_pdf::PdfError>,
) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || f(&input))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering {what}: {e}")))
}

/// `/o/{slug}/c/{id}/poster.pdf`: anyone once published; before that, the
/// organisation's people only (like the survey page).
pub async fn poster(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    if c.status() == Status::Draft {
        let member = match &ctx.viewer.0 {
            Some(me) => access::role_of(&state.db, org.id, me.id).await?.is_some(),
            None => false,
        };
        if !member {
            return Err(AppError::NotFound);
        }
    }
    let qr = qrcode::QrCode::new(survey_url(&state, &org, &c).as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    let qr_svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(256, 256).quiet_zone(true).build();
    let short = format!("{}/c/{}", state.config.public_url, c.id);
    let short_link = short.trim_start_matches("https://").trim_start_matches("http://").to_owned();
    // The PDF crate draws PNG and JPEG logos; other kinds are left out.
    let logo_png = match crate::orgs::model::logo(&state.db, org.id).await? {
        Some((bytes, kind)) if kind == "image/png" || kind == "image/jpeg" => Some(bytes),
        _ => None,
    };
    let input = ethos_pdf::Poster {
        org_name: org.name.clone(),
        title: c.title.clone(),
        invitation: String::new(),
        short_link,
        qr_svg,
        closes: org.zone.date(c.closing()),
        lang: String::new(),
        logo_png,
    };
    let pdf = render(input, "a poster", ethos_pdf::poster).await?;
    let cache = if c.status() == Status::Draft { "private, no-store" } else { "public, max-age=300" };
    Ok(pdf_response(pdf, &format!("{}-consultation-{}-poster.pdf", org.slug, c.id), cache))
}

/// The recommendations saved for a consultation (empty when none).
pub async fn recommendations(db: &Db, consultation_id: i64) -> Result<String, AppError> {
    let sql = "SELECT recommendations FROM consultation_reports WHERE consultation_id = $1";
    let found: Option<String> =
        on_db!(db, pool => sqlx::query_scalar(sql).bind(consultation_id).fetch_optional(pool).await)?;
    Ok(found.unwrap_or_default())
}

pub async fn save_recommendations(db: &Db, c: &Consultation, text: &str, by: Option<i64>) -> Result<(), AppError> {
    let before = recommendations(db, c.id).await?;
    let sql = "INSERT INTO consultation_reports (consultation_id, recommendations, updated_at, updated_by) \
               VALUES ($1, $2, $3, $4) ON CONFLICT (consultation_id) DO UPDATE SET \
               recommendations = excluded.recommendations, updated_at = excluded.updated_at, updated_by = excluded.updated_by";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(c.id).bind(text).bind(now()).bind(by).execute(&mut *tx).await?;
        audit!(&mut *tx, Event { org_id: Some(c.org_id), person_id: by, action: "consultation.recommendations",
            summary: format!("Changed the recommendations for the consultation “{}”", c.title),
            before: Some(before.clone()), after: Some(text.to_owned()) })?;
        tx.commit().await?;
    });
    Ok(())
}

#[derive(Deserialize)]
pub struct RecommendationsForm {
    #[serde(default)]
    recommendations: String,
}

/// Editors save the recommendations printed in the Board report.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<RecommendationsForm>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = crate::consultations::builder::consultation(&state, &org, id).await?;
    let text = form.recommendations.replace("\r\n", "\n").trim().to_owned();
    let length = text.chars().count();
    if length > RECOMMENDATIONS_LIMIT {
        let message = format!(
            "The recommendations are {length} characters long; the limit is {RECOMMENDATIONS_LIMIT}. Shorten them and save again."
        );
        return super::builder::recommendations_refused(&state, &ctx, org, role, c, text, message).await;
    }
    save_recommendations(&state.db, &c, &text, Some(me.id)).await?;
    Flash::set(&session, "The recommendations are saved; they end the Board report.").await?;
    Ok(Redirect::to(&format!("{}#recommendations", manage_url(&org, c.id))).into_response())
}

/// Responses per day (UTC), from the running tally kept with each new
/// response (a few dozen rows however many answered); a day of 1 to 4 —
/// and the next smallest, where the total would give it away — is
/// "fewer than 5".
pub async fn responses_by_day(db: &Db, consultation_id: i64) -> Result<Vec<(String, Suppressed<u32>)>, AppError> {
    let days: Vec<(String, u32)> = store::days(db, consultation_id)
        .await?
        .into_iter()
        .map(|(day, n)| (day_label(day * 86_400, false), u32::try_from(n.max(0)).unwrap_or(u32::MAX)))
        .collect();
    let counts: Vec<u32> = days.iter().map(|d| d.1).collect();
    let shown = privacy::partition(counts.iter().sum(), &counts);
    Ok(days.into_iter().zip(shown).map(|((day, n), ok)| (day, privacy::decided(n, ok))).collect())
}

fn paragraphs(blocks: &[Block], rows: &[WordRow]) -> Vec<Vec<ethos_pdf::HeatToken>> {
    let line = |pieces: &[Piece]| -> Vec<ethos_pdf::HeatToken> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Word { index, text, selectable: true } => ethos_pdf::HeatToken {
                    text: text.clone(),
                    heat: rows.iter().find(|w| w.index == *index).and_then(|w| w.net_value()).map(to_pdf::heat_of),
                },
                Piece::Word { text, .. } | Piece::Gap(text) => ethos_pdf::HeatToken { text: text.clone(), heat: None },
            })
            .collect()
    };
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph(p) => vec![line(p)],
            Block::List(items) => items.iter().map(|i| line(i)).collect(),
        })
        .collect()
}

/// A word of the most kept / removed / divided tables, which list only
/// words whose figures may all be shown.
fn word_row(w: &WordRow) -> ethos_pdf::WordRow {
    let n = |s: &Suppressed<u32>| s.shown().copied().unwrap_or(0);
    ethos_pdf::WordRow {
        word: w.text.clone(),
        saw: w.saw,
        keep: n(&w.keep),
        remove: n(&w.remove),
        net: w.net_value().unwrap_or(0.0),
    }
}

/// A keep/remove question's groups side by side, for the report.
fn comparison(cmp: &QuestionComparison) -> ethos_pdf::ReportComparison {
    ethos_pdf::ReportComparison {
        groups: cmp.groups.iter().map(|(g, n)| (cmp.label(g).to_owned(), *n)).collect(),
        rows: cmp
            .rows
            .iter()
            .map(|r| ethos_pdf::ComparisonRow {
                word: r.text.clone(),
                cells: r.nets.iter().map(|n| n.map(to_pdf::heat_of)).collect(),
                flagged: r.flagged(),
            })
            .collect(),
        differ_most: cmp
            .differ_most()
            .iter()
            .filter_map(|r| {
                let d = r.widest.as_ref()?;
                Some(format!(
                    "“{}”: {} {}, {} {} (a difference of {:.2})",
                    r.text,
                    cmp.label(&d.lowest),
                    cmp.score(r, &d.lowest),
                    cmp.label(&d.highest),
                    cmp.score(r, &d.highest),
                    d.gap
                ))
            })
            .collect(),
        note: "Each word’s net score in each group. A word is flagged where two groups of at least 20 people \
               differ by 0.4 or more."
            .to_owned(),
    }
}

/// Gathers the Board report's inputs from the running tallies, under the
/// same "fewer than 5" rule as the results page.
pub async fn board_input(state: &AppState, org: &Org, c: &Consultation) -> Result<ethos_pdf::BoardReport, AppError> {
    let (figures, comparisons) = super::compare::everyone_compared(&state.db, c).await?;
    let total = figures.respondents.shown().copied().unwrap_or(0);
    let mut word_questions = Vec::new();
    let mut rankings = Vec::new();
    let mut choices = Vec::new();
    for (q, r) in c.questions.iter().zip(figures.questions.iter()) {
        let answered = r.answered.shown().copied();
        match &r.figures {
            Figures::Words { words: Suppressed::Shown { value } } => {
                word_questions.push(ethos_pdf::ReportWordQuestion {
                    heading: q.prompt.clone(),
                    paragraphs: paragraphs(&q.blocks(), value),
                    legend: to_pdf::legend(),
                    most_kept: results::most_kept(value, 5).iter().map(word_row).collect(),
                    most_removed: results::most_removed(value, 5).iter().map(word_row).collect(),
                    polarising: value.iter().filter(|w| w.polarising).map(word_row).collect(),
                    comparison: comparisons.iter().find(|x| x.key == q.key).map(comparison),
                });
            }
            Figures::Ranking { ranking: Suppressed::Shown { value } } => rankings.push(ethos_pdf::ReportRanking {
                heading: q.prompt.clone(),
                rows: value
                    .iter()
                    .map(|o| ethos_pdf::PriorityRow {
                        option: o.option.clone(),
                        chosen: o.chosen.shown().copied(),
                        mean_rank: o.mean_rank.shown().copied().flatten(),
                        borda: o.borda.shown().copied().unwrap_or(0),
                        withheld: o.chosen == Suppressed::Withheld,
                    })
                    .collect(),
            }),
            Figures::Options { options: Suppressed::Shown { value } } => choices.push(ethos_pdf::ReportChoice {
                heading: q.prompt.clone(),
                answered,
                rows: value
                    .iter()
                    .map(|o| ethos_pdf::CountRow {
                        label: o.option.clone(),
                        count: o.count.shown().copied(),
                        pct: o.pct.shown().copied().unwrap_or(0.0),
                        verified_staff: None,
                        withheld: o.count == Suppressed::Withheld,
                    })
                    .collect(),
            }),
            Figures::Text => {}
            // Fewer than 5 answered: the question is named, with no figures.
            _ => choices.push(ethos_pdf::ReportChoice { heading: q.prompt.clone(), answered: None, rows: Vec::new() }),
        }
    }
    let by_group: Vec<ethos_pdf::CountRow> = figures
        .groups
        .iter()
        .map(|g| {
            let count = g.respondents.shown().copied();
            ethos_pdf::CountRow {
                label: if g.group.is_empty() { "Not said".to_owned() } else { g.group.clone() },
                count,
                pct: count.map_or(0.0, |n| if total > 0 { f64::from(n) * 100.0 / f64::from(total) } else { 0.0 }),
                verified_staff: g.verified_staff.shown().copied(),
                withheld: g.respondents == Suppressed::Withheld,
            }
        })
        .collect();
    let verified = figures.all_verified_staff.shown().copied();
    let verified_row = ethos_pdf::CountRow {
        label: format!("{}, all groups", super::verified::FILTER_LABEL),
        count: verified,
        pct: verified.map_or(0.0, |n| if total > 0 { f64::from(n) * 100.0 / f64::from(total) } else { 0.0 }),
        verified_staff: verified,
        withheld: figures.all_verified_staff == Suppressed::Withheld,
    };
    let purpose: Vec<String> =
        c.purpose.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
    let method = vec![
        format!(
            "An online survey of {} question{}, open to anyone without signing in, from {} to {}. \
             It was shared by link, QR code and printed poster.",
            c.questions.len(),
            if c.questions.len() == 1 { "" } else { "s" },
            org.zone.time(c.opens_at),
            org.zone.time(c.closing())
        ),
        format!("People were asked to say which group they belong to: {}.", c.audiences.join(", ")),
        "Any figure about fewer than 5 people, or that would let one be worked out, is shown as “fewer than 5” \
         to protect privacy."
            .to_owned(),
    ];
    let recommendations: Vec<String> = recommendations(&state.db, c.id)
        .await?
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(ethos_pdf::BoardReport {
        org_name: org.name.clone(),
        title: c.title.clone(),
        lang: String::new(),
        subtitle: "Findings for the Board".to_owned(),
        period: format!("{} to {}", org.zone.date(c.opens_at), org.zone.date(c.closing())),
        footer_label: format!("Prepared {}", org.zone.date(now())),
        purpose,
        method,
        total_responses: total,
        by_group,
        verified_staff: Some(verified_row),
        by_day: responses_by_day(&state.db, c.id).await?.into_iter().map(|(d, n)| (d, n.shown().copied())).collect(),
        word_questions,
        rankings,
        choices,
        themes: super::themes::report_themes(&state.db, c.id).await?,
        recommendations,
    })
}

/// `/o/{slug}/c/{id}/report.pdf`: owners, editors and the Board.
pub async fn board_report(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, role) = org_for(&state, &slug, &me, Need::Member).await?;
    let c = crate::consultations::builder::consultation(&state, &org, id).await?;
    if role < Role::Board {
        return Err(AppError::Forbidden);
    }
    let input = board_input(&state, &org, &c).await?;
    let pdf = render(input, "a Board report", ethos_pdf::board_report).await?;
    Ok(pdf_response(pdf, &format!("{}-consultation-{}-board-report.pdf", org.slug, c.id), "private, no-store"))
}
