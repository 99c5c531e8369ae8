//! The members' home, `/o/{slug}/home`: where an organisation's people land
//! after signing in. It gathers what is under way — the values draft,
//! requests for other formats, consultations — and, for editors and owners,
//! what needs doing. Staff and Board members read it; every link they get
//! leads to a page they may read.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::consultations::model::Status;
use crate::consultations::store::{self as consultations, Summary};
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};
use crate::storage::now;
use crate::values::requests::{self, Request};
use crate::values::store::{self as values, Version};
use crate::values::{languages, translation};
use crate::web::zone::Zone;
use crate::web::{Layout, PageContext, no_store, render};

/// How many waiting requests the home lists.
const NEWEST_REQUESTS: i64 = 3;
/// A consultation closing this soon is on the list of things to do.
const CLOSING_SOON_SECS: i64 = 7 * 24 * 3600;

/// The values draft, as the home shows it.
struct Draft {
    updated_at: i64,
    /// Who changed it last, when the audit log names them.
    changed_by: Option<String>,
}

/// Requests for other formats nobody has dealt with yet.
struct Waiting {
    count: i64,
    newest: Vec<Request>,
}

/// One thing to do: what, and the page where it is done.
#[derive(Debug, PartialEq, Eq)]
pub struct Todo {
    pub text: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "orgs/member_home.html")]
struct MemberHome {
    layout: Layout,
    org: Org,
    role: Role,
    /// The organisation has published its values.
    has_values: bool,
    draft: Option<Draft>,
    /// Shown to editors and owners only: requests carry people's contact details.
    requests: Option<Waiting>,
    /// Open, or published and waiting to open.
    running: Vec<Summary>,
    drafts: Vec<Summary>,
    /// Closed without recommendations for the Board or without a plan.
    unfinished: Vec<Summary>,
    todo: Vec<Todo>,
}

impl MemberHome {
    fn can_act(&self) -> bool {
        self.role >= Role::Editor
    }

    fn is_owner(&self) -> bool {
        self.role == Role::Owner
    }

    fn opens_later(&self, c: &Summary) -> bool {
        c.schedule().status_at(now()) == Status::Scheduled
    }
}

/// `/o/{slug}/home`, for the organisation's members.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let role = access::require(&state.db, &org, &me, Need::Member).await?;
    let can_act = role >= Role::Editor;
    let at = now();

    let draft_version = values::draft(&state.db, org.id).await?;
    let draft = match &draft_version {
        Some(v) => {
            Some(Draft { updated_at: v.updated_at, changed_by: values::draft_changed_by(&state.db, org.id).await? })
        }
        None => None,
    };
    let current = values::current(&state.db, org.id).await?;
    let requests = if can_act {
        let (count, newest) = requests::waiting(&state.db, org.id, NEWEST_REQUESTS).await?;
        Some(Waiting { count, newest })
    } else {
        None
    };
    let (mut running, mut drafts, mut unfinished) = (Vec::new(), Vec::new(), Vec::new());
    for c in consultations::summaries(&state.db, org.id).await? {
        match c.schedule().status_at(at) {
            Status::Open | Status::Scheduled => running.push(c),
            Status::Draft => drafts.push(c),
            Status::Closed if c.needs_follow_up(at) => unfinished.push(c),
            Status::Closed => {}
        }
    }
    let todo = if can_act {
        let failed_mail = match role {
            Role::Owner => crate::mail::outbox::counts(&state.db, org.id)
                .await?
                .into_iter()
                .find_map(|(status, n)| (status == "failed").then_some(n))
                .unwrap_or(0),
            _ => 0,
        };
        let facts = Facts {
            version: draft_version.as_ref().or(current.as_ref()),
            waiting_requests: requests.as_ref().map_or(0, |w| w.count),
            running: &running,
            unfinished: &unfinished,
            failed_mail,
            now: at,
        };
        to_do(&org.slug, &org.zone, &facts)
    } else {
        Vec::new()
    };

    let layout = ctx.org_layout(&org, format!("Members' home – {}", org.name));
    let has_values = current.is_some();
    let page = MemberHome { layout, org, role, has_values, draft, requests, running, drafts, unfinished, todo };
    Ok(no_store(render(&page)?))
}

/// What the list of things to do is made from.
struct Facts<'a> {
    /// The draft, or the published version when there is no draft: the one
    /// whose translations may be out of date.
    version: Option<&'a Version>,
    waiting_requests: i64,
    running: &'a [Summary],
    unfinished: &'a [Summary],
    /// Messages given up on (counted for owners only).
    failed_mail: i64,
    now: i64,
}

/// The things an editor or owner should do, most pressing first.
fn to_do(slug: &str, zone: &Zone, facts: &Facts<'_>) -> Vec<Todo> {
    let mut todo = Vec::new();
    let plural = |n: i64, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    for c in facts.running {
        let closing = c.closing();
        if c.schedule().status_at(facts.now) == Status::Open && closing - facts.now <= CLOSING_SOON_SECS {
            todo.push(Todo {
                text: format!(
                    "“{}” closes on {}, with {}",
                    c.title,
                    zone.time(closing),
                    match c.responses {
                        0 => "no responses yet".to_owned(),
                        n => format!("{} so far", plural(n, "response", "responses")),
                    }
                ),
                href: format!("/o/{slug}/consultations/{}", c.id),
            });
        }
    }
    if facts.waiting_requests > 0 {
        todo.push(Todo {
            text: format!(
                "{} for the values in another format or language {} waiting",
                plural(facts.waiting_requests, "request", "requests"),
                if facts.waiting_requests == 1 { "is" } else { "are" }
            ),
            href: format!("/o/{slug}/values/requests"),
        });
    }
    if let Some(version) = facts.version {
        for (code, t) in &version.content.translations {
            let outdated = translation::completeness(&version.content, t).outdated as i64;
            if outdated > 0 {
                let name = languages::find(code).map_or(code.as_str(), |l| l.name);
                todo.push(Todo {
                    text: format!("{name} translation: {} may be out of date", plural(outdated, "text", "texts")),
                    href: format!("/o/{slug}/values/edit/translations/{code}"),
                });
            }
        }
    }
    for c in facts.unfinished {
        let missing = match (c.recommendations == 0, c.actions == 0) {
            (true, true) => "write recommendations for its Board report and plan what to do",
            (true, false) => "write recommendations for its Board report",
            _ => "plan what to do about its findings",
        };
        todo.push(Todo {
            text: format!("“{}” has closed: {missing}", c.title),
            href: format!("/o/{slug}/consultations/{}", c.id),
        });
    }
    if facts.failed_mail > 0 {
        todo.push(Todo {
            text: format!("{} could not be sent", plural(facts.failed_mail, "email", "emails")),
            href: format!("/o/{slug}/mail"),
        });
    }
    todo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consultation(id: i64, closes_at: i64, responses: i64) -> Summary {
        Summary {
            id,
            title: format!("Survey {id}"),
            opens_at: 0,
            closes_at,
            published_at: Some(0),
            closed_at: None,
            responses,
            recommendations: 0,
            actions: 0,
        }
    }

    #[test]
    fn only_what_is_pressing_is_listed_and_nothing_when_all_is_done() {
        let day = 24 * 3600;
        let now = 100 * day;
        let running = [consultation(1, now + 2 * day, 1), consultation(2, now + 30 * day, 9)];
        let mut finished = consultation(3, now - day, 4);
        finished.recommendations = 1;
        let unfinished = [finished];
        let facts = Facts {
            version: None,
            waiting_requests: 2,
            running: &running,
            unfinished: &unfinished,
            failed_mail: 0,
            now,
        };
        let todo = to_do("riverside", &Zone::default(), &facts);
        let texts: Vec<&str> = todo.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].starts_with("“Survey 1” closes on") && texts[0].ends_with("with 1 response so far"));
        assert_eq!(texts[1], "2 requests for the values in another format or language are waiting");
        assert_eq!(texts[2], "“Survey 3” has closed: plan what to do about its findings");
        assert_eq!(todo[1].href, "/o/riverside/values/requests");

        let calm = Facts { version: None, waiting_requests: 0, running: &[], unfinished: &[], failed_mail: 0, now };
        assert!(to_do("riverside", &Zone::default(), &calm).is_empty());
    }
}
