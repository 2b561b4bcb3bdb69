//! The OpenAPI document of `fortiprobe openapi`: valid against the official
//! OpenAPI 3.1 schema (vendored in tests/data, see its README), its Schema
//! Objects valid JSON Schema 2020-12, every reference resolving, every
//! operation a case uses present, and the same on every render.

mod support;

use std::collections::BTreeSet;

use fortiprobe::openapi;
use fortiprobe::suite::{Source, Suite};
use serde_json::{json, Value};

const OAS_3_1_SCHEMA: &str = include_str!("data/openapi-3.1-schema-2022-10-07.json");

fn doc() -> Value {
    openapi::document(&support::suite())
}

/// Every way `doc` breaks the official OpenAPI 3.1 schema, checked twice:
/// as is, with `format` an annotation (JSON Schema 2020-12's default), and
/// with `format` asserted on a copy whose server URL templates have their
/// variables replaced by the defaults. The 2022-10-07 schema gives server
/// URLs `format: uri-reference`, which a template such as
/// `https://{host}` (the spec's own examples) is not; the OpenAPI
/// Initiative dropped that format for templates afterwards
/// (OAI/OpenAPI-Specification#3455).
fn oas_errors(doc: &Value) -> Vec<String> {
    let mut errors = oas_errors_with(doc, false);
    let mut filled = doc.clone();
    fill_server_templates(&mut filled);
    errors.extend(oas_errors_with(&filled, true));
    errors
}

fn fill_server_templates(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(url)), Some(Value::Object(vars))) =
                (m.get("url"), m.get("variables"))
            {
                let mut url = url.clone();
                for (name, var) in vars {
                    if let Some(d) = var.get("default").and_then(Value::as_str) {
                        url = url.replace(&format!("{{{name}}}"), d);
                    }
                }
                m.insert("url".into(), Value::String(url));
            }
            m.values_mut().for_each(fill_server_templates);
        }
        Value::Array(a) => a.iter_mut().for_each(fill_server_templates),
        _ => {}
    }
}

fn oas_errors_with(doc: &Value, formats: bool) -> Vec<String> {
    let schema: Value = serde_json::from_str(OAS_3_1_SCHEMA).expect("vendored schema is JSON");
    assert_eq!(
        schema["$id"],
        json!("https://spec.openapis.org/oas/3.1/schema/2022-10-07")
    );
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(formats)
        .build(&schema)
        .expect("the OpenAPI 3.1 schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| {
            let formats = if formats { " (formats asserted)" } else { "" };
            format!("{}: {e}{formats}", e.instance_path().as_str())
        })
        .collect()
}

#[test]
fn document_is_valid_against_the_official_openapi_3_1_schema() {
    let d = doc();
    let errors = oas_errors(&d);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(d["openapi"], json!("3.1.0"));
    assert_eq!(
        d["jsonSchemaDialect"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
}

/// What a breakage is, and how to make it.
type Breakage = (&'static str, fn(&mut Value));

#[test]
fn the_schema_check_is_not_vacuous() {
    let good = doc();
    let breakages: Vec<Breakage> = vec![
        ("no info", |d| {
            d.as_object_mut().map(|o| o.remove("info"));
        }),
        ("a response without description", |d| {
            d["paths"]["/api/v1/login"]["post"]["responses"]["201"]
                .as_object_mut()
                .map(|o| o.remove("description"));
        }),
        ("a path parameter not required", |d| {
            d["paths"]["/api/v1/token/temp/{user_id}"]["parameters"][0]["required"] = json!(false)
        }),
        ("an unknown security scheme type", |d| {
            d["components"]["securitySchemes"]["fortiportal_token"]["type"] = json!("token")
        }),
        ("a server URL that is not a URI reference", |d| {
            d["servers"][0]["variables"]["host"]["default"] = json!("fac example")
        }),
        ("a schema that is neither an object nor a boolean", |d| {
            d["components"]["schemas"]["fortiportal_error-response"] = json!(42)
        }),
        ("a bad response key", |d| {
            d["paths"]["/api/v1/login"]["post"]["responses"]["4xx"] = json!({"description": "x"})
        }),
    ];
    for (what, breakage) in breakages {
        let mut d = good.clone();
        breakage(&mut d);
        assert_ne!(d, good, "{what}: the breakage changed nothing");
        assert!(!oas_errors(&d).is_empty(), "{what}: not rejected");
    }
}

fn walk<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => walk(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves_inside_the_document() {
    let d = doc();
    let mut refs = Vec::new();
    walk(&d, &mut refs);
    assert!(refs.len() >= 8, "{refs:?}");
    for r in refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{r}: not a reference into the document"));
        assert!(d.pointer(pointer).is_some(), "{r} does not resolve");
    }
    assert!(!d.to_string().contains("fortiprobe.invalid"));
}

#[test]
fn component_schemas_are_json_schema_2020_12_without_ids() {
    let d = doc();
    let suite = support::suite();
    let components = d["components"]["schemas"].as_object().expect("schemas");
    let names: BTreeSet<String> = suite.schemas.names().map(openapi::component_name).collect();
    let keys: BTreeSet<String> = components.keys().cloned().collect();
    assert_eq!(keys, names, "every schema of schemas/ is a component");
    assert!(keys.contains("fortiauthenticator_fortitokens-list"));
    for (name, schema) in components {
        assert!(schema.get("$id").is_none(), "{name} keeps $id");
        assert!(schema.get("$schema").is_none(), "{name} keeps $schema");
        if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
            panic!("{name} breaks the 2020-12 meta-schema: {e}");
        }
    }
    for rel in suite.schemas.names() {
        let file: Vec<&String> = suite
            .schemas
            .document(rel)
            .and_then(Value::as_object)
            .expect("schema")
            .keys()
            .filter(|k| *k != "$id" && *k != "$schema")
            .collect();
        let component: Vec<&String> = components[&openapi::component_name(rel)]
            .as_object()
            .expect("component")
            .keys()
            .collect();
        assert_eq!(component, file, "{rel}: the file's key order is kept");
    }
    assert_eq!(
        components["fortiauthenticator_fortitokens-list"]["properties"]["objects"]["items"],
        json!({"$ref": "#/components/schemas/fortiauthenticator_fortitoken"})
    );
}

#[test]
fn path_parameters_match_the_templates() {
    let d = doc();
    let mut ids = BTreeSet::new();
    for (path, item) in d["paths"].as_object().expect("paths") {
        let in_template: BTreeSet<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n))
            .collect();
        let declared: BTreeSet<&str> = item["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(in_template, declared, "{path}");
        for (method, op) in item.as_object().expect("path item") {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                assert!(
                    ids.insert(id.to_string()),
                    "{method} {path}: duplicate {id}"
                );
            }
        }
    }
}

fn matches_template(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}') && !b.is_empty()))
}

#[test]
fn every_operation_a_case_uses_is_in_the_document() {
    let d = doc();
    let paths = d["paths"].as_object().expect("paths");
    assert!(d.get("x-fortiprobe-unmapped").is_none(), "{d:#}");
    let has = |method: &str, path: &str| {
        paths
            .iter()
            .any(|(t, item)| matches_template(t, path) && item.get(method).is_some())
    };
    let suite = support::suite();
    let mut seen = 0;
    for case in &suite.cases {
        for step in case.spec.steps.iter().chain(&case.spec.cleanup) {
            let r = &step.request;
            let method = r.method.as_str().to_ascii_lowercase();
            if r.path.starts_with("${") {
                // A whole captured path (a resource_uri, a list_endpoint):
                // mapped through the example of the schema it was captured
                // under, else `x-fortiprobe-unmapped` (absent above) names it.
                let concrete = match r.path.as_str() {
                    "${membership}" => "/api/v1/localgroup-memberships/100/",
                    "${users}" => "/api/v1/localusers/",
                    "${groups}" => "/api/v1/usergroups/",
                    "${memberships}" => "/api/v1/localgroup-memberships/",
                    _ => "",
                };
                if !concrete.is_empty() {
                    assert!(has(&method, concrete), "{} {}", method, case.id());
                }
            } else {
                assert!(
                    has(&method, &r.path),
                    "{} {} ({})",
                    method,
                    r.path,
                    case.id()
                );
            }
            seen += 1;
        }
        if let Some(p) = &case.property {
            assert!(has("get", &p.listing().path), "{}", case.id());
        }
    }
    assert!(seen > 50);
    for (method, path) in [
        ("get", "/api/v1/fortitokens/"),
        ("delete", "/api/v1/fortitokens/{id}/"),
        ("post", "/api/v1/login"),
        ("post", "/api/v1/token/temp"),
        ("delete", "/api/v1/token/temp/{user_id}"),
        ("post", "/fpc/api/auth/tokenlogin/"),
        ("post", "/fpc/api/auth/tokenlogout/"),
    ] {
        assert!(paths[path].get(method).is_some(), "{method} {path}");
    }
}

#[test]
fn operations_carry_queries_bodies_answers_and_security() {
    let d = doc();
    let list = &d["paths"]["/api/v1/fortitokens/"]["get"];
    let query: BTreeSet<&str> = list["parameters"]
        .as_array()
        .expect("query parameters")
        .iter()
        .inspect(|p| assert_eq!(p["in"], "query"))
        .filter_map(|p| p["name"].as_str())
        .collect();
    for name in [
        "format",
        "limit",
        "offset",
        "serial",
        "serial__exact",
        "serial__iexact",
        "type",
        "status",
        "license",
    ] {
        assert!(query.contains(name), "{name} in {query:?}");
    }
    assert_eq!(
        list["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/fortiauthenticator_fortitokens-list"})
    );
    assert_eq!(list["security"], json!([{"fortiauthenticator_basic": []}]));
    assert_eq!(list["tags"], json!(["FortiAuthenticator"]));

    let delete = &d["paths"]["/api/v1/fortitokens/{id}/"]["delete"];
    assert!(delete["responses"]["4XX"].is_object(), "{delete:#}");
    assert!(delete["responses"]["204"].get("content").is_none());

    let temp = &d["paths"]["/api/v1/token/temp"]["post"];
    assert_eq!(
        temp["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/fortitoken_cloud_temp-token-request"})
    );
    assert_eq!(
        temp["responses"]["201"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/fortitoken_cloud_temp-token-response"})
    );
    assert_eq!(temp["security"], json!([{"fortitoken_cloud_bearer": []}]));
    assert_eq!(d["paths"]["/api/v1/login"]["post"]["security"], json!([]));
    assert_eq!(
        d["paths"]["/fpc/api/auth/tokenlogin/"]["post"]["security"],
        json!([])
    );
    assert_eq!(
        d["paths"]["/fpc/api/auth/tokenlogout/"]["post"]["security"],
        json!([{"fortiportal_token": []}])
    );

    let schemes = &d["components"]["securitySchemes"];
    assert_eq!(
        schemes["fortiauthenticator_basic"],
        json!({"type": "http", "scheme": "basic", "description": schemes["fortiauthenticator_basic"]["description"]})
    );
    assert_eq!(schemes["fortitoken_cloud_bearer"]["scheme"], "bearer");
    assert_eq!(schemes["fortiportal_token"]["type"], "apiKey");
    assert_eq!(schemes["fortiportal_token"]["in"], "header");
    assert_eq!(schemes["fortiportal_token"]["name"], "Authorization");

    let servers = d["servers"].as_array().expect("servers");
    assert_eq!(servers.len(), 3);
    for s in servers {
        assert_eq!(s["url"], "https://{host}");
        assert!(s["variables"]["host"]["default"].is_string());
    }
    assert_eq!(
        d["paths"]["/fpc/api/auth/tokenlogin/"]["servers"][0]["description"],
        "FortiPortal"
    );
    let tags: Vec<&str> = d["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        tags,
        ["FortiAuthenticator", "FortiToken Cloud", "FortiPortal"]
    );
}

#[test]
fn the_document_is_the_same_on_every_render() {
    let first = openapi::render(&support::suite());
    let again = Suite::load(Source::Embedded, &[]).expect("suite loads");
    assert_eq!(first, openapi::render(&again));
    let from_files = Suite::load(Source::Dir(env!("CARGO_MANIFEST_DIR").as_ref()), &[])
        .expect("the repository's suite loads");
    assert_eq!(
        openapi::document(&from_files),
        openapi::document(&support::suite())
    );
    assert!(first.ends_with("}\n"));
}
