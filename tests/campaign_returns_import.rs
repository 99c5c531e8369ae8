//! Importing returns from a CSV file on the national dashboard: the
//! download's own columns, checked row by row by the return form's rules,
//! all or nothing; returns already sent are left alone. Runs on the
//! backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::campaigns::*;
use common::{Page, TestApp, Visitor};
use reqwest::StatusCode;

const NATIONAL: &str = "/o/values-network/campaigns/values-week-2026";
const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";

const HEADER: &str = "organisation,organisation_name,events,events_reason,staff,staff_reason,public,public_reason,\
    partner_people,partner_people_reason,partner_orgs,partner_orgs_reason,pledges,pledges_reason,thanks,\
    thanks_reason,social,social_how,Schools visited,highlight,status,submitted_by,submitted_at";

async fn import(national: &mut Visitor, csv: &str) -> Page {
    // With the byte order mark the download starts with.
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv.as_bytes());
    national.upload(&format!("{NATIONAL}/returns/import"), "file", "returns.csv", bytes).await
}

/// The download's rows (after the header), as cells.
async fn downloaded(national: &Visitor) -> Vec<Vec<String>> {
    let csv = national.get(&format!("{NATIONAL}/returns.csv?bom=0")).await;
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn figures_sent_by_mail_are_imported_all_or_nothing() {
    let app = TestApp::spawn().await;
    let (mut national, _) = campaign_with_logged_events(&app).await;
    let measure = [("measure_name", "Schools visited"), ("measure_unit", "groups")];
    assert_eq!(national.post(&format!("{NATIONAL}/returns/settings"), &measure).await.status, StatusCode::SEE_OTHER);

    // Northgate logged nothing, so three events need a reason; nothing is saved.
    // An empty derived figure is what was logged, as on the return's form.
    let northgate = "northgate,Northgate,3,,,,,,,,,,,,,,40,Posts liked,1,\"Our kitchen team's open day\",draft,,";
    let riverside = "riverside,Riverside,,,,,,,,,,,,,,,250,Shares and replies,4,'=SUM(1),draft,,";
    let refused = import(&mut national, &format!("{HEADER}\r\n{northgate}\r\n{riverside}\r\n")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let faults = refused.texts(".error-summary li");
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert!(faults[0].starts_with("Row 2, events_reason: Give a reason for changing events held from 0"), "{faults:?}");
    assert!(refused.has("#file[aria-invalid=true]"));
    let rows = downloaded(&national).await;
    assert_eq!((&rows[0][16][..], &rows[1][16][..]), ("", ""), "nothing was imported");

    let northgate = northgate.replace("northgate,Northgate,3,,", "northgate,Northgate,3,One came by mail afterwards,");
    let imported = import(&mut national, &format!("{HEADER}\n{northgate}\n{riverside}\n")).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.text);
    let dashboard = national.follow(&imported).await;
    assert!(
        dashboard.text.contains(
            "2 returns were imported: Northgate Mental Health NHS Foundation Trust, Riverside Community Health NHS Trust."
        ),
        "{}",
        dashboard.text
    );
    assert_eq!(dashboard.text_of("#org-northgate td[data-key=events]"), "3*");
    assert_eq!(dashboard.text_of("#org-riverside td[data-key=events]"), "2", "unchanged, still derived");
    let rows = downloaded(&national).await;
    assert_eq!((&rows[0][3][..], &rows[0][16][..], &rows[0][18][..]), ("One came by mail afterwards", "40", "1"));
    assert_eq!(&rows[0][19], "Our kitchen team's open day");
    assert_eq!((&rows[1][16][..], &rows[1][17][..], &rows[1][18][..]), ("250", "Shares and replies", "4"));
    assert_eq!(&rows[1][19], "'=SUM(1)", "the guard came off on import and back on in the download");
    assert_eq!((&rows[0][20][..], &rows[1][20][..]), ("draft", "draft"), "an import never sends a return");
    assert!(audited(&app).await.contains(&"campaign.return.save".to_owned()));
}

#[tokio::test]
async fn a_sent_return_an_unknown_organisation_or_column_is_refused_by_row() {
    let app = TestApp::spawn().await;
    let (mut national, mut editor) = campaign_with_logged_events(&app).await;
    editor.post(&format!("{LOCAL}/return"), &[("highlight", "A good week")]).await;
    let mut owner = app.signed_in(RIVERSIDE_OWNER).await;
    assert_eq!(owner.post(&format!("{LOCAL}/return/submit"), &[]).await.status, StatusCode::SEE_OTHER);

    let refused =
        import(&mut national, "organisation,colour,social,social_how\nriverside,red,9,Likes\nnowhere,,1,Likes\n").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.texts(".error-summary li"),
        [
            "Row 1, column 2: “colour” is not a column of a return: use the columns of the download",
            "Row 2: Riverside Community Health NHS Trust's return is submitted and cannot be changed; send it back first",
            "Row 3, organisation: “nowhere” does not take part in Values Week",
        ]
    );
    let nothing = import(&mut national, "organisation,social\n").await;
    assert_eq!(
        nothing.texts(".error-summary li"),
        ["The file has no returns in it: after the header, one row for each organisation"]
    );
    let no_file = national.upload(&format!("{NATIONAL}/returns/import"), "file", "", Vec::new()).await;
    assert_eq!(no_file.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_file.texts(".error-summary li"), ["Choose a CSV file of returns to import"]);

    // Only the national body's editors import.
    let csv = b"organisation,social,social_how\nnorthgate,5,Likes\n".to_vec();
    let taking_part = editor.upload(&format!("{NATIONAL}/returns/import"), "file", "r.csv", csv.clone()).await;
    assert_eq!(taking_part.status, StatusCode::FORBIDDEN);
    let mut staff = app.signed_in("staff@values-network.example").await;
    assert_eq!(
        staff.upload(&format!("{NATIONAL}/returns/import"), "file", "r.csv", csv).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(&downloaded(&national).await[0][16], "", "Northgate's return is untouched");
}
