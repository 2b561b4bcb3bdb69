//! The round trip of a described resource: its example created (201),
//! read back by its URI with the values sent (and the fields that mirror
//! related objects), listed: found by its own name under the documented
//! exact filter on its naming field, or, where the guide documents none,
//! counted in the listing (`total_count` one more); found under each
//! documented filter with its own values (each with that name as well,
//! or with another documented exact filter on a value the case generated,
//! so that it holds however many objects the target holds), shown on the
//! related objects the guide says reflect it; changed by each documented
//! PATCH and PUT; deleted through the documented URI form; then gone
//! everywhere: its URI, its name (or the count), every filter, every
//! related object. A DELETE the guide lists only on the framework's word
//! is its own case.

use serde_json::{json, Map, Value};

use super::make::{at_object, delete_fact, own_name, Made, Plan};
use super::read::fact;
use super::{basis, case, cite, general, get, step, token, Gen};
use crate::suite::case::{Basis, Method};
use crate::suite::description::model::{FieldType, FilterValue, MethodFact};
use crate::suite::property::Pick;

pub(super) fn cases(g: &mut Gen) {
    let d = g.d;
    let (Some((i, post)), Some(_)) = (fact(g, Method::Post, false), d.body.example.as_ref()) else {
        return;
    };
    let Some(delete) = delete_fact(d) else {
        return;
    };
    let name = "create_read_update_delete";
    let mut plan = Plan::new(token(&d.head.resource, name));
    let obj = created(g, &mut plan);
    let mut bases = vec![post.basis];
    let mut what = vec![
        format!("POST {} answers {}", post.uri, post.status),
        "the object reads back as sent".into(),
    ];
    listed(g, &mut plan, &obj, true);
    what.push(if counted(g, &obj) {
        "counted and found under each documented filter".into()
    } else {
        "found by its name and under each documented filter".into()
    });
    let mut seen = obj.values.clone();
    if reflected(g, &mut plan, &obj, &obj.values, true) {
        what.push("shown on related objects".into());
    }
    for method in [Method::Patch, Method::Put] {
        if let Some(w) = change(g, &mut plan, &obj, method, &mut bases, &mut seen) {
            what.push(w);
        }
    }
    let doc_delete = delete.basis == Basis::Doc;
    if doc_delete {
        gone(g, &mut plan, &obj, &seen);
        what.push(format!(
            "DELETE {} answers {} and it is gone everywhere",
            delete.uri, delete.status
        ));
    }
    let mut sources: Vec<String> = Vec::new();
    let cites = d.body.methods.iter().filter(|m| m.basis == Basis::Doc);
    for page in cites
        .map(|m| cite(d, &m.source))
        .chain([general::CODES.into()])
    {
        for one in page.split("; ") {
            if !sources.iter().any(|s| s == one) {
                sources.push(one.to_string());
            }
        }
    }
    let c = case(
        name,
        format!("{}: {}", d.head.title, what.join("; ")),
        basis(&bases),
        sources.join("; "),
        json!({"destructive": true, "steps": plan.steps, "cleanup": plan.cleanup()}),
    );
    let c = g.later_fields(c, seen.keys().map(String::as_str));
    g.add(&format!("/methods/{i}"), c);
    tag_round_trip(g, name, delete, doc_delete);
    if !doc_delete {
        delete_alone(g);
    }
    answers_location(g);
}

/// The rules the round trip checks: listed, reflected, the parameters that
/// hide a field, each documented URI form it uses, deleted.
fn tag_round_trip(g: &mut Gen, name: &str, delete: &MethodFact, doc_delete: bool) {
    let d = g.d;
    g.tag(name, "listed", None);
    for r in &d.body.reflections {
        g.tag(name, "reflected", Some(&r.on));
        // The related object's field is a rule of its own resource too.
        if let Some(of) = d.field(&r.via).and_then(|f| f.of.as_deref()) {
            g.tag_for(of, name, "reflected", Some(&r.on));
        }
    }
    for (p, _) in d.body.parameters.iter().filter(|(_, p)| p.hides.is_some()) {
        g.tag(name, "parameter", Some(p));
    }
    for m in &d.body.methods {
        let used = match m.method {
            Method::Delete => doc_delete && std::ptr::eq(m, delete),
            Method::Get => {
                m.uri.contains("[id]")
                    && fact(g, Method::Get, true).is_some_and(|(_, f)| std::ptr::eq(f, m))
            }
            Method::Post | Method::Patch | Method::Put => {
                fact(g, m.method, m.uri.contains("[id]")).is_some_and(|(_, f)| std::ptr::eq(f, m))
            }
        };
        if used {
            g.tag(name, &super::uri_rule(m), None);
        }
    }
    if doc_delete {
        g.tag(name, "deleted", None);
    }
}

/// A create answers a `Location` that leads to the new object: tastypie's
/// `post_list` ([framework]; the guide says only that the 201's body does
/// not hold the object).
fn answers_location(g: &mut Gen) {
    let d = g.d;
    let Some((i, post_fact)) = fact(g, Method::Post, false) else {
        return;
    };
    let name = "create_answers_location";
    let mut plan = Plan::new(token(&d.head.resource, name));
    let create = d
        .body
        .example
        .as_ref()
        .map(|e| e.create.clone())
        .unwrap_or_default();
    let filled = super::fill(&Value::Object(create), plan.token);
    let values = plan.resolve(g, &filled.as_object().cloned().unwrap_or_default());
    let naming = d
        .body
        .example
        .as_ref()
        .and_then(|e| e.naming.clone())
        .and_then(|n| {
            values
                .get(&n)
                .and_then(Value::as_str)
                .map(|v| (n, v.to_string()))
        });
    let made = Made {
        var: "made".into(),
        values,
        naming,
    };
    let mut post = super::make::post(d, &made, post_fact.status, None);
    post["capture"]["made_loc"] = json!({"header": "Location"});
    plan.steps.push(post);
    let mut r = at_object(Method::Get, "made_loc", None);
    r["query"] = json!([{"format": "json"}]);
    plan.steps.push(step(
        r,
        json!({"status": 200, "schema": d.schema_path("object"),
        "fields": [{"at": "/resource_uri", "equals": "${made_loc}"}]}),
    ));
    let found = !matches!(super::make::naming_filter(d), Some((_, Basis::Doc)));
    let mut cleanup = super::make::remove(d, &made, found);
    cleanup.extend(plan.cleanup());
    g.add(
        &format!("/methods/{i}"),
        case(
            name,
            format!("POST {} answers {} with a `Location` header that leads to the new object", post_fact.uri, post_fact.status),
            "framework",
            format!("{}: 201 'the response body does not contain the newly created resource'; tastypie names the new object in `Location` [framework]", general::CODES),
            json!({"destructive": true, "steps": plan.steps, "cleanup": cleanup}),
        ),
    );
}

/// Makes the example (and counts the listing before, where the count
/// judges it: `counted`): the object's `Made`.
fn created(g: &Gen, plan: &mut Plan) -> Made {
    let at = plan.steps.len();
    let made = plan.make(g, g.d);
    if counted(g, &made) {
        plan.steps.insert(
            at,
            json!({
                "request": get(&g.d.head.path, &[("limit", "1".into())]),
                "expect": {"status": 200, "schema": g.d.schema_path("list")},
                "capture": {"before": "/meta/total_count"},
            }),
        );
    }
    plan.steps.push(read_back(g, plan, &made, &made.values));
    made
}

/// Whether the round trip judges "listed" and "gone" by the listing's
/// count: unless its object keeps a name of its own under a documented
/// exact filter (`make::own_name`) that no documented PATCH or PUT of the
/// case changes.
fn counted(g: &Gen, made: &Made) -> bool {
    let renamed: Vec<&str> =
        g.d.body
            .example
            .as_ref()
            .into_iter()
            .flat_map(|e| e.patch.iter().chain(&e.put))
            .flat_map(|m| m.keys().map(String::as_str))
            .collect();
    own_name(g.d, made, &renamed).is_none()
}

/// The documented exact filter every filter's check is joined with, so
/// that under it the listing holds the object or nothing, however many
/// objects the target holds: its own name (`make::own_name`), else a
/// documented exact filter on a value the case generated.
fn anchor(g: &Gen, plan: &Plan, made: &Made) -> Option<(String, String)> {
    if !counted(g, made) {
        return made.naming.clone();
    }
    let known = known_values(g, plan, &made.values);
    g.d.body.filters.iter().find_map(|(name, f)| {
        let text = known.get(name)?.as_str()?;
        (f.basis == Basis::Doc
            && f.value != FilterValue::Id
            && f.lookups.iter().any(|l| l == "exact")
            && plan.generated(text))
        .then(|| (name.clone(), text.to_string()))
    })
}

/// GET of the object: 200, its schema, `values` as sent, mirrors right.
fn read_back(g: &Gen, plan: &Plan, made: &Made, values: &Map<String, Value>) -> Value {
    let d = g.d;
    let get_fact = fact(g, Method::Get, true).map(|(_, m)| m);
    let mut r = at_object(Method::Get, &made.var, get_fact);
    r["query"] = json!([{"format": "json"}]);
    let mut fields = vec![json!({"at": "/resource_uri", "equals": format!("${{{}}}", made.var)})];
    for (k, v) in values {
        if d.field(k).is_some_and(|f| f.secret) {
            continue;
        }
        match v {
            Value::Array(items) if items.is_empty() => {
                fields.push(json!({"at": format!("/{k}"), "length": 0}))
            }
            Value::Array(items) => fields.extend(
                items
                    .iter()
                    .map(|x| json!({"at": format!("/{k}"), "contains": x})),
            ),
            // An id ("Integer/String"): as a number or as its digits.
            Value::String(r) if r.starts_with("${id:") && r.ends_with('}') => {
                let text = format!("{}:text}}", &r[..r.len() - 1]);
                fields.push(json!({"at": format!("/{k}"), "one_of": [v, text]}));
            }
            _ => fields.push(json!({"at": format!("/{k}"), "equals": v})),
        }
    }
    let known = known_values(g, plan, values);
    for m in &d.body.mirrors {
        if let Some(v) = known.get(&m.field) {
            fields.push(json!({"at": format!("/{}", m.field), "equals": v}));
        }
    }
    step(
        r,
        json!({"status": get_fact.map_or(200, |m| m.status), "schema": d.schema_path("object"), "fields": fields}),
    )
}

/// A filter the object can be found by: its name (`field__lookup`), the
/// query parameters it sends to match the object's own value, and whether
/// that value is one the case generated.
type OwnFilter = (String, Vec<(String, String)>, bool);

/// The filters the object can be found by (none for a lookup its value
/// cannot make one for).
fn own_filters(g: &Gen, plan: &Plan, made: &Made) -> Vec<OwnFilter> {
    let d = g.d;
    let known = known_values(g, plan, &made.values);
    let mut out = Vec::new();
    for (name, f) in &d.body.filters {
        if f.basis != Basis::Doc || f.value == FilterValue::Id {
            continue;
        }
        let text = match known.get(name) {
            Some(Value::String(s)) if !s.starts_with("${") => s.clone(),
            // The id of an object the case made, as a query writes it.
            Some(Value::String(s)) if s.starts_with("${id:") && s.ends_with('}') => {
                format!("{}:text}}", &s[..s.len() - 1])
            }
            Some(Value::Bool(b)) => b.to_string(),
            _ => continue,
        };
        let boolean = d.field(name).is_some_and(|x| x.kind == FieldType::Boolean);
        for lookup in &f.lookups {
            let params = match lookup.as_str() {
                "exact" => Some(vec![(name.clone(), text.clone())]),
                _ if boolean => None,
                "in" => Some(vec![
                    (format!("{name}__in"), text.clone()),
                    (format!("{name}__in"), "fortiprobe-no-such-value".into()),
                ]),
                other => Pick::for_lookup(other)
                    .and_then(|p| p.take(&text))
                    .map(|v| vec![(format!("{name}__{other}"), v)]),
            };
            if let Some(p) = params {
                out.push((format!("{name}__{lookup}"), p, plan.generated(&text)));
            }
        }
    }
    out
}

/// `values` and what the mirrored fields must hold: the fields of the
/// related objects they repeat.
fn known_values(g: &Gen, plan: &Plan, values: &Map<String, Value>) -> Map<String, Value> {
    let mut known = values.clone();
    for m in &g.d.body.mirrors {
        let var = values
            .get(&m.via)
            .and_then(Value::as_str)
            .and_then(|s| s.strip_prefix("${")?.strip_suffix('}'));
        if let Some(v) = var
            .and_then(|v| plan.object(v))
            .and_then(|(_, o)| o.values.get(&m.of))
        {
            known.insert(m.field.clone(), v.clone());
        }
    }
    known
}

/// The listing counts one more (or as many as before, `present` false)
/// where the count judges it (`counted`), and each filter with the
/// object's own values, joined with the `anchor`, holds it (or not). A
/// filter no anchor can join is checked for presence only where its value
/// is one the case generated: on a value others share (a boolean, the
/// name of a fixture), a page of 1000 may not reach the object.
fn listed(g: &Gen, plan: &mut Plan, made: &Made, present: bool) {
    let d = g.d;
    if counted(g, made) {
        let count = if present { "${before+1}" } else { "${before}" };
        plan.steps.push(step(
            get(&d.head.path, &[("limit", "1".into())]),
            json!({"status": 200, "fields": [{"at": "/meta/total_count", "equals": count}]}),
        ));
    }
    let anchor = anchor(g, plan, made);
    let obj = format!("${{{}}}", made.var);
    for (i, (_, params, unique)) in own_filters(g, plan, made).into_iter().enumerate() {
        let mut query: Vec<(&str, String)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        match &anchor {
            Some((field, value)) if params != [(field.clone(), value.clone())] => {
                query.push((field.as_str(), value.clone()));
            }
            Some(_) => {}
            None if present && !unique => continue,
            None => {}
        }
        query.push(("limit", "1000".into()));
        let request = get(&d.head.path, &query);
        plan.steps.push(if present {
            json!({"request": request, "expect": {"status": 200, "schema": d.schema_path("list")},
                "capture": {format!("listed{i}"): {"at": "/objects/*/resource_uri", "where": {"resource_uri": obj}}}})
        } else {
            step(request, json!({"status": 200, "fields": [{"at": "/objects/*/resource_uri", "not_equals": obj}]}))
        });
    }
}

/// Each reflection of `values` (what the object was sent): every related
/// object holds the created one's URI (or, `present` false, no longer
/// does). Whether there was any.
fn reflected(
    g: &Gen,
    plan: &mut Plan,
    made: &Made,
    values: &Map<String, Value>,
    present: bool,
) -> bool {
    let d = g.d;
    let mut any = false;
    for r in &d.body.reflections {
        let holds = if r.holds == "self" {
            format!("${{{}}}", made.var)
        } else {
            match values.get(&r.holds) {
                Some(Value::String(s)) => s.clone(),
                _ => continue,
            }
        };
        let vias: Vec<&str> = match values.get(&r.via) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => continue,
        };
        for via in vias {
            let Some(var) = via.strip_prefix("${").and_then(|v| v.strip_suffix('}')) else {
                continue;
            };
            let mut request = at_object(Method::Get, var, None);
            request["query"] = json!([{"format": "json"}]);
            let check = if present {
                json!({"at": format!("/{}", r.on), "contains": holds})
            } else {
                json!({"at": format!("/{}/*", r.on), "not_equals": holds})
            };
            plan.steps
                .push(step(request, json!({"status": 200, "fields": [check]})));
            any = true;
        }
    }
    any
}

/// Each documented boolean parameter that leaves a field out, on the
/// object found by its name, where the object's field holds something:
/// `false` leaves it out (absent or empty), `true` shows what was sent.
fn hidden(g: &Gen, plan: &mut Plan, made: &Made, values: &Map<String, Value>) {
    let d = g.d;
    let Some((field, Basis::Doc)) = super::make::naming_filter(d) else {
        return;
    };
    let Some((_, name)) = &made.naming else {
        return;
    };
    for (param, p) in &d.body.parameters {
        let Some(hides) = &p.hides else { continue };
        let Some(Value::Array(items)) = values.get(hides) else {
            continue;
        };
        let Some(first) = items.first() else { continue };
        for (flag, check) in [
            (
                "false",
                json!({"at": format!("/objects/*/{hides}/0"), "absent": true}),
            ),
            (
                "true",
                json!({"at": format!("/objects/0/{hides}"), "contains": first}),
            ),
        ] {
            plan.steps.push(step(
                get(
                    &d.head.path,
                    &[
                        (field.as_str(), name.clone()),
                        (param.as_str(), flag.into()),
                    ],
                ),
                json!({"status": 200, "schema": d.schema_path("list"), "fields": [check]}),
            ));
        }
    }
}

/// `seen` with `values` added: a list's elements joined to those seen.
fn remember(seen: &mut Map<String, Value>, values: &Map<String, Value>) {
    for (k, v) in values {
        match (seen.get_mut(k), v) {
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(
                new.iter()
                    .filter(|x| !old.contains(x))
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            _ => {
                seen.insert(k.clone(), v.clone());
            }
        }
    }
}

/// A documented PATCH or PUT of the object with the example's values,
/// then a read showing them; what it did, in words.
fn change(
    g: &Gen,
    plan: &mut Plan,
    made: &Made,
    method: Method,
    bases: &mut Vec<Basis>,
    seen: &mut Map<String, Value>,
) -> Option<String> {
    let d = g.d;
    let e = d.body.example.as_ref()?;
    let (_, f) = fact(g, method, true)?;
    let part = if method == Method::Patch {
        e.patch.as_ref()?
    } else {
        e.put.as_ref()?
    };
    let resolved = plan.resolve(
        g,
        &super::fill(&Value::Object(part.clone()), plan.token)
            .as_object()
            .cloned()
            .unwrap_or_default(),
    );
    let mut body = resolved.clone();
    if method == Method::Put {
        let mut full = made.values.clone();
        full.extend(resolved.clone());
        body = full;
    }
    let mut r = at_object(method, &made.var, Some(f));
    r["json"] = Value::Object(body.clone());
    r["schema"] = json!(d.schema_path("patch"));
    let mut expect = json!({"status": f.status});
    if f.status == 202 {
        // 'Accepted: ... the response body contains the newly updated resource'.
        expect["schema"] = json!(d.schema_path("object"));
    }
    plan.steps.push(step(r, expect));
    let sent = if method == Method::Put {
        body
    } else {
        resolved
    };
    plan.steps.push(read_back(g, plan, made, &sent));
    reflected(g, plan, made, &sent, true);
    hidden(g, plan, made, &sent);
    remember(seen, &sent);
    bases.push(f.basis);
    Some(format!(
        "{} {} answers {} and the object reads back changed",
        method.as_str(),
        f.uri,
        f.status
    ))
}

/// DELETE through the documented URI form, then gone everywhere.
fn gone(g: &Gen, plan: &mut Plan, made: &Made, seen: &Map<String, Value>) {
    let d = g.d;
    let Some(f) = delete_fact(d) else {
        return;
    };
    plan.steps.push(step(
        at_object(Method::Delete, &made.var, Some(f)),
        json!({"status": f.status, "body": "empty"}),
    ));
    let get_fact = fact(g, Method::Get, true).map(|(_, m)| m);
    let mut r = at_object(Method::Get, &made.var, get_fact);
    r["query"] = json!([{"format": "json"}]);
    plan.steps.push(step(r, json!({"status": "4xx"})));
    listed(g, plan, made, false);
    reflected(g, plan, made, seen, false);
}

/// A DELETE the guide names only in words, or only the framework gives:
/// its own case, basis framework.
fn delete_alone(g: &mut Gen) {
    let d = g.d;
    let Some(f) = delete_fact(d) else {
        return;
    };
    let name = "delete_removes_the_object";
    let mut plan = Plan::new(token(&d.head.resource, name));
    let made = created(g, &mut plan);
    let seen = made.values.clone();
    gone(g, &mut plan, &made, &seen);
    let by = if counted(g, &made) {
        "the count"
    } else {
        "its name"
    };
    let i = d
        .body
        .methods
        .iter()
        .position(|m| std::ptr::eq(m, f))
        .unwrap_or(0);
    g.add(
        &format!("/methods/{i}"),
        case(
            name,
            format!("DELETE {} of an object the case creates answers {} with no body, after which it is gone: its URI, {by}, every filter, every related object", f.uri, f.status),
            basis(&[f.basis]),
            format!("{}; {}", cite(d, &f.source), general::CODES),
            json!({"destructive": true, "steps": plan.steps, "cleanup": plan.cleanup()}),
        ),
    );
}
