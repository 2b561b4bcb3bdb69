//! The JSON report (`--json`): the run's version, targets, options and
//! counts, the known deviations met and every trial, a failed one with
//! its steps and each finding as an object, in the format published as
//! docs/json-report.schema.json.

use serde_json::{json, Value};

use super::outcome::{CaseInfo, Failure, StepReport, Verdict};
use super::{counts, Answer, ExchangeRecord, RunInfo, ShownBody, TrialRecord};
use crate::check::Finding;

/// The machine-readable report.
pub fn json_report(records: &[TrialRecord], info: &RunInfo) -> Value {
    let all = counts(records.iter());
    let cases: Vec<Value> = records.iter().map(case).collect();
    let mut report = json!({
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
        "known_deviations": info.deviations.iter().map(deviation).collect::<Vec<_>>(),
        "unreachable": info.unreachable.iter().map(|u| json!({
            "product": u.product, "reason": u.reason,
        })).collect::<Vec<_>>(),
        "cases": cases,
    });
    if let Some(path) = &info.critical_path {
        report["critical_path"] = json!({
            "duration_s": path.duration.as_secs_f64(),
            "requests": path.requests,
            "cases": path.cases,
        });
        let cap = &path.capacity;
        report["capacity_bound"] = json!({
            "duration_s": cap.duration.as_secs_f64(),
            "product": cap.product,
            "requests": cap.requests,
            "slots": cap.slots,
        });
        report["bound_by"] = json!(if cap.duration > path.duration {
            "capacity_bound"
        } else {
            "critical_path"
        });
    }
    report
}

/// A known deviation met, with where the target first showed it.
fn deviation(d: &super::DeviationMet) -> Value {
    let mut v = json!({
        "id": d.id, "summary": d.summary, "evidence": d.evidence, "cases": d.cases,
    });
    if let Some((case, s)) = &d.seen {
        v["seen"] = json!({"case": case, "at": s.at, "value": s.value, "request": s.request});
        if let Some(n) = s.exchange {
            v["seen"]["exchange"] = json!(n);
        }
    }
    v
}

/// One trial: what it is, how it ended, what it cost, its exchanges.
fn case(r: &TrialRecord) -> Value {
    let (p, e, c) = r.parts();
    let mut v = json!({
        "name": r.case.name,
        "product": p,
        "endpoint": e,
        "case": c,
        "kind": r.case.kind,
        "basis": r.case.basis,
        "destructive": r.case.destructive,
        "duration_s": r.duration.as_secs_f64(),
        "requests": r.requests,
        "bytes_received": r.bytes,
        "outcome": r.verdict.word(),
    });
    match &r.verdict {
        Verdict::Pass => {}
        Verdict::Fail(f) => failure(&mut v, &r.case, f),
        Verdict::Ignored(reason) => v["reason"] = json!(reason),
    }
    if !r.case.summary.is_empty() {
        v["summary"] = json!(r.case.summary);
    }
    if !r.exchanges.is_empty() {
        v["exchanges"] = r.exchanges.iter().map(exchange).collect();
        v["exchanges_left_out"] = json!(r.exchanges.left_out());
    }
    if let Some(changes) = &r.changes {
        v["baseline_changes"] = json!(changes);
    }
    v
}

/// A failure's steps, each finding an object, and its text.
fn failure(v: &mut Value, case: &CaseInfo, f: &Failure) {
    v["steps"] = f.steps.iter().map(step).collect();
    v["findings_left_out"] = json!(f.left_out());
    if let Some(p) = &f.panic {
        v["panic"] = json!(p);
    }
    v["report"] = json!(super::text::failure(case, f));
}

fn step(s: &StepReport) -> Value {
    json!({
        "label": s.label,
        "request": s.line,
        "findings": s
            .findings
            .iter()
            .zip(super::fold::follows(s))
            .map(|(f, follows)| finding(f, follows))
            .collect::<Vec<_>>(),
        "findings_left_out": s.left_out,
    })
}

fn finding(f: &Finding, follows: Option<usize>) -> Value {
    let mut v = json!({"at": f.at, "expected": f.expected, "actual": f.actual});
    if let Some(p) = &f.page {
        v["page"] = json!({"number": p.number, "request": p.request});
    }
    if let Some(n) = f.exchange {
        v["exchange"] = json!(n);
    }
    if let Some(i) = follows {
        v["follows"] = json!(i);
    }
    v
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
        "number": x.number,
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
    use crate::report::fixtures::{failed, info, rec};

    #[test]
    fn the_json_report_counts_and_holds_each_finding_as_an_object() {
        let mut fail = rec("p/e/b", failed(&[("/x", "1", "2")]));
        if let Verdict::Fail(f) = &mut fail.verdict {
            f.steps[0].findings[0] = Finding::new("/y", "3", "4").on_page(2, "/p?offset=2");
            f.steps[0].findings[0].exchange = Some(5);
            f.steps[0].left_out = 9;
        }
        let v = json_report(&[rec("p/e/a", Verdict::Pass), fail], &info());
        assert_eq!(v["summary"]["failed"], 1);
        assert_eq!(v["summary"]["passed"], 1);
        let step = &v["cases"][1]["steps"][0];
        assert_eq!(step["label"], "request");
        assert_eq!(step["request"], "GET /api/v1/x/ → 500 in 3 ms");
        assert_eq!(
            step["findings"][0],
            json!({"at": "/y", "expected": "3", "actual": "4",
                   "page": {"number": 2, "request": "/p?offset=2"}, "exchange": 5})
        );
        assert_eq!(step["findings_left_out"], 9);
        assert_eq!(v["cases"][1]["findings_left_out"], 9);
        assert!(v["cases"][1]["report"]
            .as_str()
            .is_some_and(|r| r.contains("at page 2 (/p?offset=2) /y")));
        assert!(v["cases"][0].get("steps").is_none());
        assert_eq!(v["fortiprobe"], env!("CARGO_PKG_VERSION"));
    }
}
