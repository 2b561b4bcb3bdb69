//! Which findings a known deviation (`suite::deviations`) explains: same
//! product, an answer of the kind its evidence shows (method, status, empty
//! body, where it names them), a location matching its pointer pattern, a
//! value matching its pattern. Explained findings are accepted and listed
//! by default and failed with `--deny-deviations`; the rest stay failures.

use serde_json::Value;

use super::Finding;
use crate::exchange::Exchange;
use crate::suite::deviations::Deviation;
use crate::suite::deviations::Deviations;
use crate::suite::Product;

/// Splits the findings about `ex` into (unexplained, explained with the
/// deviation's id).
pub fn sort(
    deviations: &Deviations,
    product: Product,
    findings: Vec<Finding>,
    ex: &Exchange,
) -> (Vec<Finding>, Vec<String>) {
    let mut rest = Vec::new();
    let mut met = Vec::new();
    let doc = ex.json_ref().unwrap_or(&Value::Null);
    let header = |name: &str| ex.header(name).map(str::to_string);
    for f in findings {
        let shown = deviations
            .list
            .iter()
            .filter(|d| d.product == product && answer_fits(d, ex));
        match explain(shown, &f.at, doc, &header) {
            Some(id) => {
                if !met.contains(&id) {
                    met.push(id);
                }
            }
            None => rest.push(f),
        }
    }
    (rest, met)
}

/// The deviation that explains a departure of `ex`'s body at the JSON
/// pointer `at`, if one does.
pub fn explains(
    deviations: &Deviations,
    product: Product,
    ex: &Exchange,
    at: &str,
) -> Option<String> {
    let doc = ex.json_ref().unwrap_or(&Value::Null);
    let shown = deviations
        .list
        .iter()
        .filter(|d| d.product == product && answer_fits(d, ex));
    explain(shown, at, doc, &|name| ex.header(name).map(str::to_string))
}

/// The answer is of the kind the deviation's evidence shows: its method,
/// its status, an empty body, as far as the deviation names them.
fn answer_fits(d: &Deviation, ex: &Exchange) -> bool {
    d.method.as_deref().is_none_or(|m| m == ex.method)
        && d.status.is_none_or(|s| s == ex.status)
        && (!d.empty_body || ex.body.is_empty())
}

fn explain<'a>(
    mut shown: impl Iterator<Item = &'a Deviation>,
    at: &str,
    doc: &Value,
    header: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    shown
        .find(|d| {
            if let Some(name) = d.at.strip_prefix("header ") {
                at == format!("header {name}") && header(name).is_some_and(|v| d.value.is_match(&v))
            } else {
                pointer_matches(&d.at, at)
                    && doc
                        .pointer(at)
                        .is_some_and(|v| d.value.is_match(&v.to_string()))
            }
        })
        .map(|d| d.id.clone())
}

/// `/objects/*/x` matches `/objects/3/x`.
fn pointer_matches(pattern: &str, pointer: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let q: Vec<&str> = pointer.split('/').collect();
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| *a == "*" || a == b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deviations() -> Deviations {
        let text = r#"deviations:
  - id: na
    product: fortiauthenticator
    summary: s
    evidence: e
    at: /objects/*/last_used_at
    value: '"N/A"'
  - id: html
    product: fortiauthenticator
    summary: s
    evidence: e
    method: delete
    status: 204
    body: empty
    at: header content-type
    value: 'text/html.*'
"#;
        Deviations::parse(&crate::yaml::parse("d.yaml", text).unwrap()).unwrap()
    }

    fn answer(method: &'static str, status: u16, content_type: &str, body: &str) -> Exchange {
        Exchange {
            method,
            target: "/api/v1/fortitokens/".into(),
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            sent_at: chrono::Utc::now(),
            elapsed: std::time::Duration::ZERO,
            parsed: std::sync::OnceLock::new(),
            large: None,
            recorded: None,
        }
    }

    fn left(ex: &Exchange, at: &str) -> usize {
        let f = vec![Finding::new(at, "x", "y")];
        sort(&deviations(), Product::Fortiauthenticator, f, ex)
            .0
            .len()
    }

    #[test]
    fn explains_only_the_listed_value_at_the_listed_place() {
        let d = deviations();
        let body = json!({"objects": [{"last_used_at": "N/A"}, {"last_used_at": "never"}]});
        let ex = answer("GET", 200, "application/json", &body.to_string());
        let f = |at: &str| Finding::new(at, "x", "y");
        let (rest, met) = sort(
            &d,
            Product::Fortiauthenticator,
            vec![f("/objects/0/last_used_at"), f("/objects/1/last_used_at")],
            &ex,
        );
        assert_eq!(met, vec!["na".to_string()]);
        assert_eq!(rest.len(), 1, "\"never\" is not a known deviation");
        assert_eq!(rest[0].at, "/objects/1/last_used_at");
        // Another product: not explained.
        let (rest, _) = sort(
            &d,
            Product::Fortiportal,
            vec![f("/objects/0/last_used_at")],
            &ex,
        );
        assert_eq!(rest.len(), 1);
    }

    #[test]
    fn the_html_deviation_explains_an_empty_204_to_delete_and_nothing_else() {
        let html = "text/html; charset=utf-8";
        assert_eq!(
            left(&answer("DELETE", 204, html, ""), "header content-type"),
            0
        );
        // A JSON listing sent as text/html (issue 12), a DELETE answered
        // 200, a 204 with a body, another header value, another finding.
        for (ex, at) in [
            (
                answer("GET", 200, html, "{\"objects\": []}"),
                "header content-type",
            ),
            (answer("DELETE", 200, html, ""), "header content-type"),
            (
                answer("DELETE", 204, html, "<p>gone</p>"),
                "header content-type",
            ),
            (
                answer("DELETE", 204, "application/xml", ""),
                "header content-type",
            ),
            (answer("DELETE", 204, html, ""), "status"),
        ] {
            assert_eq!(left(&ex, at), 1, "{} {} {at}", ex.method, ex.status);
        }
    }

    #[test]
    fn the_shipped_file_loads_and_scopes_the_html_deviation() {
        let doc =
            crate::yaml::parse("deviations.yaml", crate::suite::embedded_deviations()).unwrap();
        let d = Deviations::parse(&doc).unwrap();
        assert!(d.list.len() >= 3);
        let html = d.list.iter().find(|d| d.id == "fac_delete_204_text_html");
        let html = html.expect("fac_delete_204_text_html is listed");
        assert_eq!(html.method.as_deref(), Some("DELETE"));
        assert_eq!(html.status, Some(204));
        assert!(html.empty_body);
    }
}
