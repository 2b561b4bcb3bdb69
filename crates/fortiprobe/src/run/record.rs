//! Baselines from the runner's side: each exchange as the baseline keeps
//! it, a case's document, and recording it or comparing it with the
//! baseline folder (`baseline` does the normalising and the diffing).

use serde_json::{json, Value};

use super::context::Context;
use super::{Failure, Runner, Verdict};
use crate::check;
use crate::client::http::Exchange;
use crate::suite::Case;

impl Runner {
    /// The case's baseline document (`None` for an ignored case): its
    /// outcome and every exchange, normalised, secrets redacted.
    pub fn document(&self, verdict: &Verdict, records: Vec<Value>) -> Option<String> {
        let outcome = match verdict {
            Verdict::Pass => "passed",
            Verdict::Fail(_) => "failed",
            Verdict::Ignored(_) => return None,
        };
        let doc = json!({"outcome": outcome, "exchanges": records});
        Some(self.redactor.scrub(&crate::baseline::render(&doc)))
    }

    /// Records the case's document, or compares it with the baseline;
    /// with what the comparison found changed (scrubbed).
    pub(super) fn baseline(
        &self,
        case: &Case,
        verdict: Verdict,
        records: Vec<Value>,
    ) -> (Verdict, Option<String>) {
        let Some(b) = &self.options.baseline else {
            return (verdict, None);
        };
        let Some(text) = self.document(&verdict, records) else {
            return (verdict, None);
        };
        let trial = case.id();
        let problem = if b.record {
            crate::baseline::write_snapshot(&b.dir, &trial, &text)
                .err()
                .map(|e| format!("cannot write the baseline under {}: {e}", b.dir.display()))
        } else {
            crate::baseline::compare(&b.dir, &trial, &text)
        };
        let Some(p) = problem.map(|p| self.redactor.scrub(&p)) else {
            return (verdict, None);
        };
        let changes = (!b.record).then(|| p.clone());
        let verdict = match verdict {
            Verdict::Fail(mut f) => {
                f.baseline = Some(p);
                Verdict::Fail(f)
            }
            _ => Verdict::Fail(Failure::baseline(p)),
        };
        (verdict, changes)
    }

    /// Whether exchanges are kept for a baseline.
    pub(super) fn recording(&self) -> bool {
        self.recording_on.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Context<'_> {
    /// One exchange as the baseline keeps it.
    pub(super) fn record(&self, label: &str, line: &str, ex: &Exchange, doc: &Value) -> Value {
        let body = if ex.body.is_empty() {
            Value::Null
        } else if doc.is_null() && ex.json_ref().is_err() {
            Value::from(check::describe_body(&ex.body, &*self.runner.redactor))
        } else {
            let mut b = doc.clone();
            crate::baseline::normalise_body(&mut b, &self.case.spec.baseline);
            b
        };
        let mut r = json!({
            "step": label,
            "request": line,
            "status": ex.status,
            "content_type": ex.header("content-type"),
            "body": body,
        });
        if let Some(w) = ex.header("www-authenticate") {
            r["www_authenticate"] = Value::from(w);
        }
        r
    }
}
