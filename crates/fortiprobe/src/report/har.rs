//! `--har FILE`: the run's exchanges as an HTTP Archive (HAR 1.2, the
//! W3C Web Performance group's format), which browsers' developer tools
//! and API clients import. One entry per recorded exchange, in case order
//! then exchange order; each entry's `comment` names its case, its number
//! and its label, and `pageref` groups a case's exchanges (one page per
//! case). Made only from `ExchangeRecord`s, which are scrubbed of every
//! secret the run knows in every form it knows (an `Authorization` header
//! keeps only its scheme); nothing else is read, so nothing else can leak.
//! Bodies are the records' (cut at `BODY_LIMIT` bytes: `content.size` is
//! the whole size, `comment` says what was cut). Exchanges left out of a
//! long case (see `ExchangeLog`) are left out here too, and counted in the
//! page's `comment`.

use serde_json::{json, Value};

use super::{Answer, ExchangeRecord, RunInfo, ShownBody, TrialRecord};

/// The run's recorded exchanges as a HAR 1.2 document.
pub fn har(records: &[TrialRecord], info: &RunInfo) -> Value {
    let mut pages = Vec::new();
    let mut entries = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.exchanges.is_empty() {
            continue;
        }
        let id = format!("case_{}", i + 1);
        let started = r
            .exchanges
            .iter()
            .find_map(|x| x.sent_at)
            .unwrap_or(info.started_at);
        let mut page = json!({
            "startedDateTime": time(started),
            "id": id,
            "title": r.name(),
            "pageTimings": {"onContentLoad": -1, "onLoad": -1},
        });
        if r.exchanges.left_out() > 0 {
            page["comment"] = json!(format!(
                "{} of the case's {} exchanges were not kept (a long walk keeps both ends)",
                r.exchanges.left_out(),
                r.exchanges.total()
            ));
        }
        pages.push(page);
        for x in r.exchanges.iter() {
            entries.push(entry(x, &id, r.name(), info));
        }
    }
    json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "fortiprobe", "version": env!("CARGO_PKG_VERSION")},
            "pages": pages,
            "entries": entries,
            "comment": "Secrets are redacted in every form; an Authorization header keeps only its scheme. Bodies are cut after 4096 bytes.",
        }
    })
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn pairs(h: &[(String, String)]) -> Vec<Value> {
    h.iter()
        .map(|(k, v)| json!({"name": k, "value": v}))
        .collect()
}

/// The query of `target` as name and value pairs, decoded.
fn query(target: &str) -> Vec<Value> {
    let Some((_, q)) = target.split_once('?') else {
        return Vec::new();
    };
    url::form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| json!({"name": k, "value": v}))
        .collect()
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The size a body had (before it was cut) and a note when it was cut.
fn size(b: &ShownBody) -> (usize, Option<String>) {
    match b.cut_from {
        None => (b.text.len(), None),
        Some(n) => (
            n,
            Some(format!(
                "body cut: the first {} bytes kept (redacted) of the {n} received",
                b.text.len()
            )),
        ),
    }
}

fn entry(x: &ExchangeRecord, page: &str, case: &str, info: &RunInfo) -> Value {
    let millis = x.elapsed.as_secs_f64() * 1000.0;
    let mut request = json!({
        "method": x.method,
        "url": format!("{}{}", x.origin, x.target),
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": pairs(&x.request_headers),
        "queryString": query(&x.target),
        "headersSize": -1,
        "bodySize": x.request_body.as_ref().map_or(0, |b| size(b).0),
    });
    if let Some(b) = &x.request_body {
        let mime = header(&x.request_headers, "content-type").unwrap_or("application/octet-stream");
        request["postData"] = json!({"mimeType": mime, "params": [], "text": b.text});
        if let Some(note) = size(b).1 {
            request["postData"]["comment"] = json!(note);
        }
    }
    let response = match &x.answer {
        Answer::Received {
            status,
            headers,
            body,
        } => {
            let (n, note) = size(body);
            let mut content = json!({
                "size": n,
                "mimeType": header(headers, "content-type").unwrap_or(""),
                "text": body.text,
            });
            if let Some(note) = note {
                content["comment"] = json!(note);
            }
            json!({
                "status": status,
                "statusText": reason(*status),
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": pairs(headers),
                "content": content,
                "redirectURL": header(headers, "location").unwrap_or(""),
                "headersSize": -1,
                "bodySize": n,
            })
        }
        // No HTTP answer: status 0, as browsers record a failed request.
        Answer::NoAnswer(why) => json!({
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": ""},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "comment": format!("no answer: {why}"),
        }),
    };
    json!({
        "pageref": page,
        "startedDateTime": time(x.sent_at.unwrap_or(info.started_at)),
        "time": millis,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": millis, "receive": 0},
        "comment": format!("{case}, exchange {}: {}", x.number + 1, x.label),
    })
}

/// The reason phrase of the statuses these APIs use; empty for others
/// (HTTP/2 sends none, and HAR allows an empty one).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{exchange_record, info, rec, SECRET};
    use crate::report::Verdict;

    #[test]
    fn every_exchange_is_an_entry_of_its_case_page_without_secrets() {
        let mut r = rec("p/e/c", Verdict::Pass);
        for i in 0..2 {
            let mut x = exchange_record(&format!("step {i}"), &format!("{{\"k\": \"{SECRET}\"}}"));
            x.number = i;
            r.exchanges.push(x);
        }
        let empty = rec("p/e/none", Verdict::Ignored("why".into()));
        let h = har(&[empty, r], &info());
        let log = &h["log"];
        assert_eq!(log["version"], "1.2");
        assert_eq!(log["pages"].as_array().map(Vec::len), Some(1));
        assert_eq!(log["pages"][0]["title"], "p/e/c");
        let e = &log["entries"][1];
        assert_eq!(e["pageref"], log["pages"][0]["id"]);
        assert_eq!(
            e["request"]["url"],
            "https://fac.example/api/v1/fortitokens/?limit=2"
        );
        assert_eq!(
            e["request"]["queryString"][0],
            json!({"name": "limit", "value": "2"})
        );
        assert_eq!(e["response"]["status"], 200);
        assert_eq!(e["response"]["content"]["mimeType"], "application/json");
        assert_eq!(e["comment"], "p/e/c, exchange 2: step 1");
        let text = h.to_string();
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("admin:pw"), "{text}");
    }
}
