//! How a case takes a filter value from the target's own listing (`pick:`
//! in a case file), and the value each pick makes of one listed value.

use serde::Deserialize;

/// How a value is taken from the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// The value as listed.
    AsIs,
    /// The value with the case of every letter changed (for `__iexact`).
    SwapCase,
    /// The value without its last character (a proper prefix).
    ProperPrefix,
    /// The value without its first and last characters: a proper
    /// substring that is no prefix (for `__contains`).
    ProperSubstring,
    /// That substring with the case of every letter changed (for `__icontains`).
    SwapCaseSubstring,
    /// A proper prefix with the case of every letter changed (for `__istartswith`).
    SwapCasePrefix,
    /// Two different listed values, comma-joined (for `__in`).
    Several,
}

impl Pick {
    pub(crate) const NAMES: &'static str =
        "as_is, swap_case, proper_prefix, proper_substring, swap_case_substring, swap_case_prefix, several";

    /// What the picked value is, in a few words (for the case catalogue).
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Pick::AsIs => "<listed>",
            Pick::SwapCase => "<listed, case changed>",
            Pick::ProperPrefix => "<proper prefix of listed>",
            Pick::ProperSubstring => "<inner part of listed>",
            Pick::SwapCaseSubstring => "<inner part of listed, case changed>",
            Pick::SwapCasePrefix => "<proper prefix of listed, case changed>",
            Pick::Several => "<two listed>",
        }
    }

    /// The pick that makes a value for `lookup` from one listed value
    /// (`exact` takes it as listed, `in` several: neither is one here).
    pub fn for_lookup(lookup: &str) -> Option<Pick> {
        Some(match lookup {
            "iexact" => Pick::SwapCase,
            "contains" => Pick::ProperSubstring,
            "icontains" => Pick::SwapCaseSubstring,
            "startswith" => Pick::ProperPrefix,
            "istartswith" => Pick::SwapCasePrefix,
            _ => return None,
        })
    }

    /// The value a one-object pick takes from `value` (`Several` takes
    /// two, from the whole listing: `check::pick`); `None` when `value`
    /// gives none (too short, or no ASCII letter to change).
    pub fn take(self, value: &str) -> Option<String> {
        let n = value.chars().count();
        let prefix = || (n >= 2).then(|| value.chars().take(n - 1).collect::<String>());
        let inner = || (n >= 3).then(|| value.chars().skip(1).take(n - 2).collect::<String>());
        match self {
            Pick::AsIs => (!value.is_empty()).then(|| value.to_string()),
            Pick::SwapCase => swap_case(value),
            Pick::ProperPrefix => prefix(),
            Pick::ProperSubstring => inner(),
            Pick::SwapCaseSubstring => inner().and_then(|v| swap_case(&v)),
            Pick::SwapCasePrefix => prefix().and_then(|v| swap_case(&v)),
            Pick::Several => None,
        }
    }
}

/// `value` with the case of every ASCII letter changed; `None` when it is
/// not ASCII (databases fold other letters differently) or has no letter.
fn swap_case(value: &str) -> Option<String> {
    // ASCII letters differ from their other case in bit 0x20 alone.
    let flip = |c: char| {
        if c.is_ascii_alphabetic() {
            (c as u8 ^ 0x20) as char
        } else {
            c
        }
    };
    let swapped: String = value.chars().map(flip).collect();
    (value.is_ascii() && swapped != value).then_some(swapped)
}
