//! Objects a write case makes, and how it finds and removes them: a POST
//! of a description's example (its placeholders filled with the case's
//! token, its `{create: r}` values made first through `r`'s own example),
//! the object found again by its naming field where the guide documents
//! an exact filter on it (else by the `Location` the POST answers), and
//! cleanup steps that delete it by every way the case knows it, and find
//! leftovers by name. An object whose URI the case holds, that its own
//! steps do not delete and whose name no refused request of the case
//! shares, is deleted by that URI alone, its documented status only (a
//! 404 would say it is not gone): the look by name is left to a case that
//! lost the URI. What a refused request may have made, or the steps
//! deleted, is looked for by name only when the case did not pass.

use serde_json::{json, Map, Value};

use super::{fill, get, Gen};
use crate::suite::case::{Basis, Method};
use crate::suite::description::model::MethodFact;
use crate::suite::description::ResourceDescription;

/// An object a case makes.
#[derive(Debug, Clone)]
pub(super) struct Made {
    /// The capture that holds its URI.
    pub var: String,
    /// What the POST sent (related URIs as `${var}` of the objects made
    /// for them).
    pub values: Map<String, Value>,
    /// Its naming field and value.
    pub naming: Option<(String, String)>,
}

/// The steps and cleanup of a write case, as it is being built.
pub(super) struct Plan {
    pub token: u64,
    pub steps: Vec<Value>,
    /// Each made object's cleanup, in the order they were made.
    cleanups: Vec<Owed>,
    /// Every object made so far, with its resource's name.
    pub objects: Vec<(String, Made)>,
    made: usize,
}

/// The cleanup of one object a case made, or of one a wrong target may
/// make when it accepts a request it should refuse (`var` `None`).
#[derive(Debug, Clone)]
struct Owed {
    steps: Vec<Value>,
    /// The capture that holds the URI of an object the case made.
    var: Option<String>,
    naming: Option<(String, String)>,
    /// A request the target may accept in a passing case (a create with
    /// a read-only field: refused, or made without the field): what it
    /// made is looked for by name unless its URI was had, whatever the
    /// verdict.
    may_make: bool,
}

/// The naming field of `d` and whether the guide documents an exact
/// filter on it (`Some(Doc)`), only the framework does (`Some(Framework)`),
/// or nothing does.
pub(super) fn naming_filter(d: &ResourceDescription) -> Option<(String, Basis)> {
    let naming = d.body.example.as_ref()?.naming.clone()?;
    let (_, f) = d.body.filters.iter().find(|(n, _)| *n == naming)?;
    f.lookups
        .iter()
        .any(|l| l == "exact")
        .then_some((naming, f.basis))
}

/// The object's name, when the case can judge by it alone: the guide
/// documents an exact filter on the naming field, and the object's value
/// there is the one the case generated (not one of `changed`, the fields
/// the case breaks or gives a value of its own). Under that filter the
/// listing holds the case's own object or nothing, whatever else the
/// target holds and whoever writes it meanwhile.
pub(super) fn own_name<'m>(
    d: &ResourceDescription,
    made: &'m Made,
    changed: &[&str],
) -> Option<&'m (String, String)> {
    let (field, basis) = naming_filter(d)?;
    let named = made.naming.as_ref()?;
    (basis == Basis::Doc
        && named.0 == field
        && !changed.contains(&field.as_str())
        && !named.1.contains("${"))
    .then_some(named)
}

/// The documented DELETE of a detail URI (its first form).
pub(super) fn delete_fact(d: &ResourceDescription) -> Option<&MethodFact> {
    d.methods(Method::Delete).find(|m| m.uri.contains("[id]"))
}

/// A request of `method` to the object `${var}` in the URI form `fact`
/// documents (without its slash when the guide writes none: a 301 or 308
/// to the slashed URI, Django's `APPEND_SLASH`, is followed once).
pub(super) fn at_object(method: Method, var: &str, fact: Option<&MethodFact>) -> Value {
    let mut r = json!({"method": method.as_str(), "path": format!("${{{var}}}")});
    if fact.is_some_and(|m| !m.uri.ends_with('/')) {
        r["trailing_slash"] = json!(false);
        r["redirect"] = json!("follow_once");
    }
    r
}

impl Plan {
    pub fn new(token: u64) -> Plan {
        Plan {
            token,
            steps: Vec::new(),
            cleanups: Vec::new(),
            objects: Vec::new(),
            made: 0,
        }
    }

    /// The cleanup steps: the last made object's first.
    pub fn cleanup(&self) -> Vec<Value> {
        self.cleanups
            .iter()
            .rev()
            .flat_map(|o| self.settled(o))
            .collect()
    }

    /// `owed`'s cleanup steps. A made object that may be gone before its
    /// cleanup (the steps delete it, or a refused request's cleanup looks
    /// for its name, which it shares) is deleted by its URI with a 404
    /// taken as gone, then looked for by name: when the steps delete it,
    /// only if its URI was not had. Any other is deleted
    /// by its URI with the documented status only, a failure said as LEFT
    /// BEHIND, and looked for by name only when the URI was not had. What
    /// a refused request may have made is looked for by name unless the
    /// case passed (it saw the request refused, and the listing's count,
    /// or the name, as before).
    fn settled(&self, owed: &Owed) -> Vec<Value> {
        let mut steps = owed.steps.clone();
        let Some(var) = &owed.var else {
            if owed.may_make {
                // Accepted in a passing case too: looked for by name
                // unless its URI was had (and deleted by it).
                let had = steps
                    .first()
                    .and_then(|s| s["if_captured"].as_str().map(String::from));
                for s in steps.iter_mut().skip(1) {
                    if s["request"]["method"].as_str().unwrap_or("GET") == "GET" {
                        if let Some(had) = &had {
                            s["unless_captured"] = json!(had);
                        }
                    }
                }
                return steps;
            }
            // A refused request: a passing case saw it refused and the
            // listing as it was.
            for s in steps.iter_mut().skip(1) {
                if s["request"]["method"].as_str().unwrap_or("GET") == "GET" {
                    s["unless_passed"] = json!(true);
                }
            }
            return steps;
        };
        let path = json!(format!("${{{var}}}"));
        let deleted = self
            .steps
            .iter()
            .any(|s| s["request"]["method"] == "DELETE" && s["request"]["path"] == path);
        let shared = self
            .cleanups
            .iter()
            .any(|o| o.var.is_none() && o.naming.is_some() && o.naming == owed.naming);
        if shared {
            return steps;
        }
        if deleted {
            // The steps delete it by its URI, and the cleanup's first step
            // deletes by that URI too (a 404 taken as gone): the look by
            // name is needed only when the URI was not had. Not "unless the
            // case passed": a case may pass without the URI (a create
            // answered without a `Location`, its DELETE step skipped), and
            // then only the look by name finds what it made.
            for s in steps.iter_mut().skip(1) {
                if s["request"]["method"].as_str().unwrap_or("GET") == "GET" {
                    s["unless_captured"] = json!(var);
                }
            }
            return steps;
        }
        if let Some(status) = steps.first().map(|s| s["expect"]["status"][0].clone()) {
            steps[0]["expect"]["status"] = status;
        }
        for s in steps.iter_mut().skip(1) {
            if s["request"]["method"].as_str().unwrap_or("GET") == "GET" {
                s["unless_captured"] = json!(var);
            }
        }
        steps
    }

    /// `values` with each `{create: r}` replaced by the URI of an object
    /// made for it (made now, before the caller's own request), each
    /// `{create: r, as: id}` by its id.
    pub fn resolve(&mut self, g: &Gen, values: &Map<String, Value>) -> Map<String, Value> {
        values
            .iter()
            .map(|(k, v)| (k.clone(), self.resolve_value(g, v)))
            .collect()
    }

    fn resolve_value(&mut self, g: &Gen, v: &Value) -> Value {
        match v {
            Value::Object(m) if m.contains_key("find") => self.find_held(g, m),
            Value::Object(m) => match m
                .get("create")
                .and_then(Value::as_str)
                .and_then(|r| g.described(r))
            {
                Some(r) => {
                    let made = self.make(g, r);
                    if crate::suite::description::model::as_id(v) {
                        // The id its URI ends with (`[id]` of the guide's
                        // detail URI), a number.
                        json!(format!("${{id:{}}}", made.var))
                    } else {
                        json!(format!("${{{}}}", made.var))
                    }
                }
                None => v.clone(),
            },
            Value::Array(a) => Value::Array(a.iter().map(|x| self.resolve_value(g, x)).collect()),
            other => other.clone(),
        }
    }

    /// `{find: r, where: {field: value}}`: the URI of an object the target
    /// holds (one a fixture names), found in `r`'s listing (filtered by
    /// the field where a filter on it is documented); never changed.
    fn find_held(&mut self, g: &Gen, m: &Map<String, Value>) -> Value {
        let Some(r) = m
            .get("find")
            .and_then(Value::as_str)
            .and_then(|r| g.described(r))
        else {
            return Value::Object(m.clone());
        };
        let wanted = m
            .get("where")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        self.made += 1;
        let var = format!("held{}", self.made);
        let mut query: Vec<(&str, String)> = vec![("limit", "1000".into())];
        for (field, value) in &wanted {
            if r.body
                .filters
                .iter()
                .any(|(n, f)| n == field && f.lookups.iter().any(|l| l == "exact"))
            {
                query.push((
                    field.as_str(),
                    value.as_str().unwrap_or_default().to_string(),
                ));
            }
        }
        self.steps.push(json!({
            "request": get(&r.head.path, &query),
            "expect": {"status": 200, "schema": r.schema_path("list")},
            "capture": {var.clone(): {"at": "/objects/*/resource_uri", "where": wanted}},
        }));
        json!(format!("${{{var}}}"))
    }

    /// Makes an object of `d` from its example: POST, then finds it; its
    /// cleanup is registered.
    pub fn make(&mut self, g: &Gen, d: &ResourceDescription) -> Made {
        self.made += 1;
        let var = format!("made{}", self.made);
        let example = d.body.example.as_ref();
        let create = example.map(|e| e.create.clone()).unwrap_or_default();
        let own = super::mix(self.token, self.made as u64);
        let filled = fill(&Value::Object(create), own);
        let values = self.resolve(g, &filled.as_object().cloned().unwrap_or_default());
        let made = Made {
            naming: example.and_then(|e| e.naming.clone()).and_then(|n| {
                values
                    .get(&n)
                    .and_then(Value::as_str)
                    .map(|v| (n, v.to_string()))
            }),
            values,
            var,
        };
        let status = d.methods(Method::Post).next().map_or(201, |m| m.status);
        self.steps.push(post(d, &made, status, None));
        self.steps.extend(find(d, &made));
        self.cleanups.push(Owed {
            steps: remove(d, &made, true),
            var: Some(made.var.clone()),
            naming: made.naming.clone(),
            may_make: false,
        });
        self.objects.push((d.head.resource.clone(), made.clone()));
        made
    }

    /// Whether `text` holds the unique part of a value the case generated
    /// (`{unique}` filled from its token or from one of its objects').
    pub fn generated(&self, text: &str) -> bool {
        (0..=self.made as u64).any(|n| {
            let t = if n == 0 {
                self.token
            } else {
                super::mix(self.token, n)
            };
            text.contains(&format!("{t:016x}")[..8])
        })
    }

    /// The object made under capture `var`, with its resource's name.
    pub fn object(&self, var: &str) -> Option<&(String, Made)> {
        self.objects.iter().find(|(_, m)| m.var == var)
    }

    /// Registers the cleanup of an object the caller's own POST may make
    /// (a request meant to be refused that a target wrongly accepts).
    pub fn expect_none(&mut self, d: &ResourceDescription, made: &Made) {
        self.cleanups.push(Owed {
            steps: remove(d, made, false),
            var: None,
            naming: made.naming.clone(),
            may_make: false,
        });
    }

    /// As `expect_none`, for a request a passing case may see accepted.
    pub fn may_make(&mut self, d: &ResourceDescription, made: &Made) {
        self.expect_none(d, made);
        if let Some(o) = self.cleanups.last_mut() {
            o.may_make = true;
        }
    }
}

/// The POST of `made.values`; the `Location` it answers is kept as
/// `<var>_loc`, and as `<var>` itself (which a documented filter that
/// finds the object then sets to the URI it lists).
pub(super) fn post(
    d: &ResourceDescription,
    made: &Made,
    status: u16,
    invalid: Option<&str>,
) -> Value {
    let mut request = json!({"method": "POST", "path": d.head.path, "json": made.values,
        "schema": d.schema_path("create")});
    if let Some(why) = invalid {
        request["invalid"] = json!(why);
    }
    let mut capture =
        json!({format!("{}_loc", made.var): {"header": "Location", "optional": true}});
    if invalid.is_none() {
        capture[&made.var] = json!({"header": "Location", "optional": true});
    }
    json!({"request": request, "expect": {"status": status}, "capture": capture})
}

/// GET of the listing filtered by the object's name (a documented exact
/// filter), which must hold it: its URI is `<var>`.
fn find(d: &ResourceDescription, made: &Made) -> Option<Value> {
    let (field, basis) = naming_filter(d)?;
    if basis != Basis::Doc {
        return None;
    }
    let (_, value) = made.naming.as_ref()?;
    Some(json!({
        "request": get(&d.head.path, &[(field.as_str(), value.clone()), ("limit", "1000".into())]),
        "expect": {"status": 200, "schema": d.schema_path("list")},
        "capture": {made.var.clone(): {"at": "/objects/*/resource_uri", "where": {field: value}}},
    }))
}

/// Deletes the object by the URI the case has for it (`found`: its own
/// capture, else its `Location`; one DELETE, so one hint when it cannot
/// be removed), then by name.
pub(super) fn remove(d: &ResourceDescription, made: &Made, found: bool) -> Vec<Value> {
    let fact = delete_fact(d);
    let what = match &made.naming {
        Some((f, v)) => format!("the {} object whose {f} is `{v}`", d.head.title),
        None => format!("a {} object", d.head.title),
    };
    let mut out = Vec::new();
    let loc = format!("{}_loc", made.var);
    let var = if found { made.var.clone() } else { loc };
    out.push(json!({
        "if_captured": var,
        "left_behind": format!("{what} at ${{{var}}}, created by this case: delete it by hand (DELETE ${{{var}}})"),
        "request": at_object(Method::Delete, &var, fact),
        "expect": {"status": [fact.map_or(204, |m| m.status), 404]},
    }));
    if let (Some((field, _)), Some((_, value))) = (naming_filter(d), &made.naming) {
        let left = format!("{}_left", made.var);
        out.push(json!({
            "request": get(&d.head.path, &[(field.as_str(), value.clone()), ("limit", "1000".into())]),
            "expect": {"status": [200, 400]},
            "capture": {left.clone(): {"at": "/objects/*/resource_uri", "where": {field: value}, "optional": true}},
        }));
        out.push(json!({
            "if_captured": left,
            "left_behind": format!("{what} at ${{{left}}} (found by its name after the case): delete it by hand (DELETE ${{{left}}})"),
            "request": at_object(Method::Delete, &left, fact),
            "expect": {"status": fact.map_or(204, |m| m.status)},
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::suite::{Case, Source, StatusSpec, Suite};

    fn case<'a>(suite: &'a Suite, id: &str) -> &'a Case {
        suite.case(id).unwrap_or_else(|| panic!("no case {id}"))
    }

    fn sends(c: &Case, method: &str, path: &str) -> bool {
        c.spec
            .steps
            .iter()
            .any(|s| s.request.method.as_str() == method && s.request.path == path)
    }

    #[test]
    fn a_refused_create_makes_no_object_for_a_field_it_leaves_out_or_replaces() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let without_user = case(
            &suite,
            "fortiauthenticator/localgroup_memberships/invalid_without_user_is_400",
        );
        assert!(!sends(without_user, "POST", "/api/v1/localusers/"));
        // The group it names is still made, so only the user is missing.
        assert!(sends(without_user, "POST", "/api/v1/usergroups/"));
        let without_group = case(
            &suite,
            "fortiauthenticator/localgroup_memberships/invalid_without_group_is_400",
        );
        assert!(!sends(without_group, "POST", "/api/v1/usergroups/"));
        assert!(sends(without_group, "POST", "/api/v1/localusers/"));
        // A deleted group in place of the example's: one group made, the dead one.
        let dangling = case(
            &suite,
            "fortiauthenticator/localgroup_memberships/invalid_group_names_no_object_is_400",
        );
        let groups = dangling
            .spec
            .steps
            .iter()
            .filter(|s| {
                s.request.method.as_str() == "POST" && s.request.path == "/api/v1/usergroups/"
            })
            .count();
        assert_eq!(groups, 1);
    }

    #[test]
    fn an_object_deleted_by_its_uri_is_looked_for_by_name_only_without_it() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        // Made, never deleted by the steps: its DELETE must answer the
        // documented status, and the look by name runs only without the URI.
        let c = case(
            &suite,
            "fortiauthenticator/macdevices/unlisted_methods_are_refused",
        );
        let delete = &c.spec.cleanup[0];
        assert_eq!(delete.if_captured.as_deref(), Some("made1"));
        assert!(
            matches!(delete.expect.status, Some(StatusSpec::One(204))),
            "{:?}",
            delete.expect.status
        );
        let look = &c.spec.cleanup[1];
        assert_eq!(look.request.method.as_str(), "GET");
        assert_eq!(look.unless_captured.as_deref(), Some("made1"));
        assert!(look.skipped(|n| n == "made1"));
        assert!(!look.skipped(|_| false));
        // Deleted by the steps (the round trip): a 404 is gone, and the
        // name is looked for when the URI was not had, even in a case that
        // passed (a create answered without a `Location`).
        let rt = case(
            &suite,
            "fortiauthenticator/macdevices/create_read_update_delete",
        );
        let delete = &rt.spec.cleanup[0];
        assert!(
            matches!(&delete.expect.status, Some(StatusSpec::Set(s)) if s.contains(&404)),
            "{:?}",
            delete.expect.status
        );
        assert_eq!(rt.spec.cleanup[1].unless_captured.as_deref(), Some("made1"));
        assert!(
            !rt.spec.cleanup[1].unless_passed,
            "a pass without the URI still looks"
        );
        assert!(!c.spec.cleanup[1].unless_passed);
        // What a refused create may have made: looked for unless it passed.
        let refused = case(
            &suite,
            "fortiauthenticator/localusers/invalid_city_too_long_is_400",
        );
        let look = refused
            .spec
            .cleanup
            .iter()
            .find(|s| s.request.method.as_str() == "GET")
            .expect("a look by name");
        assert!(look.unless_passed && look.unless_captured.is_none());
    }
}
