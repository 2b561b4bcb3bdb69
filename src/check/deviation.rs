//! Which findings a known deviation (`suite::deviations`) explains: same
//! product, a location matching its pointer pattern, a value matching its
//! pattern. Explained findings are accepted and listed by default and
//! failed with `--strict`; the rest stay failures.

use serde_json::Value;

use super::Finding;
use crate::suite::deviations::Deviations;
use crate::suite::Product;

/// Splits `findings` into (unexplained, explained with the deviation's id).
pub fn sort(
    deviations: &Deviations,
    product: Product,
    findings: Vec<Finding>,
    doc: &Value,
    header: &dyn Fn(&str) -> Option<String>,
) -> (Vec<Finding>, Vec<String>) {
    let mut rest = Vec::new();
    let mut met = Vec::new();
    for f in findings {
        match explain(deviations, product, &f, doc, header) {
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

fn explain(
    deviations: &Deviations,
    product: Product,
    f: &Finding,
    doc: &Value,
    header: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    deviations
        .list
        .iter()
        .filter(|d| d.product == product)
        .find(|d| {
            if let Some(name) = d.at.strip_prefix("header ") {
                f.at == format!("header {name}")
                    && header(name).is_some_and(|v| d.value.is_match(&v))
            } else {
                pointer_matches(&d.at, &f.at)
                    && doc
                        .pointer(&f.at)
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
    at: header content-type
    value: 'text/html.*'
"#;
        Deviations::parse(&crate::yaml::parse("d.yaml", text).unwrap()).unwrap()
    }

    #[test]
    fn explains_only_the_listed_value_at_the_listed_place() {
        let d = deviations();
        let doc = json!({"objects": [{"last_used_at": "N/A"}, {"last_used_at": "never"}]});
        let f = |at: &str| Finding::new(at, "x", "y");
        let none = |_: &str| None;
        let (rest, met) = sort(
            &d,
            Product::Fortiauthenticator,
            vec![f("/objects/0/last_used_at"), f("/objects/1/last_used_at")],
            &doc,
            &none,
        );
        assert_eq!(met, vec!["na".to_string()]);
        assert_eq!(rest.len(), 1, "\"never\" is not a known deviation");
        assert_eq!(rest[0].at, "/objects/1/last_used_at");
        // Another product: not explained.
        let (rest, _) = sort(
            &d,
            Product::Fortiportal,
            vec![f("/objects/0/last_used_at")],
            &doc,
            &none,
        );
        assert_eq!(rest.len(), 1);
    }

    #[test]
    fn header_deviation() {
        let d = deviations();
        let html = |_: &str| Some("text/html; charset=utf-8".to_string());
        let xml = |_: &str| Some("application/xml".to_string());
        let f = vec![Finding::new("header content-type", "x", "y")];
        assert!(sort(
            &d,
            Product::Fortiauthenticator,
            f.clone(),
            &Value::Null,
            &html
        )
        .0
        .is_empty());
        assert_eq!(
            sort(&d, Product::Fortiauthenticator, f, &Value::Null, &xml)
                .0
                .len(),
            1
        );
    }

    #[test]
    fn the_shipped_file_loads() {
        let doc =
            crate::yaml::parse("deviations.yaml", crate::suite::embedded_deviations()).unwrap();
        let d = Deviations::parse(&doc).unwrap();
        assert!(d.list.len() >= 3);
    }
}
