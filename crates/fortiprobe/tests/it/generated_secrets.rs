//! No secret the suite or its mock generates shares a piece with the text
//! around it. Every piece of 8 characters of a secret is masked wherever it
//! appears, in any ASCII case, forwards or reversed (`redact::forms::pieces`),
//! so a secret made like a name (`fortiprobe-{unique}-shared` beside the
//! client `fortiprobe-{unique}`) blanks out 8 characters of every name the
//! suite gives: `[redacted]347bc33` in the HAR, the output and the
//! snapshots, which then change when an unrelated secret does.
//!
//! Secrets: the values the cases send under a secret field (a field the
//! descriptions mark `secret`, or one the redactor registers from answers),
//! those of the reference mock's answers, and the mock's credentials. Text:
//! every other value the cases send (the names of what they create, the
//! values they filter by), every other value of the mock's answers, the
//! case names, the descriptions' field names and the mock's user names.

use crate::support;

use std::collections::BTreeSet;

use fortiprobe::redact::{forms, SECRET_FIELDS};
use fortiprobe::suite::description::model::Kind;
use fortiprobe_mock::MockOptions;
use serde_json::Value;

/// Sorts the strings of `v` into secrets (under a key of `secret_keys`)
/// and other text.
fn sort(
    v: &Value,
    key: Option<&str>,
    keys: &BTreeSet<String>,
    out: &mut (Vec<String>, Vec<String>),
) {
    match v {
        Value::String(s) if key.is_some_and(|k| keys.contains(k)) => out.0.push(s.clone()),
        Value::String(s) => out.1.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| sort(x, key, keys, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| sort(x, Some(k), keys, out)),
        _ => {}
    }
}

/// The runs of literal text of `s` between its `${...}` references.
fn literal_runs(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find("${") {
        out.push(rest[..at].to_string());
        rest = rest[at..].find('}').map_or("", |end| &rest[at + end + 1..]);
    }
    out.push(rest.to_string());
    out.retain(|r| !r.is_empty());
    out
}

#[tokio::test]
async fn no_generated_secret_shares_a_piece_with_a_name_or_other_text() {
    let suite = support::suite();
    let mut keys: BTreeSet<String> = SECRET_FIELDS.iter().map(|s| s.to_string()).collect();
    keys.extend(["client_secret", "password", "api_key"].map(String::from));
    let mut found = (Vec::new(), Vec::new());
    for d in &suite.descriptions {
        for (name, f) in &d.body.fields {
            if f.secret {
                keys.insert(name.clone());
            }
            found.1.push(name.clone());
        }
    }
    for case in &suite.cases {
        found.1.push(case.id());
        for step in &case.spec.steps {
            let r = &step.request;
            found.1.push(r.path.clone());
            for q in &r.query {
                let (secrets, text) = &mut found;
                if keys.contains(&q.name) {
                    secrets
                } else {
                    text
                }
                .push(q.value.clone());
            }
            if let Some(body) = &r.json {
                sort(body, None, &keys, &mut found);
            }
        }
    }
    let mock = support::start_mock(MockOptions::default()).await;
    let c = mock.credentials().clone();
    found.0.extend([
        c.fac_api_key.clone(),
        c.ftc_client_secret.clone(),
        c.fpc_password.clone(),
        c.fac_auth_password.clone(),
    ]);
    found.1.extend([
        c.fac_username.clone(),
        c.ftc_client_id.clone(),
        c.fpc_username.clone(),
        c.fac_auth_username.clone(),
    ]);
    let http = reqwest::Client::new();
    for d in suite
        .descriptions
        .iter()
        .filter(|d| d.product_dir == "fortiauthenticator")
    {
        let query = if d.head.kind == Kind::Collection {
            "?format=json&limit=1000"
        } else {
            "?format=json"
        };
        let answer = http
            .get(format!("{}{}{query}", mock.url(), d.head.path))
            .basic_auth(&c.fac_username, Some(&c.fac_api_key))
            .send()
            .await
            .expect("the mock answers");
        if let Ok(doc) = answer.json::<Value>().await {
            sort(&doc, None, &keys, &mut found);
        }
    }
    mock.shutdown().await;
    let (secrets, text) = found;
    let text: Vec<String> = text.iter().map(|t| t.to_ascii_lowercase()).collect();
    assert!(secrets.len() > 8, "{secrets:?}");
    assert!(
        text.iter().any(|t| t.starts_with("fortiprobe-")),
        "no created name seen"
    );
    let mut shared = Vec::new();
    for s in secrets.iter().collect::<BTreeSet<_>>() {
        // The text a case writes around a reference (`${api_key}`, `${uuid}`:
        // the target's, or random): each run of it is masked piece by piece.
        let runs = literal_runs(s);
        let mut pieces: Vec<String> = runs
            .iter()
            .flat_map(|r| forms::pieces(r))
            .map(|f| f.text)
            .collect();
        if runs.len() == 1 && runs[0] == *s && s.chars().count() >= 4 {
            pieces.push(s.clone());
        }
        pieces.extend(
            runs.iter()
                .filter(|r| r.chars().count() == forms::PIECE)
                .cloned(),
        );
        for p in pieces {
            let p = p.to_ascii_lowercase();
            if let Some(t) = text.iter().find(|t| t.contains(&p)) {
                shared.push(format!("{s:?}: {p:?} in {t:?}"));
                break;
            }
        }
    }
    assert!(
        shared.is_empty(),
        "generated secrets sharing a piece with text fortiprobe prints:\n{}",
        shared.join("\n")
    );
}
