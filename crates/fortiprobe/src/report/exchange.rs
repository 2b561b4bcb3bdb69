//! One exchange of a case as the reports show it (`--verbose`, `--html`,
//! `--json`): what was sent and what came back, redacted and bounded, with
//! a curl command line that reproduces the request. `ExchangeRecord::new`
//! takes the request and answer as they went over the wire and a scrub
//! (the run's `Redactor`); nothing leaves it unscrubbed, and each body is
//! cut to `BODY_LIMIT` bytes after redaction, so a cut never splits a
//! secret into pieces the scrub would miss (the redactor reads only the
//! start of a long body that the cut keeps: `Scrub::scrub_start`). `ExchangeLog` keeps a
//! case's first and last exchanges when a walk makes thousands.

use std::collections::VecDeque;
use std::time::Duration;

use super::curl::{self, Credentials};
pub use super::wire::{Received, Sent, BODY_LIMIT};
use crate::redact::Scrub;

/// How many exchanges of one case a report keeps from each end (a walk of
/// a large listing makes one per page).
pub const KEPT_EACH_END: usize = 12;

/// A body as shown: redacted, then cut.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShownBody {
    /// UTF-8 text (other bytes as U+FFFD), at most `BODY_LIMIT` bytes.
    pub text: String,
    /// The body's size in bytes as it came, when `text` is only its start.
    pub cut_from: Option<usize>,
}

impl ShownBody {
    /// `body` scrubbed, then cut at a character boundary.
    pub fn new(body: &[u8], scrub: &dyn Scrub) -> ShownBody {
        let (text, cut) = scrub.scrub_start(&String::from_utf8_lossy(body), BODY_LIMIT);
        ShownBody {
            text,
            cut_from: cut.then_some(body.len()),
        }
    }

    /// The text, with a last line saying where it was cut.
    pub fn display(&self) -> String {
        match self.cut_from {
            None => self.text.clone(),
            Some(n) => format!(
                "{}\n… cut: {} bytes shown (redacted) of the {n} received",
                self.text,
                self.text.len()
            ),
        }
    }
}

/// What came back for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Received {
        status: u16,
        /// Names in lower case, in the order received, values scrubbed.
        headers: Vec<(String, String)>,
        body: ShownBody,
    },
    /// No HTTP answer: what happened on the wire (timeout, refused, TLS).
    NoAnswer(String),
}

/// One request of a case and its answer, ready for any report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeRecord {
    /// Its number among the case's exchanges (0 for the first): what a
    /// finding judged on it names.
    pub number: usize,
    /// Where in the case: `request`, `step 2 of 3`, `cleanup 1`, `page 4`.
    pub label: String,
    /// `scheme://host:port` of the request, without user information.
    pub origin: String,
    pub method: String,
    /// Path and query as sent (no scheme, host or user information).
    pub target: String,
    /// As sent, values scrubbed (an `Authorization` header shows the
    /// scheme and the mask).
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<ShownBody>,
    pub answer: Answer,
    pub elapsed: Duration,
    /// When the request went out (set by the capture; `None` in records
    /// made elsewhere).
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A shell command line that sends the same request, credentials taken
    /// from environment variables (see `curl`).
    pub curl: String,
}

impl ExchangeRecord {
    /// The record of `sent` and what came of it. `answer` is the answer,
    /// or what happened on the wire instead. `credentials` says whether
    /// the request carried the configured credentials (replaced by
    /// environment variables in the curl line) or made-up ones that the
    /// target must refuse (shown as sent). `scrub` masks every secret the
    /// run knows; it is applied to every text kept.
    pub fn new(
        label: impl Into<String>,
        sent: Sent<'_>,
        answer: Result<Received<'_>, String>,
        elapsed: Duration,
        credentials: Credentials,
        scrubber: &dyn Scrub,
    ) -> ExchangeRecord {
        let scrub = &|t: &str| scrubber.scrub(t);
        let target = match sent.url.query() {
            Some(q) => format!("{}?{q}", sent.url.path()),
            None => sent.url.path().to_string(),
        };
        let answer = match answer {
            Ok(r) => Answer::Received {
                status: r.status,
                headers: scrub_headers(r.headers, scrub),
                body: ShownBody::new(r.body, scrubber),
            },
            Err(why) => Answer::NoAnswer(scrub(&why)),
        };
        ExchangeRecord {
            number: 0,
            label: scrub(&label.into()),
            origin: sent.url.origin().ascii_serialization(),
            method: sent.method.to_string(),
            target: scrub(&target),
            request_headers: scrub_headers(sent.headers, scrub),
            request_body: sent
                .body
                .filter(|b| !b.is_empty())
                .map(|b| ShownBody::new(b, scrubber)),
            answer,
            elapsed,
            sent_at: None,
            curl: curl::command(sent, credentials, scrub),
        }
    }

    /// Every text scrubbed again (with secrets registered since it was made).
    pub fn rescrub(&mut self, scrub: &dyn Fn(&str) -> String) {
        let again = |t: &mut String| *t = scrub(t);
        again(&mut self.label);
        again(&mut self.target);
        again(&mut self.curl);
        for (_, v) in &mut self.request_headers {
            again(v);
        }
        if let Some(b) = &mut self.request_body {
            again(&mut b.text);
        }
        match &mut self.answer {
            Answer::Received { headers, body, .. } => {
                for (_, v) in headers {
                    again(v);
                }
                again(&mut body.text);
            }
            Answer::NoAnswer(why) => again(why),
        }
    }

    /// The answer's status, when there was one.
    pub fn status(&self) -> Option<u16> {
        match &self.answer {
            Answer::Received { status, .. } => Some(*status),
            Answer::NoAnswer(_) => None,
        }
    }
}

fn scrub_headers(
    headers: &[(String, String)],
    scrub: &dyn Fn(&str) -> String,
) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let v = if k.eq_ignore_ascii_case("authorization") {
                // The scheme only: whatever follows it is a credential.
                let scheme = v.split_whitespace().next().unwrap_or("");
                format!("{} {}", scrub(scheme), crate::redact::MASK)
            } else {
                scrub(v)
            };
            (k.clone(), v)
        })
        .collect()
}

/// A case's exchanges, bounded: the first and the last `KEPT_EACH_END`,
/// and how many were left out between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeLog {
    head: Vec<ExchangeRecord>,
    tail: VecDeque<ExchangeRecord>,
    left_out: usize,
}

impl ExchangeLog {
    pub fn new() -> ExchangeLog {
        ExchangeLog::default()
    }

    pub fn push(&mut self, record: ExchangeRecord) {
        if self.head.len() < KEPT_EACH_END {
            self.head.push(record);
            return;
        }
        self.tail.push_back(record);
        if self.tail.len() > KEPT_EACH_END {
            self.tail.pop_front();
            self.left_out += 1;
        }
    }

    /// The first exchanges kept.
    pub fn first(&self) -> &[ExchangeRecord] {
        &self.head
    }

    /// How many exchanges were left out after `first` and before `last`.
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    /// The last exchanges kept.
    pub fn last(&self) -> impl Iterator<Item = &ExchangeRecord> {
        self.tail.iter()
    }

    /// Every exchange kept, in order.
    pub fn iter(&self) -> impl Iterator<Item = &ExchangeRecord> {
        self.head.iter().chain(self.tail.iter())
    }

    pub fn is_empty(&self) -> bool {
        self.head.is_empty()
    }

    /// Every record scrubbed again (see `ExchangeRecord::rescrub`).
    pub fn rescrub(&mut self, scrub: &dyn Fn(&str) -> String) {
        for r in self.head.iter_mut().chain(self.tail.iter_mut()) {
            r.rescrub(scrub);
        }
    }

    /// Exchanges made in all, kept or not.
    pub fn total(&self) -> usize {
        self.head.len() + self.tail.len() + self.left_out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{exchange_record, scrub, SECRET};

    #[test]
    fn a_record_holds_no_secret_and_no_user_information() {
        let r = exchange_record("request", &format!("{{\"key\": \"{SECRET}\"}}"));
        let all = format!("{r:?}");
        assert!(!all.contains(SECRET), "{all}");
        assert!(!all.contains("admin:pw"), "{all}");
        assert_eq!(r.target, "/api/v1/fortitokens/?limit=2");
        assert_eq!(
            r.request_headers,
            [("Authorization".to_string(), "Basic [redacted]".to_string())]
        );
        assert_eq!(r.status(), Some(200));
    }

    #[test]
    fn bodies_are_cut_after_redaction_and_say_so() {
        // The secret straddles the limit: redaction first keeps it whole.
        let body = format!("{}{SECRET}{}", "a".repeat(BODY_LIMIT - 5), "é".repeat(10));
        let shown = ShownBody::new(body.as_bytes(), &scrub);
        assert!(!shown.text.contains("s3cr"), "{}", shown.text);
        assert!(shown.text.len() <= BODY_LIMIT);
        let full = body.len();
        assert_eq!(shown.cut_from, Some(full));
        assert!(shown.display().ends_with(&format!(
            "cut: {} bytes shown (redacted) of the {full} received",
            shown.text.len()
        )));
        let small = ShownBody::new(b"{}", &scrub);
        assert_eq!((small.text.as_str(), small.cut_from), ("{}", None));
    }

    #[test]
    fn the_log_keeps_both_ends() {
        let mut log = ExchangeLog::new();
        for i in 0..40 {
            log.push(exchange_record(&format!("page {i}"), "{}"));
        }
        assert_eq!(log.total(), 40);
        assert_eq!(log.left_out(), 40 - 2 * KEPT_EACH_END);
        let labels: Vec<&str> = log.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels.first(), Some(&"page 0"));
        assert_eq!(labels.last(), Some(&"page 39"));
        assert_eq!(labels.len(), 2 * KEPT_EACH_END);
    }
}
