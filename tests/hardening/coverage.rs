//! The coverage page says nothing is mapped yet rather than "Not covered"
//! for every reference value; the demo organisations come mapped.

use reqwest::StatusCode;

#[tokio::test]
async fn a_demo_trust_shows_which_nhs_values_its_values_express() {
    let app = crate::spawn_full_demo().await;
    let page = app.visitor().get("/o/riverside/values/coverage").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.texts("table.coverage tbody tr");
    assert!(rows.iter().any(|r| r.starts_with("Compassion") && r.ends_with("Covered by Kindness")), "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("Working together for patients") && r.ends_with("Covered by Working together"))
    );
    assert!(!page.has("#not-mapped"));
    for slug in ["northgate", "river-north"] {
        let page = app.visitor().get(&format!("/o/{slug}/values/coverage")).await;
        assert!(page.texts("table.coverage tbody tr").iter().any(|r| r.contains("Covered by")), "{slug}");
    }
}

#[tokio::test]
async fn before_an_editor_maps_the_page_says_not_mapped_yet_instead_of_not_covered() {
    let app = crate::spawn_full_demo().await;
    ethos::on_db!(&app.db, pool => sqlx::query("DELETE FROM value_mappings").execute(pool).await.map(|_| ()).unwrap());
    let page = app.visitor().get("/o/northgate/values/coverage").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text_of("#not-mapped").contains("has not yet mapped its values"), "{}", page.text);
    assert!(!page.text.contains("Not covered"));
    assert!(page.texts("table.coverage").is_empty());

    let editor = app.signed_in("editor@northgate.example").await;
    let form = editor.get("/o/northgate/values/edit/mapping").await;
    assert!(form.text_of("#not-mapped").contains("None of these values is mapped yet"));
    assert!(form.texts("table.coverage tbody tr").iter().all(|r| r.ends_with("Not mapped yet")));
}
