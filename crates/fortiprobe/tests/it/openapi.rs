//! The OpenAPI document of `fortiprobe openapi`: valid against the official
//! OpenAPI 3.1 schema (vendored in tests/data, see its README), its Schema
//! Objects valid JSON Schema 2020-12, every reference resolving, every
//! operation a case uses present, and the same on every render.

use crate::support;

use std::collections::BTreeSet;

use fortiprobe::openapi;
use fortiprobe::suite::{Source, Suite};
use serde_json::{json, Value};

const OAS_3_1_SCHEMA: &str = include_str!("../data/openapi-3.1-schema-2022-10-07.json");

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
    assert!(
        keys.is_subset(&names),
        "every component is a schema of schemas/"
    );
    assert!(keys.contains("fortiauthenticator_fortitokens-list"));
    for (name, schema) in components {
        assert!(schema.get("$id").is_none(), "{name} keeps $id");
        assert!(schema.get("$schema").is_none(), "{name} keeps $schema");
        if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
            panic!("{name} breaks the 2020-12 meta-schema: {e}");
        }
    }
    for rel in suite
        .schemas
        .names()
        .filter(|rel| keys.contains(&openapi::component_name(rel)))
    {
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

/// Only templated paths: no segment is an id (a number, a UUID) taken from a
/// case's literal request, and no two paths are one template with other
/// parameter names (which Schemathesis would test twice, one with a fixed id).
#[test]
fn paths_are_templates_only() {
    let d = doc();
    let paths: Vec<&String> = d["paths"].as_object().expect("paths").keys().collect();
    for path in &paths {
        for seg in path.split('/') {
            let digits = !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit());
            let uuid = seg.split('-').map(str::len).eq([8, 4, 4, 4, 12]);
            assert!(!digits && !uuid, "{path}: literal id segment {seg:?}");
        }
        let shape = |p: &str| {
            p.split('/')
                .map(|s| if s.starts_with('{') { "{}" } else { s })
                .collect::<Vec<_>>()
                .join("/")
        };
        let same: Vec<&&String> = paths.iter().filter(|q| shape(q) == shape(path)).collect();
        assert_eq!(same.len(), 1, "one template, several paths: {same:?}");
    }
    assert!(
        paths.iter().any(|p| p.starts_with("/api/v1/token/temp/{")),
        "the temporary-token path is still there, templated: {paths:?}"
    );
}

fn matches_template(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}') && !b.is_empty()))
}

/// Whether a step checks that a method the resource description of its
/// path does not list (on a list URI, or on an object's URI) is refused:
/// it allows no success.
fn refuses_an_unlisted_method(
    suite: &fortiprobe::suite::Suite,
    case: &fortiprobe::suite::Case,
    step: &fortiprobe::suite::case::Step,
) -> bool {
    use fortiprobe::suite::case::StatusSpec;
    let refused_only = match step.expect.status.as_ref() {
        Some(StatusSpec::One(c)) => !(200..300).contains(c),
        Some(StatusSpec::Set(cs)) => !cs.iter().any(|c| (200..300).contains(c)),
        Some(StatusSpec::Class(c)) => !c.starts_with('2'),
        None => false,
    };
    let r = &step.request;
    refused_only
        && suite.descriptions.iter().any(|d| {
            let list = d.head.path.trim_end_matches('/');
            let rest = r.path.strip_prefix(list).unwrap_or_default();
            let detail = rest.trim_matches('/').split('/').count() == 1
                && !rest.trim_matches('/').is_empty();
            d.product_dir == case.product.key()
                && r.path.starts_with(list)
                && (rest.trim_matches('/').is_empty() || detail)
                && !d.allows(r.method, detail)
        })
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
    let mut refusals = 0;
    for case in &suite.cases {
        for step in case.spec.steps.iter().chain(&case.spec.cleanup) {
            let r = &step.request;
            let method = r.method.as_str().to_ascii_lowercase();
            if refuses_an_unlisted_method(&suite, case, step) {
                // A case that checks a method the guide does not list is
                // refused describes no operation of the API.
                assert!(
                    !has(&method, &r.path),
                    "{} {} ({})",
                    method,
                    r.path,
                    case.id()
                );
                refusals += 1;
            } else if r.path.starts_with("${") {
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
    assert!(refusals > 0, "no derived case checks an unlisted method");
    for (method, path) in [
        ("get", "/api/v1/fortitokens/"),
        ("delete", "/api/v1/fortitokens/{id}"),
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

    let delete = &d["paths"]["/api/v1/fortitokens/{id}"]["delete"];
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
    let from_files =
        Suite::load(Source::Dir(support::project()), &[]).expect("the repository's suite loads");
    assert_eq!(
        openapi::document(&from_files),
        openapi::document(&support::suite())
    );
    assert!(first.ends_with("}\n"));
}

/// The component names `$ref`s point to in `v`.
fn component_refs(v: &Value) -> BTreeSet<String> {
    let mut refs = Vec::new();
    walk(v, &mut refs);
    refs.iter()
        .filter_map(|r| r.strip_prefix("#/components/schemas/"))
        .map(|r| r.split('/').next().unwrap_or(r).to_string())
        .collect()
}

#[test]
fn every_component_is_referenced_and_every_operation_summarised() {
    let d = doc();
    let components = d["components"]["schemas"].as_object().expect("schemas");
    // Reachable from the paths, directly or through other components.
    let mut reached = component_refs(&d["paths"]);
    loop {
        let more: BTreeSet<String> = reached
            .iter()
            .flat_map(|n| component_refs(&components[n]))
            .collect();
        if more.is_subset(&reached) {
            break;
        }
        reached.extend(more);
    }
    let all: BTreeSet<String> = components.keys().cloned().collect();
    assert_eq!(all, reached, "components nothing refers to");
    // The query schema is inlined as parameters, not referenced.
    assert!(!all.contains("fortiauthenticator_fortitokens-list-query"));
    for (path, item) in d["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            if op.get("operationId").is_none() {
                continue;
            }
            let summary = op["summary"].as_str().unwrap_or("");
            assert!(!summary.is_empty(), "{method} {path} has no summary");
            assert!(
                !summary.starts_with(&method.to_ascii_uppercase()),
                "{method} {path}: {summary}"
            );
        }
    }
}

#[test]
fn answers_include_refused_credentials_and_xml_where_it_may_be_asked() {
    let d = doc();
    for (method, path) in [
        ("get", "/api/v1/fortitokens/"),
        ("delete", "/api/v1/fortitokens/{id}"),
        ("post", "/api/v1/token/temp"),
        ("delete", "/api/v1/token/temp/{user_id}"),
    ] {
        assert!(
            d["paths"][path][method]["responses"]["401"].is_object(),
            "{method} {path}: no 401"
        );
    }
    assert!(d["paths"]["/api/v1/login"]["post"]["responses"]["401"].is_object());
    let ok = &d["paths"]["/api/v1/fortitokens/"]["get"]["responses"]["200"]["content"];
    assert!(ok["application/xml"].is_object(), "{ok:#}");
    assert!(ok["application/json"]["schema"].is_object());
    let temp = &d["paths"]["/api/v1/token/temp"]["post"]["responses"]["201"]["content"];
    assert!(
        temp.get("application/xml").is_none(),
        "no format parameter there"
    );
}

/// The operation with `id`, anywhere in the document.
fn operation_by_id<'a>(d: &'a Value, id: &str) -> Option<&'a Value> {
    d["paths"]
        .as_object()?
        .values()
        .flat_map(|item| item.as_object().into_iter().flatten())
        .map(|(_, op)| op)
        .find(|op| op["operationId"] == id)
}

#[test]
fn links_follow_the_flows_and_point_at_operations() {
    let d = doc();
    let links = |path: &str, status: &str| -> Value {
        d["paths"][path]["post"]["responses"][status]["links"].clone()
    };
    // FortiToken Cloud: login -> token/temp (bearer) -> DELETE (user_id).
    let login = links("/api/v1/login", "201");
    let to_temp = &login["fortitoken_cloud_post_api_v1_token_temp"];
    assert_eq!(
        to_temp["parameters"]["header.Authorization"],
        "Bearer {$response.body#/access_token}"
    );
    let temp = links("/api/v1/token/temp", "201");
    assert_eq!(
        temp["fortitoken_cloud_delete_api_v1_token_temp_user_id"]["parameters"],
        json!({"path.user_id": "$request.body#/user_id"})
    );
    // FortiPortal: tokenlogin -> tokenlogout with the token.
    // tokenlogin's status is not documented: any 2xx (issue 12).
    let login = links("/fpc/api/auth/tokenlogin/", "2XX");
    assert_eq!(
        login["fortiportal_post_fpc_api_auth_tokenlogout"]["parameters"]["header.Authorization"],
        "Token {$response.body#/token}"
    );
    // Every link names an operation of the document; only 2xx answers link.
    let mut n = 0;
    for item in d["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("item").values() {
            for (status, r) in op["responses"].as_object().into_iter().flatten() {
                for (name, link) in r["links"].as_object().into_iter().flatten() {
                    assert!(status.starts_with('2'), "{name} from {status}");
                    let target = link["operationId"].as_str().expect("operationId");
                    assert!(operation_by_id(&d, target).is_some(), "{name} -> {target}");
                    n += 1;
                }
            }
        }
    }
    assert!(n >= 4, "{n} links");
}

#[test]
fn request_examples_come_from_the_cases_and_meet_their_schemas() {
    let suite = support::suite();
    let values = |_: fortiprobe::suite::Product, name: &str| match name {
        "temp_token_user" => Some("0f4e2c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b".to_string()),
        "username" => Some("spuser".to_string()),
        "password" => Some("demo-password".to_string()),
        "client_id" => Some("demo-client".to_string()),
        "client_secret" => Some("demo-secret".to_string()),
        _ => None,
    };
    let d = openapi::document_with(&suite, &values);
    let components = d["components"]["schemas"].clone();
    let mut checked = 0;
    for (path, item) in d["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let media = &op["requestBody"]["content"]["application/json"];
            let Some(examples) = media["examples"].as_object() else {
                continue;
            };
            let reference = media["schema"]["$ref"].as_str().expect("a component");
            let name = reference.trim_start_matches("#/components/schemas/");
            let mut schema = components[name].clone();
            // Resolve the other components as the document would.
            schema["$defs"] = components.clone();
            let text = serde_json::to_string(&schema)
                .unwrap()
                .replace("#/components/schemas/", "#/$defs/");
            let schema: Value = serde_json::from_str(&text).unwrap();
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("compiles");
            for (case, e) in examples {
                let errors: Vec<String> = validator
                    .iter_errors(&e["value"])
                    .map(|x| x.to_string())
                    .collect();
                assert!(errors.is_empty(), "{method} {path} {case}: {errors:?}");
                assert!(
                    !e["value"].to_string().contains("${"),
                    "{case}: a reference left"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 8, "{checked} examples");
    let login = &d["paths"]["/api/v1/login"]["post"]["requestBody"]["content"]["application/json"]
        ["examples"]["login"]["value"];
    assert_eq!(
        login,
        &json!({"client_id": "demo-client", "client_secret": "demo-secret"})
    );
    let temp = &d["paths"]["/api/v1/token/temp/{user_id}"]["parameters"][0]["examples"];
    assert_eq!(
        temp["temp_token_user"]["value"],
        "0f4e2c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
    );
    // Without values, nothing of a target is in the document.
    assert!(!openapi::render(&suite).contains("demo-secret"));
}

/// A write that replaces or changes an object carries the body it is
/// written with, also where the guide documents it and no case sends it
/// (`PATCH /snmpgeneral/`: the document's fields, none required); a
/// PATCH or PUT without one is what a fuzzer sends and a target refuses.
#[test]
fn every_documented_put_and_patch_has_a_request_body() {
    let d = doc();
    let mut seen = 0;
    for (path, item) in d["paths"].as_object().expect("paths") {
        for method in ["put", "patch"] {
            if let Some(op) = item.get(method) {
                seen += 1;
                assert!(
                    op["requestBody"]["content"]["application/json"]["schema"].is_object(),
                    "{method} {path} has no request body: {op:#}"
                );
            }
        }
    }
    assert!(seen > 5, "{seen} PUT or PATCH operations");
    let snmp = &d["paths"]["/api/v1/snmpgeneral/"]["patch"]["requestBody"];
    assert_eq!(
        snmp["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/fortiauthenticator_resources_snmpgeneral.patch"})
    );
    let schema = &d["components"]["schemas"]["fortiauthenticator_resources_snmpgeneral.patch"];
    assert_eq!(schema["required"], json!([]), "{schema:#}");
    assert!(schema["properties"]["contact"].is_object(), "{schema:#}");
}
