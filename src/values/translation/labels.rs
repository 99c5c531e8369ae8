//! The headings Ethos adds around an organisation's texts, in the languages
//! it has them in.

/// The headings of the public page and the leaflet, in the page's language
/// where Ethos has them; `english` says they are in English.
#[derive(Clone, Copy, Debug)]
pub struct Labels {
    pub english: bool,
    pub vision_and_values: &'static str,
    pub values_only: &'static str,
    pub vision: &'static str,
    pub mission: &'static str,
    pub motto: &'static str,
    pub values: &'static str,
    pub we_will: &'static str,
    pub how_we_live_it: &'static str,
    pub principles: &'static str,
}

const ENGLISH: Labels = Labels {
    english: true,
    vision_and_values: "Our vision and values",
    values_only: "Our values",
    vision: "Our vision",
    mission: "Our mission",
    motto: "Our motto",
    values: "Our values",
    we_will: "We will",
    how_we_live_it: "How we live it",
    principles: "Our principles",
};

/// Headings for `code`; English (marked) for languages without them.
pub fn labels(code: &str) -> Labels {
    match code {
        "cy" => Labels {
            english: false,
            vision_and_values: "Ein gweledigaeth a’n gwerthoedd",
            values_only: "Ein gwerthoedd",
            vision: "Ein gweledigaeth",
            mission: "Ein cenhadaeth",
            motto: "Ein harwyddair",
            values: "Ein gwerthoedd",
            we_will: "Byddwn yn",
            how_we_live_it: "Sut rydym yn eu byw",
            principles: "Ein hegwyddorion",
        },
        "ar" => Labels {
            english: false,
            vision_and_values: "رؤيتنا وقيمنا",
            values_only: "قيمنا",
            vision: "رؤيتنا",
            mission: "رسالتنا",
            motto: "شعارنا",
            values: "قيمنا",
            we_will: "سوف نقوم بما يلي",
            how_we_live_it: "كيف نعيش هذه القيم",
            principles: "مبادئنا",
        },
        "bn" => Labels {
            english: false,
            vision_and_values: "আমাদের লক্ষ্য ও মূল্যবোধ",
            values_only: "আমাদের মূল্যবোধ",
            vision: "আমাদের লক্ষ্য",
            mission: "আমাদের উদ্দেশ্য",
            motto: "আমাদের মূলমন্ত্র",
            values: "আমাদের মূল্যবোধ",
            we_will: "আমরা যা করব",
            how_we_live_it: "আমরা যেভাবে এগুলো মেনে চলি",
            principles: "আমাদের নীতিমালা",
        },
        _ => ENGLISH,
    }
}

impl Labels {
    /// Attributes for a heading element: marks English headings on a page
    /// in another language.
    pub fn attrs(&self, page_is_english: bool) -> &'static str {
        if self.english && !page_is_english { " lang=\"en-GB\" dir=\"ltr\"" } else { "" }
    }
}
