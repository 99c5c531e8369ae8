//! Consultations under many respondents: all counted when they answer at
//! once, the CSV of every response however it is paged, the limit per
//! address, and running tallies that always match a recount.

mod common;

use common::consultations::{count, make, responses, word_row};
use common::{Api, TestApp};
use reqwest::StatusCode;
use serde_json::json;

fn csv_column(text: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
    reader.records().map(|r| r.unwrap()[column].to_owned()).collect()
}

#[tokio::test]
async fn two_hundred_respondents_at_once_are_all_counted() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "public_while_open", true).await;
    let path = format!("{}/api/v1/consultations/{id}/responses", app.url);
    let client = reqwest::Client::new();
    let sends = (0..200).map(|i| {
        let (client, path) = (client.clone(), path.clone());
        async move {
            let mark = if i % 4 == 0 { "remove" } else { "keep" };
            let body = json!({"answers": {"q1": {"marks": {"2": "keep", "5": mark}}, "q3": {"picks": [i % 3]}, "q5": {"choices": [i % 2]}}});
            client.post(path).json(&body).send().await.unwrap().status()
        }
    });
    let statuses = futures_util::future::join_all(sends).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED), "{statuses:?}");
    assert_eq!(responses(&app, id).await, 200);
    let results = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}/results")).await.json();
    assert_eq!(results["respondents"]["value"], 200);
    let brave = word_row(&results, "brave");
    assert_eq!(
        (brave["saw"].as_u64(), brave["keep"]["value"].as_u64(), brave["remove"]["value"].as_u64()),
        (Some(200), Some(150), Some(50))
    );
    assert_eq!(word_row(&results, "kind")["keep"]["value"], 200);
    // The responses-per-day chart counts them once each, however the
    // writers shared them out (on PostgreSQL each adds to a shard of its own).
    let days = ethos::consultations::store::days(&app.db, id).await.unwrap();
    assert_eq!(days.iter().map(|(_, n)| n).sum::<i64>(), 200, "{days:?}");
}

#[tokio::test]
async fn the_responses_csv_lists_every_response_once_in_order_however_it_is_paged() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "public_while_open", true).await;
    let elsewhere = make(&mut editor, "public_while_open", true).await;
    // Seven replies here, each followed by one to another consultation, so
    // the ids of one page are interleaved with someone else's.
    let client = reqwest::Client::new();
    for i in 0..7 {
        for (to, text) in [(id, format!("Reply {i}")), (elsewhere, format!("Not ours {i}"))] {
            let body = json!({"answers": {"q1": {"marks": {"2": "keep", "5": "remove"}}, "q2": {"choices": [2], "other": "Mostly"},
                "q3": {"picks": [i % 3]}, "q4": {"text": text}, "q5": {"choices": [i % 2]}}});
            let sent = client.post(format!("{}/api/v1/consultations/{to}/responses", app.url)).json(&body).send().await;
            assert_eq!(sent.unwrap().status(), StatusCode::CREATED);
        }
    }
    let replies: Vec<String> = (0..7).map(|i| format!("Reply {i}")).collect();

    let board = app.signed_in("board@riverside.example").await;
    let csv = board.get(&format!("/o/riverside/c/{id}/responses.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers["content-disposition"], format!("attachment; filename=\"consultation-{id}-responses.csv\""));
    assert_eq!(csv.headers["cache-control"], "no-store");
    assert_eq!(csv_column(&csv.text, "q4 Anything else?"), replies);
    assert_eq!(csv_column(&csv.text, "q1 word 3: kind")[0], "keep");
    assert_eq!(csv_column(&csv.text, "q1 word 5: brave")[0], "remove");
    assert_eq!(csv_column(&csv.text, "q2 Do the values fit?")[0], "Other; Other: Mostly");
    assert_eq!(csv_column(&csv.text, "group"), ["Staff", "Patient or service user"].repeat(4)[..7].to_vec());
    let ids: Vec<i64> = csv_column(&csv.text, "response").iter().map(|r| r.parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order, each once: {ids:?}");

    // Read a page at a time, the file is the same whether pages end inside
    // the responses, exactly at the last one, or hold them all.
    let c = ethos::consultations::store::by_id(&app.db, id).await.unwrap().unwrap();
    for batch in [1, 2, 3, 7, 500] {
        let chunks: Vec<Vec<u8>> = futures_util::TryStreamExt::try_collect(
            ethos::consultations::export::response_rows(app.db.clone(), &c, batch, true),
        )
        .await
        .unwrap();
        assert_eq!(chunks.len(), 1 + 7_usize.div_ceil(batch as usize), "the header, then one piece per page");
        assert_eq!(String::from_utf8(chunks.concat()).unwrap(), csv.text, "read {batch} at a time");
    }

    // Only the organisation's Board, editors and owners download it, even
    // while the results are public.
    let staff = app.signed_in("staff@riverside.example").await;
    assert_eq!(staff.get(&format!("/o/riverside/c/{id}/responses.csv")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.visitor().get(&format!("/o/riverside/c/{id}/results")).await.status, StatusCode::OK);
    assert_eq!(app.visitor().get(&format!("/o/riverside/c/{id}/responses.csv")).await.status, StatusCode::NOT_FOUND);
    let outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.get(&format!("/o/riverside/c/{id}/responses.csv")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&format!("/o/northgate/c/{id}/responses.csv")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn responses_are_rate_limited_per_address_without_storing_it() {
    let app = TestApp::spawn_with(|config| config.responses_per_address = 2).await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "editors_board", true).await;
    let api = Api::new(&app, None);
    let path = format!("/api/v1/consultations/{id}/responses");
    let body = json!({"answers": {"q5": {"choices": [0]}}});
    for _ in 0..2 {
        assert_eq!(api.send(reqwest::Method::POST, &path, &body).await.status, StatusCode::CREATED);
    }
    let limited = api.send(reqwest::Method::POST, &path, &body).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(responses(&app, id).await, 2);
    // Nothing about the respondent's address or browser is kept.
    let columns: Vec<String> = match &app.db {
        ethos::storage::Db::Sqlite(pool) => sqlx::query_scalar("SELECT name FROM pragma_table_info('consultation_responses')").fetch_all(pool).await.unwrap(),
        ethos::storage::Db::Postgres(pool) => sqlx::query_scalar("SELECT column_name::text FROM information_schema.columns WHERE table_name = 'consultation_responses' AND table_schema = current_schema()").fetch_all(pool).await.unwrap(),
    };
    assert_eq!(columns.len(), 7, "{columns:?}");
    assert!(!columns.iter().any(|c| c.contains("ip") || c.contains("agent") || c.contains("address")), "{columns:?}");
}

#[tokio::test]
async fn running_tallies_always_equal_a_recount_of_the_stored_responses() {
    use ethos::consultations::analysis::tally::{self, Mark, WordAnswer};
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "public_while_open", true).await;
    let api = Api::new(&app, None);
    let path = format!("/api/v1/consultations/{id}/responses");
    let words = [0u32, 1, 2, 3, 5, 6, 7, 8, 9];
    let answer = |seed: usize| {
        let mut marks = serde_json::Map::new();
        for (k, w) in words.iter().enumerate() {
            match (seed * 7 + k * 3) % 5 {
                0 | 1 => marks.insert(w.to_string(), json!("keep")),
                2 => marks.insert(w.to_string(), json!("remove")),
                _ => None,
            };
        }
        json!({"q1": {"marks": marks}, "q5": {"choices": [seed % 3]}})
    };
    let mut tokens = Vec::new();
    for seed in 0..30 {
        let saved = api.send(reqwest::Method::POST, &path, &json!({"answers": answer(seed)})).await;
        assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
        tokens.push(saved.json()["token"].as_str().unwrap().to_owned());
    }
    // Ten people change their minds (and groups).
    for (n, token) in tokens.iter().take(10).enumerate() {
        let changed =
            api.send(reqwest::Method::POST, &path, &json!({"answers": answer(100 + n), "token": token})).await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
        assert_eq!(changed.json()["replaced"], true);
    }
    assert_eq!(responses(&app, id).await, 30);
    let c = ethos::consultations::store::by_id(&app.db, id).await.unwrap().unwrap();
    let stored = ethos::consultations::store::responses(&app.db, id).await.unwrap();
    let marks: Vec<(String, Vec<(u32, Mark)>)> = stored
        .iter()
        .map(|r| {
            let m = r
                .answers
                .iter()
                .find(|(k, _, _)| k == "q1")
                .map(|(_, a, _)| a.marks.iter().map(|(i, m)| (*i, *m)).collect())
                .unwrap_or_default();
            (r.group.clone(), m)
        })
        .collect();
    for group in [None, Some("Staff")] {
        let answers: Vec<WordAnswer<'_>> =
            marks.iter().map(|(g, m)| WordAnswer { group: Some(g.as_str()), marks: m }).collect();
        let recount = tally::tally_words(&words, &answers, group);
        let results = ethos::consultations::results::compute(&app.db, &c, group).await.unwrap();
        let json = serde_json::to_value(&results).unwrap();
        for t in recount {
            let row = json["questions"][0]["figures"]["words"]["value"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["index"] == t.index)
                .unwrap()
                .clone();
            // A figure is the recount's, or hidden under the "fewer than 5" rule.
            let (keep, remove) = ethos::consultations::analysis::privacy::word(t.saw, t.keep, t.remove);
            let expect = |n: u32, shown: bool| if shown { Some(u64::from(n)) } else { None };
            assert_eq!(
                (row["saw"].as_u64(), row["keep"]["value"].as_u64(), row["remove"]["value"].as_u64()),
                (Some(t.saw.into()), expect(t.keep, keep), expect(t.remove, remove)),
                "word {} in {group:?}",
                t.index
            );
        }
    }
}

#[tokio::test]
async fn a_token_given_out_before_tokens_carried_their_time_still_changes_its_response() {
    use ethos::auth::secrets;
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "public_while_open", true).await;
    let api = Api::new(&app, None);
    let path = format!("/api/v1/consultations/{id}/responses");
    let first = api.send(reqwest::Method::POST, &path, &json!({"answers": {"q5": {"choices": [0]}}})).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let token = first.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 54, "a new token starts with the time it was made: {token}");

    // The same response as if it had been made with a token of the old form,
    // stored under the token's hash alone.
    let old = secrets::new_token();
    let sql = "UPDATE consultation_responses SET token_hash = $1 WHERE consultation_id = $2";
    ethos::on_db!(&app.db, pool => sqlx::query(sql).bind(secrets::token_hash(&old)).bind(id).execute(pool).await.map(|_| ()).unwrap());

    let changed =
        api.send(reqwest::Method::POST, &path, &json!({"answers": {"q5": {"choices": [1]}}, "token": old})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(
        (changed.json()["replaced"].as_bool(), changed.json()["token"].as_str()),
        (Some(true), Some(old.as_str()))
    );
    let stale =
        api.send(reqwest::Method::POST, &path, &json!({"answers": {"q5": {"choices": [1]}}, "token": token})).await;
    assert_eq!(stale.status, StatusCode::NOT_FOUND, "{}", stale.text);
    assert!(stale.text.contains("No response was made with that token."), "{}", stale.text);
    assert_eq!(responses(&app, id).await, 1);
}

#[tokio::test]
async fn deleting_a_consultation_takes_its_responses_and_their_answers_with_it() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let gone = make(&mut editor, "public_while_open", true).await;
    let kept = make(&mut editor, "public_while_open", true).await;
    let api = Api::new(&app, None);
    let body = json!({"answers": {"q1": {"marks": {"2": "remove"}}, "q3": {"picks": [1]}, "q5": {"choices": [0]}}});
    for id in [gone, gone, kept] {
        let sent = api.send(reqwest::Method::POST, &format!("/api/v1/consultations/{id}/responses"), &body).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    }
    let answers = |id| count(&app, "SELECT COUNT(*) FROM consultation_answers WHERE consultation_id = $1", id);
    assert_eq!((answers(gone).await, answers(kept).await), (6, 3));

    let sql = "DELETE FROM consultations WHERE id = $1";
    ethos::on_db!(&app.db, pool => sqlx::query(sql).bind(gone).execute(pool).await.map(|_| ()).unwrap());
    assert_eq!((responses(&app, gone).await, answers(gone).await), (0, 0), "nothing of the deleted one is left");
    assert_eq!((responses(&app, kept).await, answers(kept).await), (1, 3), "the other keeps its response");
}
