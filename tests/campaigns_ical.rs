//! A campaign's postponement and its calendar feeds: every date-derived
//! text on the pages, the feeds and the API follows the new dates, the
//! first dates and the reason are said plainly, calendar entries keep their
//! UID and raise their SEQUENCE. Feeds are parsed back with the
//! `icalendar` crate and checked line by line against RFC 5545. Runs on
//! the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::collections::HashMap;

use common::campaigns::*;
use common::{Api, TestApp, Visitor};
use icalendar::Component;
use reqwest::StatusCode;

/// One calendar entry as read back: (SEQUENCE, DTSTART line value, STATUS, SUMMARY).
type Entry = (u32, String, String, String);

/// The feed at `path`, checked line by line, parsed, by UID.
async fn feed(visitor: &Visitor, path: &str) -> HashMap<String, Entry> {
    let page = visitor.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
    assert_eq!(page.headers["content-type"], "text/calendar; charset=utf-8");
    let text = &page.text;
    assert!(text.ends_with("\r\n"), "ends with CRLF");
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
    }
    let calendar: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
    let mut entries = HashMap::new();
    for event in calendar.events() {
        let uid = event.get_uid().expect("every entry has a UID").to_owned();
        assert!(event.property_value("DTSTAMP").is_some(), "every entry has a DTSTAMP");
        let start = event.properties().get("DTSTART").expect("DTSTART");
        let entry = (
            event.get_sequence().expect("SEQUENCE"),
            start.value().to_owned(),
            event.property_value("STATUS").unwrap_or_default().to_owned(),
            event.get_summary().unwrap_or_default().to_owned(),
        );
        entries.insert(uid, entry);
    }
    entries
}

fn by_summary<'a>(entries: &'a HashMap<String, Entry>, summary: &str) -> (&'a String, &'a Entry) {
    entries.iter().find(|(_, e)| e.3 == summary).unwrap_or_else(|| panic!("no {summary} in {entries:?}"))
}

#[tokio::test]
async fn a_postponement_moves_every_date_keeps_the_first_ones_and_calendars_see_the_same_entries_change() {
    let app = TestApp::spawn().await;
    let mut national = national_with_campaign(&app).await;
    for (slot, day, body) in [
        ("before", "", "Next week: {hashtag}, {dates}"),
        ("day_one", "", "Day one, {day}"),
        ("day", "3", "Halfway, {day}"),
        ("last_day", "", "Last day, {day}"),
        ("after", "", "It ran {dates}"),
    ] {
        assert_eq!(add_post(&mut national, slot, day, body).await.status, StatusCode::SEE_OTHER);
    }
    let mut riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    assert_eq!(log_event(&mut riverside, "riverside", &[]).await.status, StatusCode::SEE_OTHER);
    let all_day = log_event(
        &mut riverside,
        "riverside",
        &[("title", "Open day"), ("date", "2026-07-02"), ("start_time", ""), ("end_time", "")],
    )
    .await;
    assert_eq!(all_day.status, StatusCode::SEE_OTHER, "{}", all_day.text);
    let visitor = app.visitor();
    let local = format!("/o/riverside/campaigns/{SLUG}");
    let national_page = format!("/o/values-network/campaigns/{SLUG}");

    let before = feed(&visitor, &format!("{national_page}/events.ics")).await;
    assert_eq!(before.len(), 3, "the campaign and two events: {before:?}");
    let (week_uid, week) = by_summary(&before, "Values Week #ValuesWeekTest");
    assert_eq!((week.0, week.1.as_str()), (0, "20260629"));
    let (coffee_uid, coffee) = by_summary(&before, "Coffee with the chief nurse");
    assert_eq!((coffee.0, coffee.1.as_str()), (0, "20260630T090000Z"), "10:00 BST is 09:00 UTC");
    let (open_uid, open) = by_summary(&before, "Open day");
    assert_eq!(open.1, "20260702");
    let schedule = visitor.get(&local).await;
    assert_eq!(
        schedule.texts(".post-date"),
        [
            "Monday 22 June 2026",
            "Monday 29 June 2026",
            "Wednesday 1 July 2026",
            "Sunday 5 July 2026",
            "Monday 6 July 2026"
        ]
    );

    // A bad postponement is refused, field by field.
    let path = format!("{national_page}/postpone");
    let bad = national.post(&path, &[("starts_on", "2026-10-18"), ("ends_on", "2026-10-12"), ("reason", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = bad.texts(".error-summary a");
    assert!(summary.iter().any(|s| s.contains("cannot be before the new first day")), "{summary:?}");
    assert!(summary.iter().any(|s| s.contains("Say why the campaign is postponed")), "{summary:?}");

    let reason = "the teams asked for a week clear of the winter vaccination clinics";
    let moved =
        national.post(&path, &[("starts_on", "2026-10-12"), ("ends_on", "2026-10-18"), ("reason", reason)]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text);

    // The pages say it plainly, with the first dates and why.
    for path in [&national_page, &local] {
        let page = visitor.get(path).await;
        assert_eq!(
            page.text_of(".postponement"),
            format!(
                "Values Week was due to run 29 June – 5 July 2026. It now runs 12–18 October 2026, because {reason}."
            )
        );
        assert_eq!(page.text_of(".campaign-dates"), "12–18 October 2026");
        assert_eq!(page.text_of(".campaign-status"), "Postponed");
    }
    // Every post follows the new dates; no stale date is left.
    let schedule = visitor.get(&local).await;
    assert_eq!(
        schedule.texts(".post-date"),
        [
            "Monday 5 October 2026",
            "Monday 12 October 2026",
            "Wednesday 14 October 2026",
            "Sunday 18 October 2026",
            "Monday 19 October 2026"
        ]
    );
    assert_eq!(
        schedule.texts(".post-text"),
        [
            "Next week: #ValuesWeekTest, 12–18 October 2026",
            "Day one, Monday 12 October 2026",
            "Halfway, Wednesday 14 October 2026",
            "Last day, Sunday 18 October 2026",
            "It ran 12–18 October 2026",
        ]
    );
    // Events in the first week moved with it, at the same time of day.
    assert_eq!(
        schedule.texts(".event-when"),
        ["Tuesday 13 October 2026, 10:00 to 12:00", "Thursday 15 October 2026 (all day)"]
    );

    // The feeds: the same entries, new dates, SEQUENCE one higher.
    for path in [format!("{national_page}/events.ics"), format!("{local}/events.ics")] {
        let after = feed(&visitor, &path).await;
        let week = &after[week_uid];
        assert_eq!((week.0, week.1.as_str()), (1, "20261012"), "{path}");
        assert_eq!(after[coffee_uid].0, 1);
        assert_eq!(after[coffee_uid].1, "20261013T090000Z");
        assert_eq!(after[open_uid].0, 1);
        assert_eq!(after[open_uid].1, "20261015");
    }
    let raw = visitor.get(&format!("{local}/events.ics")).await.text;
    assert!(raw.contains("DTSTART;VALUE=DATE:20261012\r\nDTEND;VALUE=DATE:20261019\r\n"), "the last day is included");

    // The API gives both sets of dates and the reason.
    let id = campaign_id(&app).await;
    let body = Api::new(&app, None).get(&format!("/api/v1/campaigns/{id}")).await.json();
    assert_eq!(body["status"], "postponed");
    assert_eq!((body["starts_on"].as_str(), body["ends_on"].as_str()), (Some("2026-10-12"), Some("2026-10-18")));
    assert_eq!(body["original_starts_on"], "2026-06-29");
    assert_eq!(body["original_ends_on"], "2026-07-05");
    assert_eq!(body["postponement_reason"], reason);
    assert_eq!(schema_problems(&app, "CampaignBody", &body).await, Vec::<String>::new(), "{body}");
    let events = Api::new(&app, None).get(&format!("/api/v1/campaigns/{id}/events")).await.json();
    assert_eq!(events[0]["starts"], "2026-10-13T10:00", "the API follows the new dates too");
    for event in events.as_array().unwrap() {
        assert_eq!(schema_problems(&app, "EventBody", event).await, Vec::<String>::new(), "{event}");
    }
    assert!(audited(&app).await.contains(&"campaign.postpone".to_owned()));

    // Changing an event's time or status raises its SEQUENCE again; cancelling says so.
    let event: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM campaign_events WHERE title = 'Coffee with the chief nurse'").fetch_one(pool).await.unwrap());
    let cancel = riverside
        .post(
            &format!("{local}/events/{event}"),
            &[
                ("title", "Coffee with the chief nurse"),
                ("date", "2026-10-13"),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("audience", "public"),
                ("status", "cancelled"),
            ],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::SEE_OTHER, "{}", cancel.text);
    let after = feed(&visitor, &format!("{local}/events.ics")).await;
    assert_eq!(after[coffee_uid].0, 2);
    assert_eq!(after[coffee_uid].2, "CANCELLED");
    assert!(visitor.get(&local).await.text_of(".campaign-event").contains("Cancelled"));
}

#[tokio::test]
async fn feeds_escape_text_fold_long_lines_between_characters_and_leave_staff_events_out() {
    let app = TestApp::spawn().await;
    national_with_campaign(&app).await;
    let mut riverside = join(&app, RIVERSIDE_EDITOR, "riverside").await;
    let title = "Tea, cake; and a talk \\ with the board";
    let place = "Ward 7, Riverside — the long corridor past the café where everyone meets for ☕ and a chat";
    assert_eq!(
        log_event(&mut riverside, "riverside", &[("title", title), ("place", place)]).await.status,
        StatusCode::SEE_OTHER
    );
    log_event(&mut riverside, "riverside", &[("title", "Staff huddle"), ("audience", "staff")]).await;

    let visitor = app.visitor();
    let path = format!("/o/riverside/campaigns/{SLUG}/events.ics");
    let entries = feed(&visitor, &path).await;
    assert_eq!(entries.len(), 2, "the campaign and the public event only: {entries:?}");
    by_summary(&entries, title);
    let raw = visitor.get(&path).await.text;
    assert!(raw.contains("SUMMARY:Tea\\, cake\\; and a talk \\\\ with the board\r\n"), "{raw}");
    assert!(!raw.contains("Staff huddle"));
    let unfolded = raw.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("LOCATION:{}", place.replace(',', "\\,"))), "{unfolded}");
    assert!(raw.contains("\r\n "), "the long location is folded");
    assert!(raw.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));

    // The page links to the feed to add the events to a calendar, and to
    // each public event's own file, with the same UID.
    let page = visitor.get(&format!("/o/riverside/campaigns/{SLUG}")).await;
    assert_eq!(page.attr(".add-to-calendar", "href").as_deref(), Some(path.as_str()));
    let one = page.attr(".event-calendar", "href").expect("an event links its calendar file");
    let single = feed(&visitor, &one).await;
    assert_eq!(single.len(), 1);
    let (uid, _) = by_summary(&single, title);
    assert!(entries.contains_key(uid), "the same UID as in the feed");
    let staff: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM campaign_events WHERE title = 'Staff huddle'").fetch_one(pool).await.unwrap());
    let hidden = visitor.get(&format!("/o/riverside/campaigns/{SLUG}/events/{staff}/calendar.ics")).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "a staff-only event has no public file");
}
