//! The creative competition of the demo's values week: two categories,
//! three weighted criteria, five entries (two of them pictures drawn here in
//! code, one whose maker did not agree to publication), two judges — one
//! of them from Northgate, so Northgate's entries are left to the other —
//! their scores, a shortlist and the announced winners. Made through the
//! same storage calls and image checks the pages use.

use image::{DynamicImage, ImageBuffer, Rgb};

use super::campaigns::person;
use crate::campaigns::competition::entry::NewEntry;
use crate::campaigns::competition::model::{Award, Setup};
use crate::campaigns::competition::{entry_store, images, store};
use crate::campaigns::model::Campaign;
use crate::orgs::model;
use crate::storage::Db;

const RULES: &str = "Anyone who works or volunteers for an organisation taking part may enter, up to one entry in each \
category. Send your own work only, and ask before showing anyone who can be recognised. Pictures must be PNG or JPEG \
files of up to 10 MB; words up to 5,000 characters. Judges from across the network score every entry; no judge scores \
work from their own organisation. Entries are published only with their maker's agreement.";

/// (organisation, maker, category index, title, description, words, picture, consent)
type DemoEntry = (&'static str, &'static str, usize, &'static str, &'static str, &'static str, Option<Picture>, bool);

#[derive(Clone, Copy)]
enum Picture {
    /// A tea trolley in NHS blue with a yellow sun, as a PNG.
    Trolley,
    /// A car park at sunrise, as a JPEG.
    Sunrise,
}

const ENTRIES: [DemoEntry; 5] = [
    (
        "riverside",
        "staff@riverside.example",
        1,
        "Handover at seven",
        "Written after a winter of night shifts on the respiratory ward.",
        "The night folds its notes and passes them on:\nbed four slept at last, bed nine asked for her son.\n\
         We say each name twice so that nothing is lost,\nand the kettle is warm for whoever comes next.",
        None,
        true,
    ),
    (
        "northgate",
        "staff@northgate.example",
        1,
        "The longest corridor",
        "A porter's story about the walk to theatre.",
        "It is two hundred metres from the ward to theatre. Mr Ahmed counted them aloud, in Punjabi, and I counted \
         with him in English, until we were both laughing at the doors.",
        None,
        true,
    ),
    (
        "river-north",
        "staff@river-north.example",
        1,
        "What respect sounds like",
        "",
        "It sounds like knocking before coming in. Like asking what someone likes to be called, and then calling them that.",
        None,
        true,
    ),
    (
        "riverside",
        "editor@riverside.example",
        0,
        "Hands on the tea trolley",
        "The volunteers who bring the tea round every afternoon.",
        "",
        Some(Picture::Trolley),
        true,
    ),
    (
        "northgate",
        "staff@northgate.example",
        0,
        "Sunrise over the car park",
        "Taken at the end of a night shift.",
        "",
        Some(Picture::Sunrise),
        false,
    ),
];

/// Scores by each judge, (values, originality, craft), in the order of [`ENTRIES`].
const SCORES: [(&str, [Option<[i64; 3]>; 5]); 2] = [
    (
        "board@values-network.example",
        [Some([9, 7, 8]), Some([8, 8, 6]), Some([7, 5, 6]), Some([9, 8, 7]), Some([6, 7, 9])],
    ),
    // Samuel Osei belongs to Northgate: he does not score its entries.
    ("owner@northgate.example", [Some([8, 8, 7]), None, Some([8, 6, 5]), Some([8, 9, 8]), None]),
];

fn draw(picture: Picture) -> anyhow::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    match picture {
        Picture::Trolley => {
            let img = ImageBuffer::from_fn(480, 320, |x, y| {
                let (dx, dy) = (x as i64 - 380, y as i64 - 70);
                if dx * dx + dy * dy < 40 * 40 {
                    Rgb([255, 184, 28])
                } else if (200..260).contains(&y) && (80..400).contains(&x) {
                    Rgb([232, 237, 238])
                } else if y >= 260 && ((100..130).contains(&x) || (350..380).contains(&x)) && y < 290 {
                    Rgb([66, 84, 98])
                } else {
                    Rgb([0, 94, 184])
                }
            });
            DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png)?;
        }
        Picture::Sunrise => {
            let img = ImageBuffer::from_fn(640, 360, |x, y| {
                let glow = 255 - (y * 200 / 360) as u8;
                if y > 250 && (x / 80) % 2 == 0 {
                    Rgb([60, 60, 70])
                } else {
                    Rgb([glow, (glow as u32 * 3 / 5) as u8, 90])
                }
            });
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            DynamicImage::ImageRgb8(img).write_with_encoder(encoder)?;
        }
    }
    Ok(out.into_inner())
}

/// Sets up the competition (before the postponement, so its dates move too).
pub async fn set_up(db: &Db, campaign: &Campaign, editor: i64) -> anyhow::Result<()> {
    let setup = Setup {
        rules: RULES.to_owned(),
        opens_on: Some(crate::campaigns::model::add_days(campaign.starts_on, -28)),
        closes_on: Some(campaign.ends_on),
        categories: vec![
            ("Picture".to_owned(), "Our values at work, caught on camera or drawn by hand".to_owned()),
            ("Words".to_owned(), "A poem, a story or a letter".to_owned()),
        ],
        criteria: vec![
            ("Brings our values to life".to_owned(), 3),
            ("Originality".to_owned(), 2),
            ("Craft".to_owned(), 1),
        ],
    };
    store::save(db, campaign, &setup, editor).await.map_err(|e| anyhow::anyhow!("{e:?}"))
}

/// Entries, judges, scores, the shortlist and the announcement.
pub async fn judge_and_announce(db: &Db, campaign: &Campaign, editor: i64) -> anyhow::Result<()> {
    let competition = store::get(db, campaign.id).await?.ok_or_else(|| anyhow::anyhow!("no demo competition"))?;
    let mut ids = Vec::new();
    for (slug, maker, category, title, description, words, picture, consent) in ENTRIES {
        let org = model::by_slug(db, slug).await?.ok_or_else(|| anyhow::anyhow!("no {slug}"))?;
        let prepared = match picture {
            Some(p) => Some(images::prepare(&draw(p)?).map_err(|e| anyhow::anyhow!("{e}"))?),
            None => None,
        };
        let entry = NewEntry {
            category_id: competition.categories[category].id,
            title: title.to_owned(),
            description: description.to_owned(),
            body: words.to_owned(),
            alt_text: match picture {
                Some(Picture::Trolley) => "A drawing of a tea trolley on a blue background, with a yellow sun above it",
                Some(Picture::Sunrise) => "An orange sky over a row of dark parked cars",
                None => "",
            }
            .to_owned(),
            consent,
        };
        ids.push(entry_store::insert(db, campaign, org.id, person(db, maker).await?, &entry, prepared.as_ref()).await?);
    }
    for (email, _) in SCORES {
        let p = person(db, email).await?;
        let name = crate::auth::people::by_id(db, p).await?.map(|x| x.name).unwrap_or_default();
        store::add_judge(db, campaign, &store::Judge { person_id: p, name, email: email.to_owned() }, editor, None)
            .await?;
    }
    store::open_judging(db, campaign, editor, None).await?;
    for (email, scores) in SCORES {
        let judge = person(db, email).await?;
        for (id, given) in ids.iter().zip(scores) {
            if let Some(given) = given {
                let pairs: Vec<(i64, i64)> = competition.criteria.iter().map(|k| k.id).zip(given).collect();
                entry_store::save_scores(db, campaign, *id, judge, &pairs).await?;
            }
        }
    }
    let awards = [(0, Award::First), (1, Award::Commended), (3, Award::First), (4, Award::Second)];
    for (index, award) in awards {
        entry_store::shortlist(db, campaign, ids[index], true, editor).await?;
        entry_store::award(db, campaign, ids[index], Some(award), editor).await?;
    }
    store::announce(db, campaign, editor).await?;
    Ok(())
}
