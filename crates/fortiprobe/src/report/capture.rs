//! A case's exchanges as the reports keep them: the runner's tap of one
//! case hands `Capture` each request the case sent (`client::observe::
//! Captured`); it numbers it, turns it into an `ExchangeRecord` (scrubbed,
//! bounded) in an `ExchangeLog`, labelled by where in the case it was sent
//! (`step 2 of 3`, `step 1 of 1, request 4`, `check pagination, request 2`,
//! `login`), and gives each record back once it is settled, for the event
//! stream.
//!
//! Redaction is never early: a secret often arrives in the very answer
//! that is recorded (a FortiPortal `tokenlogin`, FortiToken Cloud's login),
//! and the runner registers it only once that answer has been read. So the
//! newest exchange stays as it was sent until the next one arrives or the
//! case ends (by then its secrets are registered), and only then is it
//! scrubbed and cut; `finish` scrubs every record once more with every
//! secret the run knows by then. At most one exchange is held unscrubbed,
//! in memory only.

use std::sync::Arc;

use super::curl::Credentials;
use super::exchange::{ExchangeLog, ExchangeRecord, Received, Sent};
use crate::client::observe::{Captured, Kind};
use crate::lock::Lock;
use crate::redact::Redactor;

/// One case's exchanges, recorded as it runs.
pub struct Capture {
    redactor: Arc<Redactor>,
    state: Lock<State>,
}

#[derive(Default)]
struct State {
    log: ExchangeLog,
    /// The newest exchange and its label, not yet scrubbed.
    pending: Option<(usize, String, Captured)>,
    /// Exchanges recorded so far.
    count: usize,
    /// The label the last exchange was sent under, and how many pages were
    /// fetched under it (its own request counts as the first).
    within: String,
    pages: usize,
}

impl Capture {
    /// A capture whose records are scrubbed by `redactor` (the run's).
    pub fn new(redactor: Arc<Redactor>) -> Capture {
        Capture {
            redactor,
            state: Lock::default(),
        }
    }

    /// One more exchange of the case: its number (0 for the first), and
    /// the one before it, now settled (scrubbed with the secrets its
    /// answer brought), to tell.
    pub fn record(&self, exchange: Captured) -> (usize, Option<ExchangeRecord>) {
        let mut state = self.state.lock();
        let settled = self.settle(&mut state);
        let label = label(&mut state, &exchange);
        let number = state.count;
        state.count += 1;
        state.pending = Some((number, label, exchange));
        (number, settled)
    }

    /// The last exchange, settled, to tell; and the case's exchanges, every
    /// one scrubbed with every secret known now.
    pub fn finish(&self) -> (Option<ExchangeRecord>, ExchangeLog) {
        let mut state = self.state.lock();
        let last = self.settle(&mut state);
        let mut log = std::mem::take(&mut state.log);
        let scrub = |t: &str| self.redactor.scrub(t);
        log.rescrub(&scrub);
        (last, log)
    }

    /// Scrubs the pending exchange into the log; a copy of its record.
    fn settle(&self, state: &mut State) -> Option<ExchangeRecord> {
        let (number, label, c) = state.pending.take()?;
        let answer = match &c.answer {
            Ok(ex) => Ok(Received::from(ex)),
            Err(why) => Err(why.to_string()),
        };
        let credentials = if c.configured {
            Credentials::Configured
        } else {
            Credentials::MadeUp
        };
        let mut record = ExchangeRecord::new(
            label,
            Sent::from(&c.sent),
            answer,
            c.elapsed,
            credentials,
            &*self.redactor,
        );
        record.number = number;
        record.sent_at = Some(match &c.answer {
            Ok(ex) => ex.sent_at,
            Err(_) => {
                chrono::Utc::now() - chrono::Duration::from_std(c.elapsed).unwrap_or_default()
            }
        });
        state.log.push(record.clone());
        Some(record)
    }
}

/// `step 2 of 3`, `step 1 of 1, request 2` (the second request of a walk), `check
/// pagination, request 5`, `login`: a walk's requests are counted, not its pages
/// (a check fetches the full listing before the walk whose pages its findings
/// number).
fn label(state: &mut State, c: &Captured) -> String {
    if state.within != c.within {
        state.within = c.within.clone();
        state.pages = 0;
    }
    let within = if c.within.is_empty() {
        "request"
    } else {
        c.within.as_str()
    };
    match c.kind {
        Kind::Login => "login".to_string(),
        Kind::Request => {
            state.pages = 1;
            within.to_string()
        }
        Kind::Page => {
            state.pages += 1;
            format!("{within}, request {}", state.pages)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::http::{Exchange, Outgoing};
    use crate::report::exchange::BODY_LIMIT;
    use std::time::Duration;

    const TOKEN: &str = "tok-0123456789abcdef";

    fn captured(kind: Kind, within: &str, body: &str) -> Captured {
        let url = url::Url::parse("https://fpc.example/fpc/api/auth/tokenlogin/").expect("url");
        Captured {
            kind,
            within: within.into(),
            sent: Outgoing {
                method: "POST",
                url,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: Some(br#"{"username":"spuser","password":"pw-secret-1"}"#.to_vec()),
            },
            answer: Ok(Exchange {
                method: "POST",
                target: "/fpc/api/auth/tokenlogin/".into(),
                status: 200,
                headers: vec![],
                body: body.as_bytes().to_vec(),
                sent_at: chrono::Utc::now(),
                elapsed: Duration::from_millis(2),
                parsed: std::sync::OnceLock::new(),
                large: None,
                recorded: None,
            }),
            elapsed: Duration::from_millis(2),
            configured: true,
        }
    }

    #[test]
    fn a_secret_registered_after_its_answer_is_still_scrubbed() {
        let redactor = Arc::new(Redactor::new());
        redactor.add("pw-secret-1", Some("spuser"));
        let c = Capture::new(Arc::clone(&redactor));
        // The token straddles the cut: scrubbed after the cut, its start would show.
        let body = format!("{}{TOKEN}", "x".repeat(BODY_LIMIT - 6));
        assert_eq!(c.record(captured(Kind::Request, "step 1 of 2", &body)).0, 0);
        // The runner captures the token (a secret) after reading the answer.
        redactor.add(TOKEN, None);
        let (number, settled) = c.record(captured(Kind::Request, "step 2 of 2", "{}"));
        assert_eq!(number, 1);
        let told = format!("{settled:?}");
        assert!(!told.contains("xtok-"), "the token's start is told");
        let (last, log) = c.finish();
        assert_eq!(last.map(|r| r.number), Some(1));
        let all = format!("{log:?}");
        assert!(!all.contains("xtok-"), "the token's start is shown");
        assert!(!all.contains("pw-secret-1"), "{all}");
        let labels: Vec<&str> = log.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["step 1 of 2", "step 2 of 2"]);
    }

    #[test]
    fn pages_are_numbered_within_their_step_or_check() {
        let c = Capture::new(Arc::new(Redactor::new()));
        c.record(captured(Kind::Login, "step 1 of 1", "{}"));
        c.record(captured(Kind::Request, "step 1 of 1", "{}"));
        c.record(captured(Kind::Page, "step 1 of 1", "{}"));
        c.record(captured(Kind::Page, "check pagination", "{}"));
        c.record(captured(Kind::Page, "check pagination", "{}"));
        c.record(captured(Kind::Request, "", "{}"));
        let labels: Vec<String> = c.finish().1.iter().map(|r| r.label.clone()).collect();
        assert_eq!(
            labels,
            [
                "login",
                "step 1 of 1",
                "step 1 of 1, request 2",
                "check pagination, request 1",
                "check pagination, request 2",
                "request"
            ]
        );
    }
}
