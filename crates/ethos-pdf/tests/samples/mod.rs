//! Sample leaflets, shared by the tests and the examples.
#![allow(dead_code)]

use ethos_pdf::{Leaflet, LeafletValue};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn value(name: &str, promise: &str, commitments: &[&str], behaviours: &[&str]) -> LeafletValue {
    LeafletValue {
        name: name.into(),
        promise: promise.into(),
        commitments: strings(commitments),
        behaviours: strings(behaviours),
    }
}

/// The names of [`english`]'s values, in order.
pub const ENGLISH_VALUE_NAMES: [&str; 6] =
    ["Compassion", "Respect and dignity", "Working together", "Everyone counts", "Always improving", "Open and honest"];

/// A full English framework with six values.
pub fn english() -> Leaflet {
    let [compassion, respect, together, everyone, improving, open] = ENGLISH_VALUE_NAMES;
    Leaflet {
        org_name: "Northshire NHS Foundation Trust".into(),
        title: "Our values".into(),
        lang: "en-GB".into(),
        rtl: false,
        logo_png: Some(logo_png()),
        vision: "Outstanding care, every time, for every person in Northshire.".into(),
        vision_supporting: strings(&[
            "Care that is safe, kind and close to home.",
            "A great place to work, learn and grow.",
            "Working with our partners to keep people well.",
        ]),
        mission: "We provide safe, compassionate hospital and community care, and we \
                  help the people of Northshire to live healthier lives."
            .into(),
        motto: "Together we care".into(),
        values: vec![
            value(
                compassion,
                "We care for each other as we care for our patients.",
                &[
                    "Listen carefully to patients, families and colleagues",
                    "Notice when someone needs help, and offer it",
                    "Take time to explain what is happening and why",
                ],
                &[
                    "We introduce ourselves: \"Hello, my name is…\"",
                    "We check in on colleagues after a difficult shift",
                ],
            ),
            value(
                respect,
                "We treat every person as an individual.",
                &["Respect people's privacy, beliefs and choices", "Offer an interpreter whenever one is needed"],
                &[
                    "We ask people how they would like to be addressed",
                    "We close curtains and doors and knock before entering",
                    "We never talk about patients where others can hear",
                ],
            ),
            value(
                together,
                "We achieve more as one team.",
                &[
                    "Share what we know with colleagues and partners",
                    "Involve patients and carers in decisions about their care",
                ],
                &["We thank each other", "We ask for help early, and give it gladly"],
            ),
            value(
                everyone,
                "Every voice matters and everyone is welcome.",
                &["Challenge discrimination wherever we see it", "Make our services easy to reach"],
                &["We make reasonable adjustments without being asked twice"],
            ),
            value(
                improving,
                "We learn every day and make things better.",
                &["Learn from feedback, complaints and incidents", "Try new ideas and measure what works"],
                &["We ask \"what could we do better?\" after every project", "We share good practice across teams"],
            ),
            value(
                open,
                "We speak up, and we listen when others do.",
                &["Be open when things go wrong, and say sorry", "Support our Freedom to Speak Up guardians"],
                &["We thank people who raise concerns", "We tell people what changed as a result"],
            ),
        ],
        principles: vec![
            (
                "Our care".into(),
                strings(&["Patients come first in everything we do.", "We make decisions with people, not for them."]),
            ),
            (
                "Our people".into(),
                strings(&[
                    "We look after our staff so they can look after patients.",
                    "We value difference and treat everyone fairly.",
                ]),
            ),
            (String::new(), strings(&["We use public money wisely."])),
        ],
        large_print: false,
        version_label: "Version 3, published 22 Nov 2026".into(),
        labels: None,
        english: Vec::new(),
        notice: String::new(),
    }
}

/// The English framework in large print.
pub fn english_large_print() -> Leaflet {
    Leaflet { large_print: true, ..english() }
}

/// A Welsh framework (with ŵ and ŷ).
pub fn welsh() -> Leaflet {
    Leaflet {
        org_name: "Bwrdd Iechyd Prifysgol Glan-y-Môr".into(),
        title: "Ein gwerthoedd".into(),
        lang: "cy".into(),
        rtl: false,
        logo_png: None,
        vision: "Gofal rhagorol, bob tro, i bawb yn ein cymunedau.".into(),
        vision_supporting: strings(&["Gofal diogel a charedig yn agos at y cartref."]),
        mission: "Rydym yn darparu gofal ysbyty a chymunedol diogel a thosturiol.".into(),
        motto: "Gyda'n gilydd, rydym yn gofalu".into(),
        values: vec![
            value(
                "Gofalu am ein gilydd",
                "Rydym yn trin pawb ag urddas a charedigrwydd.",
                &["Gwrando'n ofalus ar gleifion a'u teuluoedd", "Cynnig help pan fo angen"],
                &["Rydym yn cyflwyno ein hunain: \"Helo, fy enw i yw…\""],
            ),
            value(
                "Gweithio gyda'n gilydd",
                "Mae croeso i bawb yn ein tŷ, o'r ŵyr i'r hen daid.",
                &["Rhannu'r hyn a wyddom", "Cynnwys cleifion a gofalwyr"],
                &["Rydym yn diolch i'n gilydd", "Rydym yn cynnig dŵr a phaned i ymwelwyr"],
            ),
            value(
                "Gwella bob amser",
                "Rydym yn dysgu bob dydd. Ŷd, ŵy, ŷ, ẁ, ẃ, ẅ, ỳ, ý, ÿ, â, ê, î, ô, û.",
                &["Dysgu o adborth a chwynion"],
                &["Rydym yn rhannu arfer da rhwng timau"],
            ),
        ],
        principles: vec![("Ein gofal".into(), strings(&["Cleifion sy'n dod gyntaf ym mhopeth a wnawn."]))],
        large_print: false,
        version_label: "Fersiwn 3, cyhoeddwyd 22 Tach 2026".into(),
        labels: None,
        english: Vec::new(),
        notice: String::new(),
    }
}

/// A Bengali framework (with conjuncts such as ক্ষ, স্ব, ন্ত and ত্র).
pub fn bengali() -> Leaflet {
    Leaflet {
        org_name: "নর্থশায়ার এনএইচএস ফাউন্ডেশন ট্রাস্ট".into(),
        title: "আমাদের মূল্যবোধ".into(),
        lang: "bn".into(),
        rtl: false,
        logo_png: None,
        vision: "সবার জন্য উন্নত স্বাস্থ্য ও যত্ন।".into(),
        vision_supporting: strings(&["নিরাপদ ও সহৃদয় চিকিৎসা, বাড়ির কাছেই।", "কাজ, শিক্ষা ও উন্নতির জন্য একটি চমৎকার জায়গা।"]),
        mission: "আমরা প্রত্যেক রোগীকে নিরাপদ ও সহানুভূতিশীল সেবা দিই।".into(),
        motto: "একসাথে আমরা যত্ন নিই".into(),
        values: vec![
            value(
                "সহানুভূতি",
                "আমরা রোগীদের মতোই একে অপরের যত্ন নিই।",
                &["রোগী ও তাদের পরিবারের কথা মনোযোগ দিয়ে শুনব", "প্রয়োজনে দোভাষীর ব্যবস্থা করব"],
                &["আমরা নিজেদের পরিচয় দিই", "আমরা স্পষ্ট ও সহজ ভাষায় কথা বলি"],
            ),
            value(
                "সম্মান ও মর্যাদা",
                "আমরা প্রত্যেক মানুষকে স্বতন্ত্র ব্যক্তি হিসেবে দেখি।",
                &["মানুষের গোপনীয়তা ও বিশ্বাসকে সম্মান করব"],
                &["আমরা রোগীর সাথে আলোচনা করে সিদ্ধান্ত নিই"],
            ),
            value(
                "একসাথে কাজ করা",
                "এক দল হিসেবে আমরা আরও বেশি অর্জন করি।",
                &["সহকর্মীদের সাথে জ্ঞান ভাগ করে নেব"],
                &["আমরা একে অপরকে ধন্যবাদ জানাই", "আমাদের লক্ষ্য: রোগীর নিরাপত্তা"],
            ),
        ],
        principles: vec![("আমাদের সেবা".into(), strings(&["আমাদের সব কাজে রোগীরাই প্রথম।"]))],
        large_print: false,
        version_label: "সংস্করণ ৩, প্রকাশিত ২২ নভেম্বর ২০২৬".into(),
        labels: None,
        english: Vec::new(),
        notice: String::new(),
    }
}

/// An Arabic framework, right to left, with an embedded Latin word and digits.
pub fn arabic() -> Leaflet {
    Leaflet {
        org_name: "مؤسسة نورثشاير للخدمات الصحية الوطنية".into(),
        title: "قيمنا".into(),
        lang: "ar".into(),
        rtl: true,
        logo_png: None,
        vision: "رعاية صحية ممتازة للجميع، في كل مرة.".into(),
        vision_supporting: strings(&["رعاية آمنة ولطيفة قريبة من المنزل.", "مكان رائع للعمل والتعلم."]),
        mission: "نقدم رعاية آمنة ورحيمة لكل مريض، ونفخر بأننا جزء من NHS منذ عام 1948.".into(),
        motto: "معاً نهتم".into(),
        values: vec![
            value(
                "الرحمة",
                "نعامل كل شخص بلطف واحترام.",
                &["نستمع إلى المرضى وعائلاتهم بعناية", "نوفر مترجماً عند الحاجة"],
                &["نعرّف بأنفسنا بالاسم", "نتحدث بلغة واضحة وبسيطة"],
            ),
            value(
                "الاحترام والكرامة",
                "نعامل كل إنسان كفرد له احتياجاته الخاصة.",
                &["نحترم خصوصية الناس ومعتقداتهم"],
                &["نطرق الباب قبل الدخول"],
            ),
            value("العمل معاً", "نحقق المزيد كفريق واحد.", &["نتشارك المعرفة مع زملائنا"], &["نشكر بعضنا بعضاً"]),
        ],
        principles: vec![("رعايتنا".into(), strings(&["المرضى أولاً في كل ما نقوم به."]))],
        large_print: false,
        version_label: "الإصدار 3، نُشر في 22 نوفمبر 2026".into(),
        labels: None,
        english: Vec::new(),
        notice: String::new(),
    }
}

/// Text that would be Typst markup or code if it were ever parsed as such.
pub const MARKUP_LIKE: [&str; 7] = [
    "#panic(\"x\")",
    "*bold*",
    "$x$",
    "<script>alert(1)</script>",
    "]",
    "_under_ `raw` @ref #let x = 1",
    "\\ // not a comment /* nor this */",
];

/// A framework whose every field is markup-like text.
pub fn markup_like() -> Leaflet {
    let all = strings(&MARKUP_LIKE);
    Leaflet {
        org_name: "#panic(\"org\")".into(),
        title: "*Our* $values$ ]".into(),
        lang: "en".into(),
        vision: MARKUP_LIKE[0].into(),
        vision_supporting: all.clone(),
        mission: MARKUP_LIKE[1].into(),
        motto: MARKUP_LIKE[2].into(),
        values: vec![LeafletValue {
            name: MARKUP_LIKE[3].into(),
            promise: MARKUP_LIKE[4].into(),
            commitments: all.clone(),
            behaviours: all.clone(),
        }],
        principles: vec![(MARKUP_LIKE[5].into(), all)],
        version_label: "#pagebreak() ]".into(),
        ..Leaflet::default()
    }
}

/// A small PNG logo (200×80), for logo tests and samples.
pub fn logo_png() -> Vec<u8> {
    include_bytes!("logo.png").to_vec()
}
