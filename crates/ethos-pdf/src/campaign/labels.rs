//! The words the campaign templates add around the organisation's own, in
//! English and Welsh; other languages get the English ones.

use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Labels {
    pub my_pledge: &'static str,
    pub our_values: &'static str,
    pub i_will: &'static str,
    pub name: &'static str,
    pub team: &'static str,
    /// With `{hashtag}` to fill in.
    pub share: &'static str,
    pub invitation: &'static str,
    pub scan: &'static str,
    /// With `{link}` to fill in.
    pub qr_alt: &'static str,
    pub logo: &'static str,
    /// With `{text}` to fill in: quotation marks as the language writes them.
    pub quoted: &'static str,
}

impl Labels {
    pub(super) fn for_lang(lang: &str) -> Self {
        match lang {
            "cy" => Self {
                my_pledge: "Fy addewid",
                our_values: "Ein gwerthoedd",
                i_will: "Byddaf yn byw ein gwerthoedd drwy…",
                name: "Enw (dewisol)",
                team: "Tîm",
                share: "Rhannwch lun o’ch cerdyn gyda {hashtag}",
                invitation: "Ymunwch â ni i ddathlu’r gwerthoedd sy’n ein harwain bob dydd.",
                scan: "Sganiwch y cod i wneud addewid a dod o hyd i ddigwyddiadau:",
                qr_alt: "Cod QR sy’n agor {link}",
                logo: "logo",
                quoted: "“{text}”",
            },
            _ => Self {
                my_pledge: "My pledge",
                our_values: "Our values",
                i_will: "I will live our values by…",
                name: "Name (optional)",
                team: "Team",
                share: "Share a photo of your card with {hashtag}",
                invitation: "Join us in celebrating the values that guide us every day.",
                scan: "Scan the code to make a pledge and find events:",
                qr_alt: "QR code that opens {link}",
                logo: "logo",
                quoted: "“{text}”",
            },
        }
    }
}
