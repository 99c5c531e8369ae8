//! The inbox, `/o/{slug}/feedback/inbox`: the organisation's items with
//! counts per state and overdue, filtered by state, service, kind and
//! lateness through the query string (plain links and a GET form, so it
//! works without JavaScript). Editors and owners only.

use askama::Template;
use axum::extract::{Query, State as AppStateExtract};
use axum::response::Response;
use serde::Deserialize;

use super::states::State;
use super::store::{self, Counts, Filters, Line, PAGE_SIZE};
use crate::app::AppState;
use crate::error::AppError;
use crate::listen::feedback::store::Kind;
use crate::listen::settings;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "listen/inbox.html")]
struct Page {
    layout: Layout,
    org: Org,
    lines: Vec<Line>,
    counts: Counts,
    filters: Filters,
    services: Vec<String>,
    states: [State; 6],
    kinds: [Kind; 3],
    page_size: i64,
    is_filtered: bool,
}

impl Page {
    fn state_chosen(&self, s: &State) -> bool {
        self.filters.state == Some(*s)
    }

    /// The page shows as many lines as it can: there may be more.
    fn full(&self) -> bool {
        i64::try_from(self.lines.len()).is_ok_and(|n| n == self.page_size)
    }

    fn kind_chosen(&self, k: &Kind) -> bool {
        self.filters.kind == Some(*k)
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
}

impl Asked {
    fn filters(&self) -> Filters {
        Filters {
            state: State::parse(&self.state),
            service: self.service.trim().to_owned(),
            kind: Kind::parse(&self.kind),
            overdue: !self.overdue.is_empty(),
            before: None,
        }
    }
}

pub async fn list(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    Query(asked): Query<Asked>,
) -> Result<Response, AppError> {
    let org = editor.org;
    let today = org.today();
    let filters = asked.filters();
    let lines = store::list(&state.db, org.id, &filters, today, PAGE_SIZE).await?;
    let counts = store::counts(&state.db, org.id, today).await?;
    let services = settings::load(&state.db, org.id).await?.services;
    let is_filtered =
        filters.state.is_some() || !filters.service.is_empty() || filters.kind.is_some() || filters.overdue;
    let page = Page {
        layout: ctx.org_layout(&org, format!("Feedback inbox – {}", org.name)),
        org,
        lines,
        counts,
        filters,
        services,
        states: State::ALL,
        kinds: Kind::ALL,
        page_size: PAGE_SIZE,
        is_filtered,
    };
    Ok(no_store(render(&page)?))
}
