//! The inbox, `/o/{slug}/feedback/inbox`: the organisation's items with
//! counts per state and overdue, filtered through the query string (a GET
//! form and plain links, so it works without JavaScript) by state, service,
//! kind, lateness, tag, value, objective, neighbourhood, arrival dates and
//! words in the text, 200 a page with links to older and newer pages. A
//! "Suggested themes" panel reads the texts of the page's items (the newest
//! 200 in the filter on its first page) with the consultations' own theme
//! suggestion, each theme a link to the items using its words. Editors and
//! owners only.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State as AppStateExtract};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::filters::{self, Filters, MAX_Q};
use super::labels::published_values;
use super::states::State;
use super::store::{self, Counts, Line, PAGE_SIZE};
use super::tags::{self, Labels, Objective, Tag};
use crate::app::AppState;
use crate::consultations::analysis::themes::suggest_themes;
use crate::error::AppError;
use crate::listen::feedback::store::Kind;
use crate::listen::settings;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::web::forms::FormErrors;
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The most themes suggested.
const THEMES_SHOWN: usize = 8;

#[derive(Template)]
#[template(path = "listen/inbox.html")]
struct Page {
    layout: Layout,
    org: Org,
    lines: Vec<(Line, Labels)>,
    counts: Counts,
    filters: Filters,
    asked: Asked,
    errors: FormErrors,
    services: Vec<String>,
    neighbourhoods: Vec<String>,
    tags: Vec<Tag>,
    values: Vec<(String, String)>,
    objectives: Vec<Objective>,
    themes: Vec<String>,
    states: [State; 6],
    kinds: [Kind; 3],
    /// The filters as a query string, without paging.
    query: String,
    older: Option<i64>,
    newer: Option<i64>,
}

impl Page {
    fn state_chosen(&self, s: &State) -> bool {
        self.filters.state == Some(*s)
    }

    fn kind_chosen(&self, k: &Kind) -> bool {
        self.filters.kind == Some(*k)
    }

    fn objective_chosen(&self, id: &i64) -> bool {
        self.filters.objective == Some(*id)
    }

    fn tag_chosen(&self, t: &Tag) -> bool {
        tags::fold(&t.name) == tags::fold(&self.filters.tag)
    }

    /// The inbox with these filters, paged `before` or `after` item `id`.
    fn link(&self, paging: &str, id: &i64) -> String {
        let and = if self.query.is_empty() { "" } else { "&" };
        format!("/o/{}/feedback/inbox?{}{and}{paging}={id}", self.org.slug, self.query)
    }

    fn theme_link(&self, phrase: &str) -> String {
        let q = url::form_urlencoded::Serializer::new(String::new()).append_pair("q", phrase).finish();
        format!("/o/{}/feedback/inbox?{q}", self.org.slug)
    }
}

/// The query string as sent; anything unknown is ignored.
#[derive(Deserialize, Default)]
pub struct Asked {
    #[serde(default)]
    state: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    objective: String,
    #[serde(default)]
    neighbourhood: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    before: Option<i64>,
    after: Option<i64>,
}

impl Asked {
    /// The filters, with a message for each date not understood.
    fn filters(&self, errors: &mut FormErrors) -> Filters {
        let mut day = |field: &str, typed: &str| {
            filters::parse_day(typed).unwrap_or_else(|message| {
                errors.add(field, message);
                None
            })
        };
        let from = day("from", &self.from);
        let to = day("to", &self.to);
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            errors.add("from", filters::DATES_REVERSED);
        }
        Filters {
            state: State::parse(&self.state),
            service: self.service.trim().to_owned(),
            kind: Kind::parse(&self.kind),
            overdue: !self.overdue.is_empty(),
            tag: self.tag.trim().to_owned(),
            value: self.value.trim().to_owned(),
            objective: self.objective.trim().parse().ok(),
            neighbourhood: self.neighbourhood.trim().to_owned(),
            from,
            to,
            q: self.q.trim().chars().take(MAX_Q).collect(),
            before: self.before,
            after: if self.before.is_some() { None } else { self.after },
        }
    }

    /// The filters as typed, encoded again for links; paging left out.
    fn query(&self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        let pairs = [
            ("state", &self.state),
            ("service", &self.service),
            ("kind", &self.kind),
            ("overdue", &self.overdue),
            ("tag", &self.tag),
            ("value", &self.value),
            ("objective", &self.objective),
            ("neighbourhood", &self.neighbourhood),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ];
        for (name, typed) in pairs.into_iter().filter(|(_, v)| !v.trim().is_empty()) {
            out.append_pair(name, typed.trim());
        }
        out.finish()
    }
}

pub async fn list(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    Query(asked): Query<Asked>,
) -> Result<Response, AppError> {
    let org = editor.org;
    let db = &state.db;
    let mut errors = FormErrors::new();
    let filters = asked.filters(&mut errors);
    let mut lines = Vec::new();
    if errors.is_empty() {
        // One more than a page, to know whether another follows.
        lines = store::list(db, &org, &filters, PAGE_SIZE + 1).await?;
    }
    let extra = lines.len() > usize::try_from(PAGE_SIZE).unwrap_or(usize::MAX);
    let (older, newer) = if filters.after.is_some() {
        if extra {
            lines.remove(0);
        }
        (lines.last().map(|l| l.id), lines.first().map(|l| l.id).filter(|_| extra))
    } else {
        if extra {
            lines.pop();
        }
        (lines.last().map(|l| l.id).filter(|_| extra), lines.first().map(|l| l.id).filter(|_| filters.before.is_some()))
    };
    // Themes from the texts of the page's items: on the first page, the
    // newest 200 in the filter.
    let texts: Vec<&str> = lines.iter().map(|l| l.body.as_str()).collect();
    let themes = suggest_themes(&texts, THEMES_SHOWN).into_iter().map(|s| s.phrase).collect();
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let mut labels: HashMap<i64, Labels> = tags::labels(db, org.id, &ids).await?;
    let lines = lines
        .into_iter()
        .map(|l| {
            let on = labels.remove(&l.id).unwrap_or_default();
            (l, on)
        })
        .collect();
    let lists = settings::load(db, org.id).await?;
    let mut layout = ctx.org_layout(&org, format!("Feedback inbox – {}", org.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page = Page {
        layout,
        counts: store::counts(db, org.id, org.today()).await?,
        tags: tags::of_org(db, org.id).await?,
        values: published_values(db, org.id).await?,
        objectives: tags::objectives_of_org(db, org.id).await?,
        org,
        lines,
        query: asked.query(),
        filters,
        asked,
        errors,
        services: lists.services,
        neighbourhoods: lists.neighbourhoods,
        themes,
        states: State::ALL,
        kinds: Kind::ALL,
        older,
        newer,
    };
    Ok(no_store(render_with_status(status, &page)?))
}
