//! Which listings a case uses only through objects of its own, read from
//! its steps (never from a flag the generator sets): every request it
//! sends to the listing is a create whose naming field (`example.naming`
//! of the listing's description, a field with an exact filter) holds a
//! literal name, a read of the listing under that exact filter with a
//! literal name, or a request to an object whose URI the case captured
//! from one of those (the `Location` of its create, the `resource_uri`
//! of the object so named). Such a case reads no count and no listing
//! as a whole, and writes no object it did not make: two of them may
//! overlap (`touch::Access::Own`), while a case that reads the listing
//! as a whole (a walk, a count, a filter) still may not overlap either.
//! The names are the case's own: a test of the suite holds every such
//! name to one case.

use std::collections::{BTreeMap, BTreeSet};

use super::case::{Capture, CaptureFrom, Step};
use super::touch::{captured_in, pattern, Relations};
use super::Case;

impl Case {
    /// The listings the case uses only through objects of its own (module
    /// doc); a listing it reads by a property walk is never one.
    pub fn own_listings(&self, relations: &Relations) -> BTreeSet<String> {
        let steps: Vec<&Step> = self.spec.steps.iter().chain(&self.spec.cleanup).collect();
        let mut used = BTreeSet::new();
        let mut not_own = BTreeSet::new();
        // The captures that hold the URI of an object of the case's own,
        // with the listing it is in.
        let mut own_vars: BTreeMap<String, String> = BTreeMap::new();
        for (i, step) in steps.iter().enumerate() {
            let r = &step.request;
            let path = pattern(&r.path, r.trailing_slash, |n| captured_in(&steps[..i], n));
            let Some(listing) = self.touch_of(r.method.as_str(), path.clone()) else {
                continue;
            };
            used.insert(listing.clone());
            let naming = relations.naming(self.product, &listing);
            let literal = |v: &str| !v.is_empty() && !v.contains("${");
            let ok = if let Some(var) = whole_reference(&r.path) {
                own_vars.get(var) == Some(&listing)
            } else if path.trim_end_matches('/') != listing {
                false
            } else {
                match (r.method.as_str(), naming) {
                    ("GET", Some(field)) => {
                        r.query.iter().any(|q| q.name == field && literal(&q.value))
                    }
                    ("POST", Some(field)) => r
                        .json
                        .as_ref()
                        .and_then(|b| b.get(field))
                        .and_then(serde_json::Value::as_str)
                        .is_some_and(literal),
                    _ => false,
                }
            };
            if !ok {
                not_own.insert(listing.clone());
            }
            for (name, capture) in &step.capture {
                if ok && names_own_object(capture, naming) {
                    own_vars.insert(name.clone(), listing.clone());
                } else {
                    own_vars.remove(name);
                }
            }
        }
        if let Some(p) = &self.property {
            if let Some(l) = self.touch_of("GET", pattern(&p.listing().path, true, |_| None)) {
                not_own.insert(l);
            }
        }
        used.retain(|l| !not_own.contains(l));
        used
    }

    /// The listings whose objects a write of the case to one of `own`
    /// names in a URI field the descriptions relate (a membership's user):
    /// its write shows in those objects.
    pub fn own_named(&self, relations: &Relations, own: &BTreeSet<String>) -> BTreeSet<String> {
        let steps: Vec<&Step> = self.spec.steps.iter().chain(&self.spec.cleanup).collect();
        let mut out = BTreeSet::new();
        for (i, step) in steps.iter().enumerate() {
            let r = &step.request;
            let path = pattern(&r.path, r.trailing_slash, |n| captured_in(&steps[..i], n));
            let listing = self.touch_of(r.method.as_str(), path);
            let (Some(listing), Some(serde_json::Value::Object(body))) = (listing, &r.json) else {
                continue;
            };
            if r.method.as_str() == "GET" || !own.contains(&listing) {
                continue;
            }
            for (field, v) in body {
                let empty = v.is_null() || v.as_array().is_some_and(Vec::is_empty);
                if let Some(named) = relations.names(self.product, &listing, field) {
                    if !empty {
                        out.insert(named.to_string());
                    }
                }
            }
        }
        out
    }

    fn touch_of(&self, method: &'static str, path: String) -> Option<String> {
        super::touch::Touch {
            product: self.product,
            method,
            path,
        }
        .collection()
    }
}

/// `name` when `path` is one reference alone (`${made1}`).
fn whole_reference(path: &str) -> Option<&str> {
    path.strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .filter(|n| !n.contains('}'))
}

/// Whether a capture of an own request holds the URI of an own object:
/// the `Location` a create answers, or the `resource_uri` of the object
/// whose naming field equals a literal.
fn names_own_object(capture: &Capture, naming: Option<&str>) -> bool {
    let spec = capture.spec();
    match &spec.from {
        CaptureFrom::Header(h) => h.eq_ignore_ascii_case("location"),
        CaptureFrom::Body(at) => {
            at == "/objects/*/resource_uri"
                && naming.is_some_and(|field| {
                    spec.where_
                        .get(field)
                        .and_then(serde_json::Value::as_str)
                        .is_some_and(|v| !v.contains("${"))
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::case::QueryParam;
    use crate::suite::touch::{Access, Footprint};
    use crate::suite::{Source, Suite};

    fn suite() -> (Suite, Relations) {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let relations = Relations::of(&suite.descriptions);
        (suite, relations)
    }

    fn fp(suite: &Suite, rel: &Relations, id: &str) -> Footprint {
        suite
            .case(id)
            .unwrap_or_else(|| panic!("no case {id}"))
            .footprint(rel)
    }

    const GROUPS: &str = "/api/v1/usergroups";

    #[test]
    fn two_cases_on_their_own_objects_overlap_a_reader_or_a_counting_writer_does_not() {
        let (suite, rel) = suite();
        let rt = fp(
            &suite,
            &rel,
            "fortiauthenticator/usergroups/create_read_update_delete",
        );
        let unlisted = fp(
            &suite,
            &rel,
            "fortiauthenticator/usergroups/unlisted_methods_are_refused",
        );
        let too_long = fp(
            &suite,
            &rel,
            "fortiauthenticator/usergroups/invalid_name_too_long_is_400",
        );
        for own in [&rt, &unlisted] {
            assert_eq!(own.listings.get(GROUPS), Some(&Access::Own), "{own:?}");
            assert!(own.writes());
        }
        assert!(!rt.conflicts(&unlisted) && !unlisted.conflicts(&rt));
        // Its name is the field it breaks: judged by the count.
        assert_eq!(too_long.listings.get(GROUPS), Some(&Access::Write));
        assert!(too_long.conflicts(&rt) && rt.conflicts(&too_long));
        let readers: Vec<&Case> = suite
            .cases
            .iter()
            .filter(|c| c.endpoint == "usergroups" && !c.exclusive())
            .collect();
        assert!(!readers.is_empty());
        for r in readers {
            let r = r.footprint(&rel);
            assert!(r.conflicts(&rt) && rt.conflicts(&r), "{r:?}");
        }
    }

    /// A membership names its group: a group's writes add memberships (its
    /// `users`) or delete them with it, so a case that counts memberships
    /// waits for a case on its own groups, though the two share no listing
    /// they send to.
    #[test]
    fn a_case_on_its_own_objects_meets_the_writers_that_count_what_links_to_them() {
        let (suite, rel) = suite();
        let own = fp(
            &suite,
            &rel,
            "fortiauthenticator/usergroups/unlisted_methods_are_refused",
        );
        let counting = fp(
            &suite,
            &rel,
            "fortiauthenticator/localgroup_memberships/create_read_update_delete",
        );
        let members = "/api/v1/localgroup-memberships";
        assert_eq!(own.listings.get(members), Some(&Access::Own), "{own:?}");
        assert_eq!(counting.listings.get(members), Some(&Access::Write));
        assert!(own.conflicts(&counting) && counting.conflicts(&own));
    }

    #[test]
    fn a_count_an_unfiltered_listing_or_a_walk_makes_a_case_s_use_of_the_listing_not_its_own() {
        let (suite, rel) = suite();
        let base = suite
            .case("fortiauthenticator/usergroups/unlisted_methods_are_refused")
            .expect("case");
        assert!(base.own_listings(&rel).contains(GROUPS));
        // A count of the listing, as a step.
        let mut counted = base.clone();
        let mut count = counted.spec.steps[0].clone();
        count.request.method = Default::default();
        count.request.path = format!("{GROUPS}/");
        count.request.json = None;
        count.request.query = vec![QueryParam {
            name: "limit".into(),
            value: "1".into(),
        }];
        count.capture.clear();
        counted.spec.steps.insert(0, count.clone());
        assert!(!counted.own_listings(&rel).contains(GROUPS));
        assert_eq!(
            counted.footprint(&rel).listings.get(GROUPS),
            Some(&Access::Write)
        );
        // The same read under the naming filter, with a name the case's
        // own, keeps it; with a captured value (a fixture's), not.
        let mut named = base.clone();
        count.request.query.push(QueryParam {
            name: "name".into(),
            value: "fortiprobe-own".into(),
        });
        named.spec.steps.insert(0, count.clone());
        assert!(named.own_listings(&rel).contains(GROUPS));
        let mut fixture = base.clone();
        count.request.query.last_mut().expect("name").value = "${some_group}".into();
        fixture.spec.steps.insert(0, count);
        assert!(!fixture.own_listings(&rel).contains(GROUPS));
        // A request to an object it did not capture from its own.
        let mut other = base.clone();
        let last = other.spec.steps.len() - 1;
        other.spec.steps[last].request.path = format!("{GROUPS}/1/");
        assert!(!other.own_listings(&rel).contains(GROUPS));
    }

    /// Every case the locks let overlap on a listing reads no count and no
    /// listing but under its own name, and no two cases share a name.
    #[test]
    fn own_cases_read_no_count_nor_a_whole_listing_and_their_names_are_their_own() {
        let (suite, rel) = suite();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut own_cases = 0;
        for c in &suite.cases {
            let own = c.own_listings(&rel);
            if own.is_empty() || !c.exclusive() {
                continue;
            }
            own_cases += 1;
            for step in c.spec.steps.iter().chain(&c.spec.cleanup) {
                let r = &step.request;
                let listing = r.path.trim_end_matches('/');
                if !own.contains(listing) {
                    continue;
                }
                let naming = rel.naming(c.product, listing).expect("a naming field");
                if r.method.as_str() == "GET" {
                    assert!(
                        r.query.iter().any(|q| q.name == naming),
                        "{}: reads {} as a whole",
                        c.id(),
                        r.path
                    );
                }
                if let Some(name) = r.json.as_ref().and_then(|b| b.get(naming)) {
                    let name = name.as_str().unwrap_or_default().to_string();
                    let was = names.insert(format!("{listing} {name}"), c.id());
                    assert!(
                        was.as_ref().is_none_or(|w| *w == c.id()),
                        "{} and {} both make {listing} objects named {name}",
                        c.id(),
                        was.unwrap_or_default()
                    );
                }
            }
        }
        assert!(own_cases > 20, "{own_cases} cases on their own objects");
    }
}
