//! How ordinary a word is: the background that suggested themes are
//! measured against, so that "time", "things" and "please" (common in any
//! English) and "staff" and "patients" (common in any answer about health
//! care) do not lead the list just because many answers use them.
//!
//! The general English frequencies come from `background/english.tsv`
//! (30,000 words from the `wordfreq` package, CC BY-SA 4.0: see
//! `background/README.md`), merged by the same Snowball stems the themes
//! use. A short list of words every answer about health services uses is
//! counted as everyday words too.

use std::collections::HashMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Uses per million words of everyday English of each stem.
static ENGLISH: LazyLock<HashMap<String, f64>> = LazyLock::new(|| {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut by_stem: HashMap<String, f64> = HashMap::new();
    for line in include_str!("background/english.tsv").lines() {
        let Some((word, zipf)) = line.split_once('\t') else { continue };
        let Ok(zipf) = zipf.parse::<f64>() else { continue };
        // Zipf is log10 of uses per billion words.
        *by_stem.entry(stemmer.stem(word).into_owned()).or_default() += 10f64.powf(zipf - 3.0);
    }
    let floor = 10f64.powf(HEALTH_SERVICE_ZIPF - 3.0);
    for word in HEALTH_SERVICE_WORDS {
        let per_million = by_stem.entry(stemmer.stem(word).into_owned()).or_default();
        *per_million = per_million.max(floor);
    }
    by_stem
});

/// Words nearly every answer about a health or care service uses, which
/// everyday English uses less: counted as everyday words here. Words values
/// are made of ("care", "trust", "team") are left out on purpose.
const HEALTH_SERVICE_WORDS: &[&str] = &[
    "staff",
    "patient",
    "patients",
    "nhs",
    "hospital",
    "ward",
    "service",
    "people",
    "nurse",
    "doctor",
    "appointment",
    "organisation",
];

/// As common as "time" or "feel" in everyday English.
const HEALTH_SERVICE_ZIPF: f64 = 6.0;

/// Added to the everyday rate before dividing: words the list lacks (rare
/// words, Welsh, names) would otherwise divide by nothing, and differences
/// among very rare words would dominate. Small, so that a phrase a tenth of
/// the answers share still outranks one two answers in ten thousand share.
const SMOOTHING: f64 = 10.0;

/// Uses per million words in everyday English of a phrase's stems, taken as
/// those of its rarest word: the phrase is at least as unusual as that.
/// Words not in the list (rare words, Welsh, names) count as rare.
pub fn everyday_rate(key: &str) -> f64 {
    key.split(' ').map(|stem| ENGLISH.get(stem).copied().unwrap_or(0.0)).fold(f64::INFINITY, f64::min).min(1e6)
}

/// How distinctive a phrase is for these answers: how many times more often
/// answers use it (`answers` of `total`, per million) than everyday English
/// uses its rarest word (per million words, smoothed). A few hundred for an
/// everyday word in a third of the answers; thousands for a word a few
/// answers share and little else says.
pub fn distinctiveness(key: &str, answers: usize, total: usize) -> f64 {
    let here = answers as f64 / total.max(1) as f64 * 1e6;
    here / (everyday_rate(key) + SMOOTHING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_are_common_and_value_words_less_so() {
        for stem in ["time", "thing", "feel", "pleas", "staff", "patient"] {
            assert!(everyday_rate(stem) > 300.0, "{stem}: {}", everyday_rate(stem));
        }
        for stem in ["honesti", "digniti", "jargon"] {
            assert!(everyday_rate(stem) < 50.0, "{stem}: {}", everyday_rate(stem));
        }
        assert_eq!(everyday_rate("gwrando"), 0.0, "words not in the list count as rare");
        assert!(everyday_rate("time honesti") < 50.0, "a phrase is as unusual as its rarest word");
    }

    #[test]
    fn a_word_fewer_answers_share_outranks_an_everyday_word_more_share() {
        let time = distinctiveness("time", 90, 300);
        let honesty = distinctiveness("honesti", 15, 300);
        assert!(honesty > 2.0 * time, "honesty {honesty}, time {time}");
        let chance = distinctiveness("jargon", 2, 10_000);
        assert!(chance < time, "two answers in ten thousand is chance: {chance}");
    }
}
