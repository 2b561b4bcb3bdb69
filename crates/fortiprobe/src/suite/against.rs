//! How the second request of a `same_answer` property check asks for the
//! page the first one (`?format=json`) asked for, and so which format its
//! answer must be in.

use serde::Deserialize;

/// How the second request of a `same_answer` check asks for the page the
/// first one (`?format=json`) asked for, and so which format it must get
/// (docs/api-notes.md §2, formats [doc]: JSON and XML, chosen by
/// `?format=` or `Accept`, `format` wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// `Accept: application/json`, no `format`: JSON.
    #[default]
    AcceptJson,
    /// `?format=xml`: XML.
    FormatXml,
    /// `Accept: application/xml`, no `format`: XML.
    AcceptXml,
    /// `?format=json` with `Accept: application/xml`: JSON, `format` winning.
    FormatJsonOverAcceptXml,
}

impl Against {
    /// The `format` parameter the second request carries.
    pub fn format(self) -> Option<&'static str> {
        match self {
            Against::FormatXml => Some("xml"),
            Against::FormatJsonOverAcceptXml => Some("json"),
            Against::AcceptJson | Against::AcceptXml => None,
        }
    }

    /// The `Accept` header the second request carries.
    pub fn accept(self) -> Option<&'static str> {
        match self {
            Against::AcceptJson => Some("application/json"),
            Against::AcceptXml | Against::FormatJsonOverAcceptXml => Some("application/xml"),
            Against::FormatXml => None,
        }
    }

    /// The second answer must be XML (else JSON).
    pub fn answers_xml(self) -> bool {
        matches!(self, Against::FormatXml | Against::AcceptXml)
    }

    /// The second request's way of asking, in words.
    pub fn describe(self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = self.format() {
            parts.push(format!("?format={f}"));
        }
        if let Some(a) = self.accept() {
            parts.push(format!("Accept: {a}"));
        }
        parts.join(" and ")
    }
}
