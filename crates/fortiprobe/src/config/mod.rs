//! The target file: which products to test, where they are, how to
//! authenticate, TLS settings and fixtures. `${VAR}` values come from the
//! environment; a missing variable is named, its value never shown. No
//! error about the file shows a value of it (`checks`).

mod checks;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::suite::Product;
use crate::yaml::{self, LoadError, Located};

/// One configured product.
#[derive(Debug, Clone)]
pub struct ProductTarget {
    /// Scheme, host and port.
    pub url: url::Url,
    /// `username`, `api_key`, `client_id`, `client_secret`, `password`, as the product uses.
    pub credentials: BTreeMap<String, String>,
    pub fixtures: BTreeMap<String, String>,
    pub insecure_tls: bool,
    pub ca_cert: Option<PathBuf>,
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
}

impl ProductTarget {
    pub fn credential(&self, name: &str) -> Option<&str> {
        self.credentials.get(name).map(String::as_str)
    }
}

/// The whole target: every configured product.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub products: BTreeMap<Product, ProductTarget>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    url: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    api_key: Option<String>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    insecure_tls: bool,
    #[serde(default)]
    ca_cert: Option<String>,
    #[serde(default)]
    client_cert: Option<String>,
    #[serde(default)]
    client_key: Option<String>,
    #[serde(default)]
    fixtures: BTreeMap<String, String>,
}

impl Target {
    /// Reads a target file; `env` looks up `${VAR}` (the process environment in the CLI).
    pub fn read(
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Target, Vec<LoadError>> {
        let doc = yaml::read(path).map_err(|e| vec![e])?;
        let base = path.parent().unwrap_or(Path::new("."));
        Target::from_doc(doc, base, env)
    }

    pub fn parse(
        file: &str,
        text: &str,
        base: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Target, Vec<LoadError>> {
        let doc = yaml::parse(file, text).map_err(|e| vec![e])?;
        Target::from_doc(doc, base, env)
    }

    fn from_doc(
        mut doc: Located,
        base: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Target, Vec<LoadError>> {
        let mut errors = Vec::new();
        let keys: Vec<&str> = Product::ALL.iter().map(|p| p.key()).collect();
        let Some(top) = doc.value.as_object().cloned() else {
            return Err(vec![doc.error(
                "",
                "a target file is a mapping with any of `fortiauthenticator`, `fortitoken_cloud`, `fortiportal`",
            )]);
        };
        errors.extend(unknown_products(&doc, &top, &keys));
        // ${VAR} substitution, each missing variable reported at its line.
        let mut value = doc.value.clone();
        substitute_env(&mut value, "", &doc, env, &mut errors);
        doc.value = value;
        let mut target = Target::default();
        for product in Product::ALL {
            if !top.contains_key(product.key()) {
                continue;
            }
            match section(product, &doc, base) {
                Ok(t) => {
                    target.products.insert(product, t);
                }
                Err(e) => errors.extend(e),
            }
        }
        if errors.is_empty() && target.products.is_empty() {
            errors.push(doc.error("", "the target file configures no product"));
        }
        if errors.is_empty() {
            Ok(target)
        } else {
            Err(errors)
        }
    }
}

/// One product's section: its target, or every problem found in it.
fn section(product: Product, doc: &Located, base: &Path) -> Result<ProductTarget, Vec<LoadError>> {
    let mut errors = Vec::new();
    let at = format!("/{}", product.key());
    let raw = doc.value.pointer(&at).cloned().unwrap_or(Value::Null);
    let shape = checks::shape(&raw);
    let wrong_kind = shape.iter().any(|p| !p.unknown);
    // A key missing because it is misspelt is reported once, as misspelt.
    let misspelt: Vec<&str> = shape.iter().filter_map(|p| p.suggestion).collect();
    let explained = |msg: &str| {
        misspelt.iter().any(|k| {
            msg.starts_with(&format!("`{k}` is missing")) || msg == format!("missing field `{k}`")
        })
    };
    for p in shape {
        errors.push(doc.error(&format!("{at}/{}", p.at), p.message));
    }
    if wrong_kind {
        return Err(errors);
    }
    // Unknown keys are reported above; the rest is still checked.
    let mut known = doc.clone();
    if let Some(v) = known.value.pointer_mut(&at) {
        *v = checks::without_unknown(raw);
    }
    let section: Section = match known.extract(&at) {
        Ok(s) => s,
        Err(e) => {
            errors.extend(e.into_iter().filter(|e| !explained(&e.message)));
            return Err(errors);
        }
    };
    match build(product, section, base) {
        Ok(t) if errors.is_empty() => Ok(t),
        Ok(_) => Err(errors),
        Err(list) => {
            for (key, msg) in list.into_iter().filter(|(_, m)| !explained(m)) {
                errors.push(doc.error(&format!("{at}/{key}"), msg));
            }
            Err(errors)
        }
    }
}

/// A top-level key that names no product, with the closest that does.
fn unknown_products(
    doc: &Located,
    top: &serde_json::Map<String, Value>,
    keys: &[&str],
) -> Vec<LoadError> {
    let mut errors = Vec::new();
    for key in top.keys() {
        if !keys.contains(&key.as_str()) {
            let hint = yaml::closest(key, keys)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            errors.push(doc.error(
                &format!("/{key}"),
                format!("unknown product `{key}`, expected one of `fortiauthenticator`, `fortitoken_cloud`, `fortiportal`{hint}"),
            ));
        }
    }
    errors
}

fn substitute_env(
    v: &mut Value,
    pointer: &str,
    doc: &Located,
    env: &dyn Fn(&str) -> Option<String>,
    errors: &mut Vec<LoadError>,
) {
    match v {
        Value::String(s) if s.contains("${") => {
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${") {
                out.push_str(&rest[..start]);
                let after = &rest[start + 2..];
                let Some(end) = after.find('}') else {
                    errors.push(doc.error(pointer, "`${` without a closing `}`"));
                    return;
                };
                let name = &after[..end];
                match env(name) {
                    Some(val) => out.push_str(&val),
                    None => {
                        out.push_str(&rest[start..start + 2 + end + 1]);
                        errors.push(doc.error(
                        pointer,
                        format!("environment variable `{name}` is not set (export it before running fortiprobe)"),
                    ))
                    }
                }
                rest = &after[end + 1..];
            }
            out.push_str(rest);
            *s = out;
        }
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                substitute_env(x, &format!("{pointer}/{i}"), doc, env, errors);
            }
        }
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                substitute_env(x, &format!("{pointer}/{k}"), doc, env, errors);
            }
        }
        _ => {}
    }
}

/// The credentials a product takes, from what the section gives: each one
/// it needs present, non-empty and, for its secret, strong enough; none it
/// does not take.
fn credentials(
    product: Product,
    given: [(&str, Option<String>); 5],
    errs: &mut Vec<(String, String)>,
) -> BTreeMap<String, String> {
    let wanted = product.credentials();
    let mut credentials = BTreeMap::new();
    for (name, value) in given {
        match (wanted.contains(&name), value) {
            (true, Some(v)) if v.is_empty() => {
                errs.push((name.into(), format!("`{name}` is empty")))
            }
            (true, Some(v)) => {
                // A `${VAR}` left in place is reported as not set already.
                let weak = (name == product.describe().secret && !v.contains("${"))
                    .then(|| checks::secret(name, &v))
                    .flatten();
                match weak {
                    Some(msg) => errs.push((name.into(), msg)),
                    None => {
                        credentials.insert(name.to_string(), v);
                    }
                }
            }
            (true, None) => errs.push((
                String::new(),
                format!(
                    "`{name}` is missing; {} needs {}",
                    product.title(),
                    wanted.join(" and ")
                ),
            )),
            (false, Some(_)) => errs.push((
                name.into(),
                format!(
                    "`{name}` is not used by {}; it takes {}",
                    product.title(),
                    wanted.join(" and ")
                ),
            )),
            (false, None) => {}
        }
    }
    credentials
}

/// The fixtures the product knows: a secret one strong enough, one that
/// must name another account than the configured user not naming it.
fn fixture_errors(
    product: Product,
    fixtures: &BTreeMap<String, String>,
    credentials: &BTreeMap<String, String>,
    errs: &mut Vec<(String, String)>,
) {
    let d = product.describe();
    for f in d.fixtures {
        let Some(v) = fixtures.get(f.name) else {
            continue;
        };
        let key = format!("fixtures/{}", f.name);
        if f.secret {
            if let Some(msg) = checks::secret(f.name, v) {
                errs.push((key.clone(), msg));
            }
        }
        if f.not_the_user
            && credentials
                .get(d.user)
                .is_some_and(|u| u.eq_ignore_ascii_case(v))
        {
            errs.push((
                key,
                format!(
                    "`{}` is the configured `{}`: name a user of its own for these cases, never the administrator whose key the suite uses",
                    f.name, d.user
                ),
            ));
        }
    }
}

fn build(
    product: Product,
    s: Section,
    base: &Path,
) -> Result<ProductTarget, Vec<(String, String)>> {
    let mut errs = Vec::new();
    let url = match checks::url(&s.url) {
        Ok(u) => Some(u),
        Err(msg) => {
            errs.push(("url".into(), msg));
            None
        }
    };
    let given = [
        ("username", s.username),
        ("api_key", s.api_key),
        ("client_id", s.client_id),
        ("client_secret", s.client_secret),
        ("password", s.password),
    ];
    let credentials = credentials(product, given, &mut errs);
    fixture_errors(product, &s.fixtures, &credentials, &mut errs);
    if s.client_key.is_some() && s.client_cert.is_none() {
        errs.push((
            "client_key".into(),
            "`client_key` needs `client_cert`".into(),
        ));
    }
    let path = |p: Option<String>, key: &str, errs: &mut Vec<(String, String)>| {
        p.map(|p| {
            let full = base.join(&p);
            if !full.is_file() {
                errs.push((
                    key.to_string(),
                    format!("`{}` is not a readable file", full.display()),
                ));
            }
            full
        })
    };
    let ca_cert = path(s.ca_cert, "ca_cert", &mut errs);
    let client_cert = path(s.client_cert, "client_cert", &mut errs);
    let client_key = path(s.client_key, "client_key", &mut errs);
    match (url, errs.is_empty()) {
        (Some(url), true) => Ok(ProductTarget {
            url,
            credentials,
            fixtures: s.fixtures,
            insecure_tls: s.insecure_tls,
            ca_cert,
            client_cert,
            client_key,
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "FAC_KEY").then(|| "s3cret-key".to_string())
    }

    fn parse(text: &str) -> Result<Target, Vec<LoadError>> {
        Target::parse("t.yaml", text, Path::new("."), &env)
    }

    #[test]
    fn reads_sections_and_env() {
        let t = parse(
            "fortiauthenticator:\n  url: https://fac.example.net\n  username: api\n  api_key: ${FAC_KEY}\n  fixtures:\n    deletable_token_serial: FTK1\n",
        )
        .unwrap();
        let fac = &t.products[&Product::Fortiauthenticator];
        assert_eq!(fac.credential("api_key"), Some("s3cret-key"));
        assert_eq!(fac.fixtures["deletable_token_serial"], "FTK1");
        assert!(!t.products.contains_key(&Product::Fortiportal));
    }

    #[test]
    fn the_auth_fixture_is_never_the_admin_and_its_password_is_a_strong_secret() {
        let errs = parse(
            "fortiauthenticator:\n  url: https://fac.example.net\n  username: apiadmin\n  api_key: ${FAC_KEY}\n  fixtures:\n    auth_username: APIadmin\n    auth_password: short\n",
        )
        .unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter()
                .any(|e| e.starts_with("t.yaml:6:") && e.contains("never the administrator")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("t.yaml:7:") && e.contains("shorter than")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .all(|e| !e.contains("short\"") && !e.contains(": short")),
            "{text:?}"
        );
        let ok = parse(
            "fortiauthenticator:\n  url: https://fac.example.net\n  username: apiadmin\n  api_key: ${FAC_KEY}\n  fixtures:\n    auth_username: alice\n    auth_password: Corr3ct-Horse-Battery\n",
        )
        .unwrap();
        assert_eq!(
            ok.products[&Product::Fortiauthenticator].fixtures["auth_username"],
            "alice"
        );
    }

    #[test]
    fn missing_env_names_variable_and_line_never_value() {
        let errs =
            parse("fortiportal:\n  url: https://fpc\n  username: a\n  password: ${FPC_PASSWORD}\n")
                .unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].line, 4);
        assert!(errs[0].message.contains("FPC_PASSWORD"));
    }

    #[test]
    fn every_error_at_once_with_lines_and_suggestions() {
        let errs = parse(
            "fortiauthenticatr:\n  url: x\nfortiportal:\n  url: ftp://x\n  username: a\n  password: b\n  api_key: c\nfortitoken_cloud:\n  url: https://ftc:9696\n  client_id: a\n  client_secret: b\n  fixturs: {}\n",
        )
        .unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter()
                .any(|e| e.starts_with("t.yaml:1:")
                    && e.contains("did you mean `fortiauthenticator`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("t.yaml:4:") && e.contains("not an http(s) URL")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("t.yaml:7:") && e.contains("not used by FortiPortal")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("t.yaml:12:") && e.contains("did you mean `fixtures`")),
            "{text:?}"
        );
    }

    #[test]
    fn a_misspelt_key_is_reported_once_not_also_as_missing() {
        let errs = parse(
            "fortiportal:\n  ulr: https://fpc.example.net\n  usernme: a\n  password: ${FAC_KEY}\n",
        )
        .unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 2, "{text:?}");
        assert!(text[0].contains("did you mean `url`"), "{text:?}");
        assert!(text[1].contains("did you mean `username`"), "{text:?}");
    }

    #[test]
    fn empty_target_is_an_error() {
        assert!(parse("{}\n").is_err());
    }
}
