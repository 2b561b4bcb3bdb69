//! Requests a described resource must refuse, each breaking one thing and
//! nothing else: a required field left out, each restriction of each
//! field broken (a value one character too long, outside its list, below
//! or above its bounds, or one the description gives for a pattern or a
//! format), each cross-field rule broken; a URI field naming an object
//! that no longer exists; and the methods the guide does not list for the
//! object's URI. Each answers 400 (or a 4xx for a method) and creates or
//! changes nothing; anything a wrong target creates is deleted.

use serde_json::{json, Map, Value};

use super::make::{at_object, delete_fact, naming_filter, own_name, post, Made, Plan};
use super::read::fact;
use super::{basis, case, cite, fill, general, get, step, token, Gen};
use crate::suite::case::{Basis, Method};
use crate::suite::description::model::{Field, FieldType, Rule};
use crate::suite::description::ResourceDescription;

pub(super) fn cases(g: &mut Gen) {
    let d = g.d;
    if d.body.example.is_none()
        || fact(g, Method::Post, false).is_none()
        || delete_fact(d).is_none()
    {
        return;
    }
    let fields = d.body.fields.clone();
    for (name, f) in fields.iter().filter(|(_, f)| f.readonly) {
        if let Some(c) = readonly(g, name, f) {
            let case_name = c["name"].as_str().unwrap_or_default().to_string();
            g.tag(&case_name, "readonly", Some(name));
            g.add(&format!("/fields/{name}"), c);
        }
    }
    for (name, f) in fields.iter().filter(|(_, f)| !f.readonly) {
        let at = format!("/fields/{name}");
        for (case_name, why, change, rule) in breakings(d, name, f) {
            g.tag(&case_name, rule, Some(name));
            let summary = format!("a create whose {why} is refused with 400 and creates nothing");
            let c = refused_create(
                g,
                &case_name,
                summary,
                &[f.basis],
                cite(d, &f.source),
                &why,
                change,
            );
            let c = g.later_fields(c, [name.as_str()]);
            g.add(&at, c);
        }
        if let Some(c) = taken(g, name, f) {
            let case_name = c["name"].as_str().unwrap_or_default().to_string();
            g.tag(&case_name, "unique", Some(name));
            g.add(&at, c);
        }
        if let Some(c) = dangling(g, name, f) {
            let case_name = c["name"].as_str().unwrap_or_default().to_string();
            g.tag(&case_name, "related", Some(name));
            g.add(&at, c);
        }
    }
    rules(g);
    if let Some((c, methods)) = unlisted_methods(g) {
        for m in methods {
            g.tag(
                "unlisted_methods_are_refused",
                &format!("unlisted:{}-detail", m.as_str().to_lowercase()),
                None,
            );
        }
        g.add("/methods", c);
    }
}

/// Each cross-field rule broken alone: a create that gives what the rule's
/// `when` names but leaves out what it requires; for an either-or, a
/// create that gives none of its fields. (Two fields of an `exclusive`
/// either-or given at once would be a case too, but the example gives one
/// of them only: a second value cannot be made from it.)
fn rules(g: &mut Gen) {
    let d = g.d;
    for (i, r) in d.body.rules.clone().iter().enumerate() {
        if !r.one_of.is_empty() {
            neither(g, i, r);
            continue;
        }
        let mut change: Map<String, Value> = r.with.clone();
        change.extend(r.when.clone());
        for req in &r.require {
            change.insert(req.clone(), Value::Null);
        }
        let when: Vec<String> = r.when.iter().map(|(k, v)| format!("{k} is {v}")).collect();
        let why = format!(
            "{} but {} is not given",
            when.join(" and "),
            r.require.join(" and ")
        );
        let summary = format!(
            "a create where {why} (a rule of the guide) is refused with 400 and creates nothing"
        );
        rule_broken(g, i, r, ("rule", r.when.keys()), &why, summary, change);
    }
}

/// An either-or rule broken: a create that gives none of its fields.
fn neither(g: &mut Gen, i: usize, r: &Rule) {
    let mut change: Map<String, Value> = r.with.clone();
    for field in &r.one_of {
        change.insert(field.clone(), Value::Null);
    }
    let rule = if r.exclusive {
        "exactly one of"
    } else {
        "one of"
    };
    let why = format!("none of {} is given", r.one_of.join(", "));
    let summary = format!(
        "a create where {why} ({rule} them is required: a rule of the guide) is refused with 400 and creates nothing"
    );
    rule_broken(g, i, r, ("either", r.one_of.iter()), &why, summary, change);
}

/// The refused create of rule `i`, `r`, broken by `change`: the case
/// `<rule>_is_400`, tagged with the rule's kind on each field it reads.
fn rule_broken<'a>(
    g: &mut Gen,
    i: usize,
    r: &Rule,
    (kind, fields): (&str, impl Iterator<Item = &'a String>),
    why: &str,
    summary: String,
    change: Map<String, Value>,
) {
    let case_name = format!("{}_is_400", r.name);
    for field in fields {
        g.tag(&case_name, kind, Some(field));
    }
    let c = refused_create(
        g,
        &case_name,
        summary,
        &[r.basis],
        cite(g.d, &r.source),
        why,
        change,
    );
    g.add(&format!("/rules/{i}"), c);
}

/// An endpoint that only takes requests: each required field left out of
/// its example request is refused with 400. The example names no real
/// account (a user that does not exist), so nothing counts towards a
/// lockout.
pub(super) fn action_cases(g: &mut Gen) {
    let d = g.d;
    let (Some((_, post)), Some(e)) = (fact(g, Method::Post, false), d.body.example.as_ref()) else {
        return;
    };
    for (name, f) in d.body.fields.iter().filter(|(_, f)| f.required) {
        let case_name = format!("invalid_without_{name}_is_400");
        let mut body = fill(
            &Value::Object(e.create.clone()),
            token(&d.head.resource, &case_name),
        )
        .as_object()
        .cloned()
        .unwrap_or_default();
        body.remove(name);
        let request = json!({"method": "POST", "path": post.uri, "json": body,
            "schema": d.schema_path("create"), "invalid": format!("{name} (required) is left out")});
        let c = case(
            &case_name,
            format!(
                "POST {} without {name} (required) is refused with 400",
                post.uri
            ),
            basis(&[f.basis, post.basis]),
            format!(
                "{}; 400 'the data in the request does not validate': {}",
                cite(d, &f.source),
                general::CODES
            ),
            json!({"steps": [step(request, json!({"status": 400}))]}),
        );
        g.tag(&case_name, "required", Some(name));
        g.add(&format!("/fields/{name}"), c);
    }
}

/// A value for `f` one character over its `maxLength`, made from
/// `example` by repeating its last character (so that nothing else of it
/// changes); `x`s without one.
pub(in crate::suite::description) fn too_long(f: &Field, example: Option<&Value>) -> Option<Value> {
    let max = f.max_length? as usize;
    let base = example.and_then(Value::as_str).unwrap_or("x");
    let last = base.chars().last().unwrap_or('x');
    let mut s: String = base.chars().take(max).collect();
    while s.chars().count() <= max {
        s.push(last);
    }
    // A value that long that also breaks the field's pattern breaks two
    // rules: the length alone cannot be tested.
    if let Some(p) = &f.pattern {
        if regex::Regex::new(p).is_ok_and(|re| !re.is_match(&s)) {
            return None;
        }
    }
    Some(Value::String(s))
}

/// A value outside `f`'s list.
fn outside(f: &Field) -> Option<Value> {
    let list = f.enumeration.as_ref()?;
    if f.kind == FieldType::Integer {
        let max = list.iter().filter_map(Value::as_i64).max()?;
        return Some(json!(max + 1));
    }
    Some(json!("fortiprobe-not-listed"))
}

/// One way to break a field: (case name, what is wrong, the values to put
/// in the example create (`null` takes a field out), the rule it breaks).
pub(in crate::suite::description) type Breaking =
    (String, String, Map<String, Value>, &'static str);

/// Each way to break field `name` alone.
pub(in crate::suite::description) fn breakings(
    d: &ResourceDescription,
    name: &str,
    f: &Field,
) -> Vec<Breaking> {
    // The example's value with its placeholders filled, so a value made
    // longer is the length it says (and reads like the example's).
    let example = d
        .body
        .example
        .as_ref()
        .and_then(|e| e.create.get(name))
        .map(|v| fill(v, token(&d.head.resource, &format!("invalid_{name}"))));
    let example = example.as_ref();
    let mut out: Vec<Breaking> = Vec::new();
    let one = |v: Value| Map::from_iter([(name.to_string(), v)]);
    if f.required {
        let why = format!("{name} (required) is left out");
        out.push((
            format!("invalid_without_{name}_is_400"),
            why,
            one(Value::Null),
            "required",
        ));
    }
    if let Some(v) = too_long(f, example) {
        let n = f.max_length.unwrap_or_default() + 1;
        let why = format!("{name} is {n} characters long (max length {})", n - 1);
        out.push((
            format!("invalid_{name}_too_long_is_400"),
            why,
            one(v),
            "maxLength",
        ));
    }
    if let Some(v) = outside(f) {
        let why = format!("{name} is {v}, not one of the listed values");
        out.push((
            format!("invalid_{name}_not_in_list_is_400"),
            why,
            one(v),
            "enum",
        ));
    }
    if let Some(m) = f.maximum {
        let why = format!("{name} is {} (maximum {m})", m + 1);
        out.push((
            format!("invalid_{name}_above_maximum_is_400"),
            why,
            one(json!(m + 1)),
            "maximum",
        ));
    }
    if let Some(m) = f.minimum {
        let why = format!("{name} is {} (minimum {m})", m - 1);
        out.push((
            format!("invalid_{name}_below_minimum_is_400"),
            why,
            one(json!(m - 1)),
            "minimum",
        ));
    }
    for inv in &f.invalid {
        let mut change = inv.with.clone();
        change.insert(name.to_string(), inv.value.clone());
        let rule = f
            .keywords()
            .into_iter()
            .find(|k| *k == inv.breaks)
            .unwrap_or("pattern");
        let why = format!("{name} is {} (breaks its {})", inv.value, inv.breaks);
        out.push((format!("invalid_{}_is_400", inv.name), why, change, rule));
    }
    out
}

/// A create of the example with `change` applied (a `null` takes the field
/// out) that must be refused with 400 and leave the listing as it was.
fn refused_create(
    g: &Gen,
    name: &str,
    summary: String,
    bases: &[Basis],
    source: String,
    why: &str,
    change: Map<String, Value>,
) -> Value {
    let d = g.d;
    let mut plan = Plan::new(token(&d.head.resource, name));
    let at = plan.steps.len();
    let values = example_values(g, &mut plan, change.keys());
    let keys: Vec<String> = change.keys().cloned().collect();
    let made = changed(g, values, change);
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    refused_post(g, &mut plan, &made, Some(why), &keys, at);
    case(
        name,
        summary,
        basis(bases),
        format!(
            "{source}; 400 'the data in the request does not validate': {}",
            general::CODES
        ),
        json!({"destructive": true, "steps": plan.steps, "cleanup": plan.cleanup()}),
    )
}

/// The example create's values with its related objects made, but those
/// of the fields in `replaced` (the case leaves them out or gives them its
/// own value: an object made for them would be named by no request).
fn example_values<'k>(
    g: &Gen,
    plan: &mut Plan,
    replaced: impl IntoIterator<Item = &'k String>,
) -> Map<String, Value> {
    let d = g.d;
    let create = d
        .body
        .example
        .as_ref()
        .map(|e| e.create.clone())
        .unwrap_or_default();
    let mut filled = fill(&Value::Object(create), plan.token)
        .as_object()
        .cloned()
        .unwrap_or_default();
    for k in replaced {
        filled.remove(k);
    }
    plan.resolve(g, &filled)
}

/// The listing's count, kept as `before`, as step `at` (before anything
/// the case makes there).
fn count_before(g: &Gen, plan: &mut Plan, at: usize) {
    let d = g.d;
    plan.steps.insert(
        at,
        json!({
            "request": get(&d.head.path, &[("limit", "1".into())]),
            "expect": {"status": 200, "schema": d.schema_path("list")},
            "capture": {"before": "/meta/total_count"},
        }),
    );
}

/// `values` with `change` applied, as the object the POST would make.
fn changed(g: &Gen, mut values: Map<String, Value>, change: Map<String, Value>) -> Made {
    for (k, v) in change {
        if v.is_null() {
            values.remove(&k);
        } else {
            values.insert(k, v);
        }
    }
    let naming =
        g.d.body
            .example
            .as_ref()
            .and_then(|e| e.naming.clone())
            .and_then(|n| {
                values
                    .get(&n)
                    .and_then(Value::as_str)
                    .map(|v| (n, v.to_string()))
            });
    Made {
        var: "refused".into(),
        values,
        naming,
    }
}

/// The POST (400), then nothing made: no object by its name under the
/// documented exact filter, where the name is the case's own and valid
/// (`own_name`: not among `changed`); else also the listing's count as
/// before (counted from step `at`). A target that answers 400 yet stores
/// the object is caught either way; whatever a wrong target made is
/// deleted in the cleanup.
fn refused_post(
    g: &Gen,
    plan: &mut Plan,
    made: &Made,
    invalid: Option<&str>,
    changed: &[&str],
    at: usize,
) {
    let d = g.d;
    plan.steps.push(post(d, made, 400, invalid));
    plan.expect_none(d, made);
    if let (Some((field, Basis::Doc)), Some((_, value))) = (naming_filter(d), &made.naming) {
        plan.steps.push(step(
            get(&d.head.path, &[(field.as_str(), value.clone())]),
            json!({"status": 200, "fields": [{"at": "/meta/total_count", "equals": 0}]}),
        ));
    }
    if own_name(d, made, changed).is_none() {
        count_before(g, plan, at);
        plan.steps.push(step(
            get(&d.head.path, &[("limit", "1".into())]),
            json!({"status": 200, "fields": [{"at": "/meta/total_count", "equals": "${before}"}]}),
        ));
    }
}

/// A unique field given the value of an object the case made: 400,
/// nothing created besides that object, which is then deleted.
fn taken(g: &Gen, name: &str, f: &Field) -> Option<Value> {
    let d = g.d;
    if !f.unique {
        return None;
    }
    let case_name = format!("invalid_{name}_taken_is_400");
    let mut plan = Plan::new(token(&d.head.resource, &case_name));
    let first = plan.make(g, d);
    // Counted after the first object is made.
    let at = plan.steps.len();
    let value = first.values.get(name)?.clone();
    let values = example_values(g, &mut plan, [&name.to_string()]);
    let made = changed(g, values, Map::from_iter([(name.to_string(), value)]));
    if made.naming.as_ref().is_some_and(|(n, _)| n == name) {
        // Its name is the first object's: only the count can tell.
        count_before(g, &mut plan, at);
        plan.steps.push(post(d, &made, 400, None));
        plan.expect_none(d, &made);
        plan.steps.push(step(
            get(&d.head.path, &[("limit", "1".into())]),
            json!({"status": 200, "fields": [{"at": "/meta/total_count", "equals": "${before}"}]}),
        ));
    } else {
        refused_post(g, &mut plan, &made, None, &[name], at);
    }
    Some(case(
        &case_name,
        format!("a create whose {name} is that of an object the case made (the guide: unique) is refused with 400 and creates nothing"),
        basis(&[f.basis]),
        format!("{}; 400 'the data in the request does not validate': {}", cite(d, &f.source), general::CODES),
        json!({"destructive": true, "steps": plan.steps, "cleanup": plan.cleanup()}),
    ))
}

/// A URI field naming an object of its resource that the case made and
/// deleted: 400, nothing created.
fn dangling(g: &Gen, name: &str, f: &Field) -> Option<Value> {
    let d = g.d;
    let related = g.described(f.of.as_deref()?)?;
    let del = delete_fact(related)?;
    related.body.example.as_ref()?;
    let case_name = format!("invalid_{name}_names_no_object_is_400");
    let mut plan = Plan::new(token(&d.head.resource, &case_name));
    let at = plan.steps.len();
    let values = example_values(g, &mut plan, [&name.to_string()]);
    let dead = plan.make(g, related);
    plan.steps.push(step(
        at_object(Method::Delete, &dead.var, Some(del)),
        json!({"status": del.status}),
    ));
    let uri = json!(format!("${{{}}}", dead.var));
    let (v, what) = match f.kind {
        FieldType::Uris => (json!([uri]), "URI"),
        FieldType::Id => (json!(format!("${{id:{}}}", dead.var)), "id"),
        _ => (uri, "URI"),
    };
    let made = changed(g, values, Map::from_iter([(name.to_string(), v)]));
    refused_post(g, &mut plan, &made, None, &[name], at);
    Some(case(
        &case_name,
        format!("a create whose {name} is the {what} of a {} the case made and deleted (it names no object) is refused with 400 and creates nothing", related.head.title),
        basis(&[f.basis, del.basis]),
        format!("{}; 400 'the data in the request does not validate': {}", cite(d, &f.source), general::CODES),
        json!({"destructive": true, "steps": plan.steps, "cleanup": plan.cleanup()}),
    ))
}

/// A create that carries a read-only field: refused, or the object made
/// without the value written (a related object's URI for a URI field,
/// else a text of the case's own).
fn readonly(g: &Gen, name: &str, f: &Field) -> Option<Value> {
    let d = g.d;
    let case_name = format!("readonly_{name}_is_not_written");
    let mut plan = Plan::new(token(&d.head.resource, &case_name));
    let mut values = example_values(g, &mut plan, [&name.to_string()]);
    let written = match f.kind {
        FieldType::Uri | FieldType::Uris => {
            let related = g.described(f.of.as_deref()?)?;
            related.body.example.as_ref()?;
            let other = plan.make(g, related);
            json!(format!("${{{}}}", other.var))
        }
        FieldType::String => json!(format!("fortiprobe-{name}")),
        _ => return None,
    };
    let sent = if f.kind == FieldType::Uris {
        json!([written])
    } else {
        written.clone()
    };
    values.insert(name.to_string(), sent);
    let made = changed(g, values, Map::new());
    let mut post = super::make::post(d, &made, 201, None);
    post["expect"]["status"] = json!([post_status(g), 400]);
    post["request"]["invalid"] = json!(format!("{name} is read-only"));
    plan.steps.push(post);
    plan.may_make(d, &made);
    let mut r = at_object(Method::Get, &format!("{}_loc", made.var), None);
    r["query"] = json!([{"format": "json"}]);
    let at = if f.kind == FieldType::Uris {
        format!("/{name}/*")
    } else {
        format!("/{name}")
    };
    plan.steps.push(
        json!({"if_captured": format!("{}_loc", made.var), "request": r,
        "expect": {"status": 200, "fields": [{"at": at, "not_equals": written}]}}),
    );
    Some(case(
        &case_name,
        format!("a create carrying the read-only {name} is refused, or makes an object whose {name} is not what it wrote"),
        basis(&[f.basis]),
        cite(d, &f.source),
        json!({"destructive": true, "steps": plan.steps, "cleanup": plan.cleanup()}),
    ))
}

/// The documented status of a create.
fn post_status(g: &Gen) -> u16 {
    fact(g, Method::Post, false).map_or(201, |(_, m)| m.status)
}

/// Whether an example value names an object to make (`{create: r}`).
fn makes(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("create"),
        Value::Array(a) => a.iter().any(makes),
        _ => false,
    }
}

/// POST, PUT, PATCH and DELETE of an object's URI where the guide lists
/// them not: each refused with a 4xx (POST: or tastypie's 501, 'not
/// implemented'; the general methods page lists POST on `/[resource]/`
/// only), the object still there and unchanged.
fn unlisted_methods(g: &Gen) -> Option<(Value, Vec<Method>)> {
    let d = g.d;
    let unlisted: Vec<Method> = [Method::Post, Method::Put, Method::Patch, Method::Delete]
        .into_iter()
        .filter(|m| !d.allows(*m, true))
        .collect();
    if unlisted.is_empty() {
        return None;
    }
    let name = "unlisted_methods_are_refused";
    let mut plan = Plan::new(token(&d.head.resource, name));
    let made = plan.make(g, d);
    let get_fact = fact(g, Method::Get, true).map(|(_, m)| m);
    let patch = d
        .body
        .example
        .as_ref()
        .and_then(|e| e.patch.clone())
        .unwrap_or_default();
    for m in &unlisted {
        let mut r = at_object(*m, &made.var, None);
        if *m != Method::Delete {
            // The example PATCH's plain values (one naming an object to
            // make, `{create: r}`, is left out: nothing is made for it).
            let mut body = made.values.clone();
            body.extend(
                fill(&Value::Object(patch.clone()), plan.token)
                    .as_object()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(_, v)| !makes(v)),
            );
            r["json"] = Value::Object(body);
            r["schema"] = json!(d.schema_path("patch"));
        }
        let refused = if *m == Method::Post {
            json!([400, 403, 404, 405, 501])
        } else {
            json!("4xx")
        };
        plan.steps.push(step(r, json!({"status": refused})));
    }
    let mut r = at_object(Method::Get, &made.var, get_fact);
    r["query"] = json!([{"format": "json"}]);
    let mut fields = vec![json!({"at": "/resource_uri", "equals": format!("${{{}}}", made.var)})];
    for (k, v) in &made.values {
        if !d.field(k).is_some_and(|f| f.secret) && !v.is_array() {
            fields.push(json!({"at": format!("/{k}"), "equals": v}));
        }
    }
    plan.steps
        .push(step(r, json!({"status": 200, "fields": fields})));
    let names: Vec<&str> = unlisted.iter().map(|m| m.as_str()).collect();
    let listed: Vec<String> = d
        .body
        .methods
        .iter()
        .map(|m| format!("{} {}", m.method.as_str(), m.uri))
        .collect();
    let sources = super::cite_all(d, d.body.methods.iter().map(|m| &m.source));
    let c = case(
        name,
        format!("{} of an object's URI, which the guide does not list (it lists {}), are refused with a 4xx and leave the object as it was", names.join(", "), listed.join(", ")),
        "doc",
        format!("{sources}; {}", general::METHODS),
        json!({"destructive": true, "steps": plan.steps, "cleanup": plan.cleanup()}),
    );
    Some((c, unlisted))
}
