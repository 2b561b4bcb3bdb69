//! The JSON report (`--json`): the run's version, targets, options and
//! counts, the known deviations met and every trial, in the format
//! published as docs/json-report.schema.json.

use serde_json::{json, Value};

use super::{counts, Answer, ExchangeRecord, Outcome, RunInfo, ShownBody, TrialRecord};

/// The machine-readable report.
pub fn json_report(records: &[TrialRecord], info: &RunInfo) -> Value {
    let all = counts(records.iter());
    let cases: Vec<Value> = records
        .iter()
        .map(|r| {
            let (p, e, c) = r.parts();
            let mut v = json!({
                "name": r.name,
                "product": p,
                "endpoint": e,
                "case": c,
                "kind": r.kind,
                "basis": r.basis,
                "destructive": r.destructive,
                "duration_s": r.duration.as_secs_f64(),
                "requests": r.requests,
                "bytes_received": r.bytes,
            });
            match &r.outcome {
                Outcome::Passed => v["outcome"] = json!("passed"),
                Outcome::Failed(report) => {
                    v["outcome"] = json!("failed");
                    v["findings"] = json!(r.findings());
                    v["report"] = json!(report);
                }
                Outcome::Ignored(reason) => {
                    v["outcome"] = json!("ignored");
                    v["reason"] = json!(reason);
                }
            }
            let d = &r.detail;
            if !d.summary.is_empty() {
                v["summary"] = json!(d.summary);
            }
            if !d.exchanges.is_empty() {
                v["exchanges"] = d.exchanges.iter().map(exchange).collect();
                v["exchanges_left_out"] = json!(d.exchanges.left_out());
            }
            if let Some(changes) = &d.changes {
                v["baseline_changes"] = json!(changes);
            }
            v
        })
        .collect();
    json!({
        "fortiprobe": env!("CARGO_PKG_VERSION"),
        "started_at": info.started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "duration_s": info.duration.as_secs_f64(),
        "targets": info.targets,
        "options": {
            "strict": info.framework && info.deny_deviations,
            "framework": info.framework,
            "deny_deviations": info.deny_deviations,
            "allow_destructive": info.allow_destructive
        },
        "summary": {
            "total": all.tests,
            "passed": all.tests - all.failures - all.skipped,
            "failed": all.failures,
            "ignored": all.skipped,
            "requests": info.requests,
            "requests_outside_cases": info.requests_outside_cases(records),
            "bytes_received": info.bytes,
        },
        "known_deviations": info.deviations.iter().map(|d| json!({
            "id": d.id, "summary": d.summary, "evidence": d.evidence, "cases": d.cases,
        })).collect::<Vec<_>>(),
        "unreachable": info.unreachable.iter().map(|u| json!({
            "product": u.product, "reason": u.reason,
        })).collect::<Vec<_>>(),
        "cases": cases,
    })
}

fn body(b: &ShownBody) -> Value {
    let mut v = json!({"text": b.text});
    if let Some(n) = b.cut_from {
        v["cut_from"] = json!(n);
    }
    v
}

fn headers(h: &[(String, String)]) -> Value {
    h.iter().map(|(k, v)| json!([k, v])).collect()
}

/// One exchange (every text in it already scrubbed).
fn exchange(x: &ExchangeRecord) -> Value {
    let mut request = json!({
        "method": x.method,
        "target": x.target,
        "headers": headers(&x.request_headers),
    });
    if let Some(b) = &x.request_body {
        request["body"] = body(b);
    }
    let mut v = json!({
        "label": x.label,
        "request": request,
        "elapsed_s": x.elapsed.as_secs_f64(),
        "curl": x.curl,
    });
    match &x.answer {
        Answer::Received {
            status,
            headers: h,
            body: b,
        } => {
            v["response"] = json!({"status": status, "headers": headers(h), "body": body(b)});
        }
        Answer::NoAnswer(why) => v["no_answer"] = json!(why),
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{info, rec};

    #[test]
    fn the_json_report_counts_and_lists_findings() {
        let v = json_report(
            &[
                rec("p/e/a", Outcome::Passed),
                rec(
                    "p/e/b",
                    Outcome::Failed("s\n  step\n    at /x: expected 1, got 2".into()),
                ),
            ],
            &info(),
        );
        assert_eq!(v["summary"]["failed"], 1);
        assert_eq!(v["summary"]["passed"], 1);
        assert_eq!(v["cases"][1]["findings"][0], "at /x: expected 1, got 2");
        assert_eq!(v["fortiprobe"], env!("CARGO_PKG_VERSION"));
    }
}
