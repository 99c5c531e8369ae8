//! Dates in the page's language: "1 Rhagfyr 2026", "2026年12月1日". Month
//! names come from the C library's locale data (`pure-rust-locales`), so
//! no one here translates a calendar by hand; a language Ethos has no
//! month names for shows the English date.

use pure_rust_locales::{Locale, locale_match};

use super::zone::Zone;

/// The locale whose month names a language's dates use. Arabic takes
/// Egypt's, whose months are the Gregorian ones a UK reader expects.
fn locale(code: &str) -> Option<Locale> {
    let name = match code {
        "cy" => "cy_GB",
        "bn" => "bn_BD",
        "pl" => "pl_PL",
        "ar" => "ar_EG",
        "ur" => "ur_PK",
        "pa" => "pa_IN",
        "gu" => "gu_IN",
        "ro" => "ro_RO",
        "pt" => "pt_PT",
        "es" => "es_ES",
        "zh" => "zh_CN",
        "so" => "so_SO",
        "lt" => "lt_LT",
        _ => return None,
    };
    Locale::try_from(name).ok()
}

/// `seconds` as a day in `zone`, written the way the language `code`
/// writes dates in running text.
pub fn day_in(zone: &Zone, seconds: i64, code: &str) -> String {
    let Some((year, month, day)) = zone.civil_day(seconds) else { return String::new() };
    let Some(locale) = locale(code) else { return zone.date(seconds) };
    let months: &[&str] = locale_match!(locale => LC_TIME::MON);
    let Some(name) = usize::try_from(month).ok().and_then(|m| months.get(m.checked_sub(1)?)) else {
        return zone.date(seconds);
    };
    match code {
        "zh" => format!("{year}年{month}月{day}日"),
        "lt" => format!("{year} m. {name} {day} d."),
        "es" | "pt" => format!("{day} de {name} de {year}"),
        _ => format!("{day} {name} {year}"),
    }
}

/// `seconds` as a day and time in `zone` for a page in language `code`:
/// "1 Rhagfyr 2026, 14:05 GMT" (English: the zone's own `time`).
pub fn time_in(zone: &Zone, seconds: i64, code: &str) -> String {
    if locale(code).is_none() {
        return zone.time(seconds);
    }
    format!("{}, {}", day_in(zone, seconds, code), zone.clock(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 December 2026, 14:05 in London (GMT).
    const DECEMBER: i64 = 1_796_133_900;

    #[test]
    fn a_date_reads_in_the_page_language() {
        let london = Zone::named("Europe/London").unwrap();
        assert_eq!(day_in(&london, DECEMBER, "cy"), "1 Rhagfyr 2026");
        assert_eq!(day_in(&london, DECEMBER, "zh"), "2026年12月1日");
        assert_eq!(day_in(&london, DECEMBER, "es"), "1 de diciembre de 2026");
        assert_eq!(day_in(&london, DECEMBER, "en"), "1 December 2026");
        assert_eq!(time_in(&london, DECEMBER, "cy"), "1 Rhagfyr 2026, 14:05 GMT");
        assert_eq!(time_in(&london, DECEMBER, "en"), "1 Dec 2026, 14:05 GMT");
    }

    #[test]
    fn every_language_ethos_offers_has_month_names_but_english() {
        for language in crate::values::languages::ALL {
            assert_eq!(locale(language.code).is_some(), !language.is_default(), "{}", language.code);
        }
        let london = Zone::named("Europe/London").unwrap();
        assert!(day_in(&london, DECEMBER, "ar").contains("ديسمبر"), "{}", day_in(&london, DECEMBER, "ar"));
    }
}
