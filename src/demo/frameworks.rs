//! Demo frameworks, written for Ethos: invented organisations with invented
//! but realistic statements, so a first run shows published values.

use crate::values::model::{Framework, PrincipleGroup, Value, Vision};
use crate::values::translation::line::Legacy;
use crate::values::translation::{Line, Translation, ValueTranslation, VisionTranslation};

fn items(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| (*l).to_owned()).collect()
}

fn value(key: &str, name: &str, promise: &str, commitments: &[&str], behaviours: &[&str]) -> Value {
    Value {
        key: key.to_owned(),
        name: name.to_owned(),
        promise: promise.to_owned(),
        commitments: items(commitments),
        behaviours: items(behaviours),
    }
}

/// Riverside's first version: four values.
pub fn riverside_first() -> Framework {
    Framework {
        vision: Vision { statement: "Good health for every household along the river, with care that comes to you.".to_owned(), supporting: Vec::new() },
        mission: "We bring nursing, therapy and children's care into homes, schools and local clinics, working with families and neighbours.".to_owned(),
        motto: "Care that comes to you".to_owned(),
        values: vec![
            value("kindness", "Kindness", "Everyone we meet is treated warmly and given time.",
                &["greet people by the name they prefer", "take time to hear what matters to each person", "keep families informed at every visit"],
                &["knock, introduce ourselves and explain why we are here", "notice when someone is worried and ask about it", "thank colleagues for the help they give"]),
            value("safety", "Safety", "Care that is safe, every visit, in every home.",
                &["report risks and near misses without blame", "keep our skills and training current", "learn openly from things that go wrong"],
                &["check, and check again, before giving medicines", "ask for a second opinion when unsure", "share lessons at team huddles"]),
            value("respect", "Respect", "People are the experts in their own lives.",
                &["plan care with people, not for them", "make our information easy to understand", "value every colleague's contribution"],
                &["ask before we act in someone's home", "arrive when we said we would", "listen without interrupting"]),
            value("together", "Working together", "One team with families, schools and other services.",
                &["join up with GPs, social care and schools", "share what we know so people tell their story once"],
                &["hand over clearly at the end of each shift", "offer help before we are asked"]),
        ],
        principles: Vec::new(),
        translations: Default::default(),
    }
}

/// Riverside's second version, after a refresh: a fifth value and sharper words.
pub fn riverside_second() -> Framework {
    let mut framework = riverside_first();
    framework.vision.statement =
        "Good health and fair chances for every household along the river, with care that comes to you.".to_owned();
    framework.values.push(value(
        "belonging",
        "Belonging",
        "Everyone can be themselves, at work and in our care.",
        &[
            "celebrate the many cultures of our communities",
            "tackle discrimination whenever we see it",
            "make our services easy to reach for everyone",
        ],
        &["use interpreters and easy-read material as a matter of course", "speak up when someone is left out"],
    ));
    framework.translations.insert("cy".to_owned(), riverside_welsh());
    framework.translations.insert("ar".to_owned(), riverside_arabic());
    crate::values::translation::upgrade(&mut framework);
    framework
}

pub fn northgate() -> Framework {
    Framework {
        vision: Vision {
            statement: "Minds that are well supported, in communities that understand.".to_owned(),
            supporting: items(&[
                "People get help early, close to home, without a long wait.",
                "Families and carers are treated as partners in care.",
                "Our staff feel safe, trained and valued.",
            ]),
        },
        mission:
            "We offer mental health and learning disability care that puts recovery, hope and people's own goals first."
                .to_owned(),
        motto: "Hope in every conversation".to_owned(),
        values: vec![
            value(
                "hope",
                "Hope",
                "Recovery is possible, and we hold on to it with people.",
                &["set goals with people, in their own words"],
                &["talk about strengths as well as problems"],
            ),
            value(
                "openness",
                "Openness",
                "We are honest, even when it is hard.",
                &["explain decisions and the reasons for them", "say sorry and put things right"],
                &["invite challenge from people who use our services"],
            ),
            value(
                "compassion",
                "Compassion",
                "We notice distress and act to ease it.",
                &["give people time and privacy"],
                &["stay calm and kind when things are difficult"],
            ),
        ],
        principles: vec![PrincipleGroup {
            heading: "How we make decisions".to_owned(),
            items: items(&[
                "Nothing about people without people",
                "Least restrictive care first",
                "Evidence and lived experience count equally",
            ]),
        }],
        translations: Default::default(),
    }
}

pub fn partnership() -> Framework {
    Framework {
        vision: Vision {
            statement: "Two trusts, one promise: joined-up care for the people we share.".to_owned(),
            supporting: Vec::new(),
        },
        mission: "We plan and deliver services together so that nobody falls between physical and mental health care."
            .to_owned(),
        motto: String::new(),
        values: vec![
            value(
                "together",
                "Working together",
                "We act as one team across both trusts.",
                &["share records safely", "agree plans jointly"],
                &[],
            ),
            value(
                "fairness",
                "Fairness",
                "Resources go where they do most good.",
                &["publish how we decide", "close gaps in access"],
                &[],
            ),
        ],
        principles: vec![PrincipleGroup {
            heading: String::new(),
            items: items(&[
                "Every pound is public money",
                "No duplication between our services",
                "Decisions are made with residents",
            ]),
        }],
        translations: Default::default(),
    }
}

fn translated(name: &str, promise: &str, commitments: &[&str], behaviours: &[&str]) -> ValueTranslation {
    ValueTranslation {
        name: name.to_owned(),
        promise: promise.to_owned(),
        commitments: by_position(commitments),
        behaviours: by_position(behaviours),
        ..ValueTranslation::default()
    }
}

/// Lines in the order of the English ones, tied to them by
/// [`crate::values::translation::upgrade`].
fn by_position(lines: &[&str]) -> Vec<Line> {
    lines.iter().enumerate().map(|(i, t)| Line::legacy(Legacy::At(i), t)).collect()
}

/// Riverside's second version in Welsh, every text translated.
fn riverside_welsh() -> Translation {
    let mut t = Translation {
        vision: VisionTranslation {
            statement: "Iechyd da a chyfleoedd teg i bob aelwyd ar hyd yr afon, gyda gofal sy'n dod atoch chi.".to_owned(),
            ..VisionTranslation::default()
        },
        mission: "Rydym yn dod â nyrsio, therapi a gofal plant i gartrefi, ysgolion a chlinigau lleol, gan weithio gyda theuluoedd a chymdogion.".to_owned(),
        motto: "Gofal sy'n dod atoch chi".to_owned(),
        ..Translation::default()
    };
    let values = [
        (
            "kindness",
            translated(
                "Caredigrwydd",
                "Mae pawb rydym yn eu cwrdd yn cael croeso cynnes ac amser.",
                &[
                    "cyfarch pobl wrth yr enw sydd orau ganddynt",
                    "cymryd amser i glywed beth sy'n bwysig i bob person",
                    "rhoi gwybod i deuluoedd ym mhob ymweliad",
                ],
                &[
                    "curo, cyflwyno ein hunain ac egluro pam rydym yma",
                    "sylwi pan fydd rhywun yn poeni a holi am y peth",
                    "diolch i gydweithwyr am eu help",
                ],
            ),
        ),
        (
            "safety",
            translated(
                "Diogelwch",
                "Gofal diogel, bob ymweliad, ym mhob cartref.",
                &[
                    "adrodd am risgiau a digwyddiadau a fu bron â digwydd, heb feio neb",
                    "cadw ein sgiliau a'n hyfforddiant yn gyfredol",
                    "dysgu'n agored o bethau sy'n mynd o chwith",
                ],
                &[
                    "gwirio, a gwirio eto, cyn rhoi meddyginiaeth",
                    "gofyn am ail farn pan nad ydym yn siŵr",
                    "rhannu gwersi yng nghyfarfodydd byr y tîm",
                ],
            ),
        ),
        (
            "respect",
            translated(
                "Parch",
                "Pobl yw'r arbenigwyr ar eu bywydau eu hunain.",
                &[
                    "cynllunio gofal gyda phobl, nid ar eu rhan",
                    "gwneud ein gwybodaeth yn hawdd ei deall",
                    "gwerthfawrogi cyfraniad pob cydweithiwr",
                ],
                &[
                    "gofyn cyn gweithredu yng nghartref rhywun",
                    "cyrraedd pan ddywedon ni y bydden ni",
                    "gwrando heb dorri ar draws",
                ],
            ),
        ),
        (
            "together",
            translated(
                "Cydweithio",
                "Un tîm gyda theuluoedd, ysgolion a gwasanaethau eraill.",
                &[
                    "cydweithio â meddygon teulu, gofal cymdeithasol ac ysgolion",
                    "rhannu'r hyn a wyddom fel mai unwaith yn unig y mae pobl yn adrodd eu stori",
                ],
                &["trosglwyddo'n glir ar ddiwedd pob shifft", "cynnig help cyn i neb ofyn"],
            ),
        ),
        (
            "belonging",
            translated(
                "Perthyn",
                "Gall pawb fod yn nhw eu hunain, yn y gwaith ac yn ein gofal.",
                &[
                    "dathlu diwylliannau niferus ein cymunedau",
                    "herio gwahaniaethu bob tro y gwelwn ef",
                    "gwneud ein gwasanaethau'n hawdd i bawb eu cyrraedd",
                ],
                &[
                    "defnyddio cyfieithwyr a deunydd hawdd ei ddarllen fel mater o drefn",
                    "codi llais pan fydd rhywun yn cael ei adael allan",
                ],
            ),
        ),
    ];
    t.values = values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    t
}

/// Riverside's second version in Arabic, in part: the vision, the motto and
/// the values' names and some promises; the rest shows in English.
fn riverside_arabic() -> Translation {
    let mut t = Translation {
        vision: VisionTranslation {
            statement: "صحة جيدة وفرص عادلة لكل أسرة على امتداد النهر، مع رعاية تأتي إليك.".to_owned(),
            ..VisionTranslation::default()
        },
        motto: "رعاية تأتي إليك".to_owned(),
        ..Translation::default()
    };
    let values = [
        ("kindness", translated("اللطف", "نستقبل كل من نلقاه بدفء ونمنحه الوقت.", &[], &[])),
        ("safety", translated("السلامة", "رعاية آمنة في كل زيارة وفي كل بيت.", &[], &[])),
        ("respect", translated("الاحترام", "الناس هم أدرى بحياتهم.", &[], &[])),
        ("together", translated("العمل معًا", "", &[], &[])),
        ("belonging", translated("الانتماء", "", &[], &[])),
    ];
    t.values = values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    t
}

/// Which NHS Constitution values and 6Cs each demo organisation's values
/// express, as its editors might have mapped them: (organisation, value
/// key, reference value).
pub const MAPPINGS: &[(&str, &str, &str)] = &[
    ("riverside", "kindness", "nhs-compassion"),
    ("riverside", "kindness", "6c-care"),
    ("riverside", "kindness", "6c-compassion"),
    ("riverside", "safety", "nhs-quality"),
    ("riverside", "safety", "6c-competence"),
    ("riverside", "respect", "nhs-respect-dignity"),
    ("riverside", "respect", "6c-communication"),
    ("riverside", "together", "nhs-working-together"),
    ("riverside", "belonging", "nhs-everyone-counts"),
    ("riverside", "belonging", "6c-commitment"),
    ("northgate", "hope", "nhs-improving-lives"),
    ("northgate", "hope", "6c-commitment"),
    ("northgate", "openness", "nhs-quality"),
    ("northgate", "openness", "6c-courage"),
    ("northgate", "openness", "6c-communication"),
    ("northgate", "compassion", "nhs-compassion"),
    ("northgate", "compassion", "6c-care"),
    ("northgate", "compassion", "6c-compassion"),
    ("river-north", "together", "nhs-working-together"),
    ("river-north", "fairness", "nhs-everyone-counts"),
    ("river-north", "fairness", "nhs-respect-dignity"),
];
