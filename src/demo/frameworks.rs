//! Demo frameworks, written for Ethos: invented organisations with invented
//! but realistic statements, so a first run shows published values.

use crate::values::model::{Framework, PrincipleGroup, Value, Vision};

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
    }
}
