//! What a case requests and needs, as data: the method and path pattern
//! of every step, cleanup step and property walk, and the schemas it
//! names, read from the case file without running it. A path that is a captured value (`${uri}`) is traced to the
//! step that captured it: an object of the collection that step asked. The
//! kill matrix reads this to find the cases that can see a fault; the
//! runner to lock only the listings a case reads or changes (`Footprint`).
//!
//! A case's footprint is the listings it reads, and, for a case that
//! changes what others see (`Case::exclusive`), the listings it writes,
//! as a whole (`Access::Write`) or only through objects of its own
//! (`Access::Own`, `suite::own`), widened by the relations the resource
//! descriptions state (`Relations`: a write on either side of a URI field
//! shows on the other, a membership in its user's `user_groups`, a deleted
//! group in its members'; the objects there change, so the listing's
//! readers wait, but not its cases on their own objects). Where
//! nothing is known the footprint is the whole product: a path nothing in
//! the case explains, a write to a listing no description of a collection
//! covers (an action such as `/auth/`, another product's endpoints), a
//! write that carries a fixture of the target file (an object the file
//! names) anywhere but in a URI field the descriptions relate to the
//! written listing (in its path, or a path captured by a step that asked
//! for it; a FortiToken's serial given to a user: where that object lives
//! and what the write does to it, the case does not say), and every
//! FortiPortal case (one live token per admin).

use std::collections::{BTreeMap, BTreeSet};

use super::description::{
    model::{FieldType, Kind},
    ResourceDescription,
};
use super::{Case, Product};
use crate::product::AuthScheme;

/// One kind of request a case sends: product, method and path pattern
/// (each segment that names one object, `${ref}` or an id, is `*`; a path
/// nothing in the case explains is `*` alone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Touch {
    pub product: Product,
    pub method: &'static str,
    pub path: String,
}

/// The path that stands for any path of the product: a captured value the
/// case does not say where it came from.
pub const ANY_PATH: &str = "*";

impl Touch {
    /// The listing the request reads or changes: its pattern up to the
    /// first `*` segment, without a trailing slash (`/api/v1/localusers`
    /// for both `/api/v1/localusers/` and `/api/v1/localusers/*/`); `None`
    /// when the path could be anything of the product.
    pub fn collection(&self) -> Option<String> {
        if self.path == ANY_PATH {
            return None;
        }
        let mut out = String::new();
        for seg in self.path.split('/').filter(|s| !s.is_empty()) {
            if seg == "*" {
                break;
            }
            out.push('/');
            out.push_str(seg);
        }
        Some(if out.is_empty() { "/".into() } else { out })
    }

    /// Whether the request may change what the target holds.
    pub fn writes(&self) -> bool {
        self.method != "GET"
    }
}

/// How a case uses a listing: reads it; writes only objects it made and
/// names, and reads only those (`suite::own`); or may change what it
/// shows and reads it as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    Read,
    Own,
    Write,
}

impl Access {
    /// Whether two uses of one listing must not overlap: any but two reads
    /// (readers share), or two cases that each keep to their own objects
    /// (neither sees the other's). A reader compares the whole listing: it
    /// meets every object an `Own` case makes.
    pub fn clashes(self, other: Access) -> bool {
        !matches!(
            (self, other),
            (Access::Read, Access::Read) | (Access::Own, Access::Own)
        )
    }

    /// Both uses by one case: a case that reads the listing as a whole and
    /// also writes objects of its own in it writes what it reads.
    pub fn and(self, other: Access) -> Access {
        match (self, other) {
            (a, b) if a == b => a,
            (Access::Read, Access::Own) | (Access::Own, Access::Read) => Access::Write,
            (a, b) => a.max(b),
        }
    }
}

/// What a case reads and changes of its product, for the run's locks: two
/// cases conflict (must not overlap) when one writes what the other
/// reads or writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footprint {
    pub product: Product,
    /// The whole product, when what the case touches is not known to stay
    /// within listings (module doc).
    pub whole: Option<Access>,
    /// The listings (`Touch::collection`) and how the case uses each.
    pub listings: BTreeMap<String, Access>,
}

impl Footprint {
    /// Whether the two cases must not overlap: the same product, and a
    /// write of one meets a read or write of the other (the whole product
    /// meets every listing of it).
    pub fn conflicts(&self, other: &Footprint) -> bool {
        if self.product != other.product {
            return false;
        }
        let clash = |a: Access, b: Access| a.clashes(b);
        let against_whole = |whole: Option<Access>, them: &Footprint| {
            whole.is_some_and(|a| {
                them.whole.is_some_and(|b| clash(a, b))
                    || them.listings.values().any(|b| clash(a, *b))
            })
        };
        against_whole(self.whole, other)
            || against_whole(other.whole, self)
            || self
                .listings
                .iter()
                .any(|(l, a)| other.listings.get(l).is_some_and(|b| clash(*a, *b)))
    }

    /// Whether the case may change anything others see.
    pub fn writes(&self) -> bool {
        self.whole == Some(Access::Write) || self.listings.values().any(|a| *a != Access::Read)
    }
}

/// What the resource descriptions say of each listing of a collection:
/// the listings a write to it can show in (itself, the resources its URI
/// fields name, and those whose URI fields name it). A listing they do
/// not cover, or whose URI fields name a resource no description covers,
/// is unknown.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    known: BTreeMap<(Product, String), BTreeSet<String>>,
    /// Each listing's fields that name an object of a described listing,
    /// and that listing.
    uri_fields: BTreeMap<(Product, String), BTreeMap<String, String>>,
    /// Each listing's naming field (`example.naming`), where it has an
    /// exact filter: what an object of a case's own is known by.
    naming: BTreeMap<(Product, String), String>,
    /// For each listing, the listings whose objects name one of its
    /// objects by a single URI or id field (a membership's user): objects that
    /// go with it (deleted with it) or are made when a list field of
    /// either side is written, so that a write to it changes what those
    /// listings hold, not only what their objects say.
    linked: BTreeMap<(Product, String), BTreeSet<String>>,
}

impl Relations {
    pub fn of(descriptions: &[ResourceDescription]) -> Relations {
        let listing = |d: &ResourceDescription| {
            let product = Product::from_key(&d.product_dir)?;
            (d.head.kind == Kind::Collection)
                .then(|| (product, d.head.path.trim_end_matches('/').to_string()))
        };
        let by_name = |name: &str| {
            descriptions
                .iter()
                .find(|d| d.head.resource == name)
                .and_then(listing)
        };
        let mut known: BTreeMap<(Product, String), BTreeSet<String>> = BTreeMap::new();
        let mut uri_fields: BTreeMap<(Product, String), BTreeMap<String, String>> = BTreeMap::new();
        let mut unknown = BTreeSet::new();
        let mut naming = BTreeMap::new();
        let mut linked: BTreeMap<(Product, String), BTreeSet<String>> = BTreeMap::new();
        for d in descriptions {
            let Some(key) = listing(d) else { continue };
            known.entry(key.clone()).or_default().insert(key.1.clone());
            let named = d.body.example.as_ref().and_then(|e| e.naming.clone());
            if let Some(field) = named.filter(|n| {
                d.body
                    .filters
                    .iter()
                    .any(|(f, x)| f == n && x.lookups.iter().any(|l| l == "exact"))
            }) {
                naming.insert(key.clone(), field);
            }
            for (field, f) in &d.body.fields {
                let Some(name) = f.of.as_deref() else {
                    continue;
                };
                match by_name(name) {
                    Some(other) if other.0 == key.0 => {
                        known
                            .entry(key.clone())
                            .or_default()
                            .insert(other.1.clone());
                        known
                            .entry(other.clone())
                            .or_default()
                            .insert(key.1.clone());
                        uri_fields
                            .entry(key.clone())
                            .or_default()
                            .insert(field.clone(), other.1.clone());
                        // One object named by its URI or id (a membership's
                        // user, an IAM user's local user).
                        if matches!(f.kind, FieldType::Uri | FieldType::Id) {
                            linked
                                .entry(other.clone())
                                .or_default()
                                .insert(key.1.clone());
                        }
                    }
                    _ => {
                        unknown.insert(key.clone());
                    }
                }
            }
        }
        known.retain(|k, _| !unknown.contains(k));
        Relations {
            known,
            uri_fields,
            naming,
            linked,
        }
    }

    /// The listings whose objects name one of `listing`'s by a single URI
    /// field (`linked`).
    pub fn linked(&self, product: Product, listing: &str) -> impl Iterator<Item = &String> {
        self.linked
            .get(&(product, listing.to_string()))
            .into_iter()
            .flatten()
    }

    /// The naming field of `listing`, where it has an exact filter.
    pub fn naming(&self, product: Product, listing: &str) -> Option<&str> {
        self.naming
            .get(&(product, listing.to_string()))
            .map(String::as_str)
    }

    /// Whether `field` of `listing` names an object of a listing the
    /// descriptions relate to it.
    fn names_related(&self, product: Product, listing: &str, field: &str) -> bool {
        self.uri_fields
            .get(&(product, listing.to_string()))
            .is_some_and(|f| f.contains_key(field))
    }

    /// The listing whose objects `field` of `listing` names, where the
    /// descriptions relate the two.
    pub fn names(&self, product: Product, listing: &str, field: &str) -> Option<&str> {
        self.uri_fields
            .get(&(product, listing.to_string()))
            .and_then(|f| f.get(field))
            .map(String::as_str)
    }

    /// The listings a write to `listing` of `product` can show in; `None`
    /// when the descriptions say nothing of it.
    pub fn shown_in(&self, product: Product, listing: &str) -> Option<&BTreeSet<String>> {
        self.known.get(&(product, listing.to_string()))
    }
}

impl Case {
    /// What the case reads and changes, for the run's locks (module doc).
    pub fn footprint(&self, relations: &Relations) -> Footprint {
        let writer = self.exclusive();
        let mut fp = Footprint {
            product: self.product,
            whole: None,
            listings: BTreeMap::new(),
        };
        if self.product.describe().one_session_per_user
            || (writer && self.writes_fixture_elsewhere(relations))
        {
            fp.whole = Some(if writer { Access::Write } else { Access::Read });
            return fp;
        }
        let touches = self.touches();
        let own = if writer {
            self.own_listings(relations)
        } else {
            BTreeSet::new()
        };
        // A case that changes what others see but sends only reads (its
        // cleanup does, or it is marked destructive): all it reads.
        let sends_writes = touches.iter().any(Touch::writes);
        for t in &touches {
            let access = if writer && (t.writes() || !sends_writes) {
                Access::Write
            } else {
                Access::Read
            };
            match t.collection() {
                None => fp.whole = fp.whole.max(Some(access)),
                Some(c) if own.contains(&c) => {
                    fp.listings.insert(c, Access::Own);
                }
                Some(c) => {
                    let at = fp.listings.entry(c).or_insert(access);
                    *at = (*at).max(access);
                }
            }
        }
        // What a write shows in the related listings (the relations, both
        // ways). Their readers compare whole listings and must wait, and so
        // must their writers that count them; a case on its own objects
        // there (`Access::Own`) need not: a write reaches objects there
        // through URI fields, its own or ones it found by reading that
        // listing (then it reads what it changes). A write of own objects
        // reaches the objects its writes name (`own_named`) and the
        // listings whose objects go with its own (`Relations::linked`: a
        // user's memberships); a fresh object is named by no other.
        let mut reached = self.own_named(relations, &own);
        for (l, access) in fp.listings.clone() {
            match access {
                Access::Read => {}
                Access::Own => reached.extend(relations.linked(self.product, &l).cloned()),
                Access::Write => match relations.shown_in(self.product, &l) {
                    Some(shown) => reached.extend(shown.iter().filter(|s| **s != l).cloned()),
                    None => fp.whole = Some(Access::Write),
                },
            }
        }
        for r in reached {
            let at = fp.listings.entry(r).or_insert(Access::Own);
            *at = at.and(Access::Own);
        }
        if writer && !fp.writes() {
            fp.whole = Some(Access::Write);
        }
        if fp.whole == Some(Access::Write) {
            fp.listings.clear();
        }
        fp
    }

    /// Whether a write of the case carries a fixture of the target file
    /// (an object the file names) anywhere but in a URI field the
    /// descriptions relate to the written listing: its path, its query, a
    /// plain field (a FortiToken's serial given to a user). Where that
    /// object lives, and what the write does to it, the case does not say.
    fn writes_fixture_elsewhere(&self, relations: &Relations) -> bool {
        let fixtures: BTreeSet<&str> = self.spec.fixtures.iter().map(String::as_str).collect();
        if fixtures.is_empty() {
            return false;
        }
        let names = |text: &str| {
            crate::vars::references(text)
                .into_iter()
                .any(|n| fixtures.contains(n))
        };
        let in_value = |v: &serde_json::Value| {
            let mut refs = Vec::new();
            crate::vars::references_in_value(v, &mut refs);
            refs.iter().any(|n| fixtures.contains(n.as_str()))
        };
        let outside_body = |r: &super::Request| {
            names(&r.path)
                || r.query.iter().any(|q| names(&q.value))
                || r.headers.values().any(|h| names(h))
                || r.raw_body.as_deref().is_some_and(names)
        };
        let steps: Vec<&super::Step> = self.spec.steps.iter().chain(&self.spec.cleanup).collect();
        steps.iter().enumerate().any(|(i, step)| {
            let r = &step.request;
            if r.method.as_str() == "GET" {
                return false;
            }
            // A path captured by a step that asked for the fixture's object
            // names that object.
            let captured_from_fixture = crate::vars::references(&r.path).into_iter().any(|n| {
                steps[..i]
                    .iter()
                    .rev()
                    .find(|s| s.capture.contains_key(n))
                    .is_some_and(|s| outside_body(&s.request))
            });
            let path = pattern(&r.path, r.trailing_slash, |name| {
                captured_in(&steps[..i], name)
            });
            let listing = self.touch("POST", path).collection();
            let related = |field: &str| {
                listing
                    .as_deref()
                    .is_some_and(|l| relations.names_related(self.product, l, field))
            };
            captured_from_fixture
                || outside_body(r)
                || match &r.json {
                    Some(serde_json::Value::Object(body)) => {
                        body.iter().any(|(field, v)| in_value(v) && !related(field))
                    }
                    Some(other) => in_value(other),
                    None => false,
                }
        })
    }

    /// The requests the case itself sends: its steps, its cleanup and the
    /// walks of its property check.
    pub fn touches(&self) -> BTreeSet<Touch> {
        let steps: Vec<&super::Step> = self.spec.steps.iter().chain(&self.spec.cleanup).collect();
        let mut out = BTreeSet::new();
        for (i, step) in steps.iter().enumerate() {
            let path = pattern(&step.request.path, step.request.trailing_slash, |name| {
                captured_in(&steps[..i], name)
            });
            out.insert(self.touch(step.request.method.as_str(), path));
        }
        if let Some(p) = &self.property {
            out.insert(self.touch("GET", pattern(&p.listing().path, true, |_| None)));
        }
        out
    }

    /// Requests the run sends on the case's behalf: the product's login
    /// (FortiToken Cloud's bearer token) and the resource index the case
    /// names.
    pub fn ambient(&self) -> BTreeSet<Touch> {
        let mut out = BTreeSet::new();
        if let AuthScheme::BearerLogin(login) = self.product.describe().auth {
            out.insert(self.touch("POST", login.path.to_string()));
        }
        if let Some(r) = &self.spec.resource {
            out.insert(self.touch("GET", pattern(&r.index, true, |_| None)));
        }
        out
    }

    /// The schemas the case names: its requests', its answers' and its
    /// check's (what a run compiles before its first request).
    pub fn schemas(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        for step in self.spec.steps.iter().chain(&self.spec.cleanup) {
            out.extend(step.request.schema.as_deref());
            out.extend(step.expect.schema.as_deref());
        }
        if let Some(p) = &self.property {
            out.insert(p.schema());
        }
        out
    }

    /// The kind a trial shows (`--list`, libtest's filter): the case's kind,
    /// marked `destructive` where it is.
    pub fn trial_kind(&self) -> String {
        if self.spec.destructive {
            format!("{} destructive", self.kind())
        } else {
            self.kind().to_string()
        }
    }

    fn touch(&self, method: &'static str, path: String) -> Touch {
        Touch {
            product: self.product,
            method,
            path,
        }
    }
}

/// The pattern of the object a `${name}` path holds, when one of `earlier`
/// captured `name`: an object of the collection that step asked.
pub(super) fn captured_in(earlier: &[&super::Step], name: &str) -> Option<String> {
    let at = earlier.iter().rposition(|s| s.capture.contains_key(name))?;
    let step = earlier[at];
    let asked = pattern(&step.request.path, true, |n| captured_in(&earlier[..at], n));
    if asked == ANY_PATH || asked.trim_end_matches('/').ends_with('*') {
        Some(asked)
    } else {
        Some(format!("{}/*/", asked.trim_end_matches('/')))
    }
}

/// `path` as a pattern: `${ref}` and id segments as `*`; a path that is one
/// captured value as what `captured` says it holds, else `*`.
pub(super) fn pattern(
    path: &str,
    trailing_slash: bool,
    captured: impl Fn(&str) -> Option<String>,
) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if let Some(name) = path
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .filter(|n| !n.contains('}'))
    {
        let found = captured(name).unwrap_or_else(|| ANY_PATH.to_string());
        return shape(found, trailing_slash);
    }
    let segments: Vec<&str> = path
        .split('/')
        .map(|seg| if names_one(seg) { "*" } else { seg })
        .collect();
    shape(segments.join("/"), trailing_slash)
}

fn shape(path: String, trailing_slash: bool) -> String {
    match path.strip_suffix('/') {
        Some(p) if !trailing_slash && !p.is_empty() => p.to_string(),
        _ => path,
    }
}

/// A segment that names one object: a reference, a number, or a long
/// hexadecimal identifier (a UUID, a serial).
fn names_one(seg: &str) -> bool {
    if seg.is_empty() {
        return false;
    }
    seg.contains("${")
        || seg.bytes().all(|b| b.is_ascii_digit())
        || (seg.len() >= 16 && seg.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{Source, Suite};

    fn case<'a>(suite: &'a Suite, id: &str) -> &'a Case {
        suite.case(id).unwrap_or_else(|| panic!("no case {id}"))
    }

    fn paths(set: &BTreeSet<Touch>) -> Vec<String> {
        set.iter()
            .map(|t| format!("{} {}", t.method, t.path))
            .collect()
    }

    #[test]
    fn patterns_name_objects_by_star_and_keep_the_route() {
        let none = |_: &str| None;
        assert_eq!(
            pattern("/api/v1/fortitokens/", true, none),
            "/api/v1/fortitokens/"
        );
        assert_eq!(
            pattern("/api/v1/fortitokens/987654321", true, none),
            "/api/v1/fortitokens/*"
        );
        assert_eq!(
            pattern("/api/v1/token/temp/${user}", true, none),
            "/api/v1/token/temp/*"
        );
        assert_eq!(
            pattern(
                "/api/v1/token/temp/5f0c9a8e-2b7d-4c1e-9f3a-6d2e8b4c7a10",
                true,
                none
            ),
            "/api/v1/token/temp/*"
        );
        assert_eq!(pattern("${uri}", true, none), "*");
        assert_eq!(
            pattern("${uri}", false, |_| Some("/api/v1/fortitokens/*/".into())),
            "/api/v1/fortitokens/*"
        );
    }

    #[test]
    fn a_captured_path_is_an_object_of_the_collection_that_gave_it() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let c = case(
            &suite,
            "fortiauthenticator/localusers/create_read_update_delete",
        );
        let got = paths(&c.touches());
        assert!(
            got.contains(&"POST /api/v1/localusers/".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"PATCH /api/v1/localusers/*/".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"DELETE /api/v1/localusers/*/".to_string()),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|p| p.ends_with(" *")),
            "every path traced: {got:?}"
        );
        let walk = case(
            &suite,
            "fortiauthenticator/fortitokens_pagination/walk_limit_7",
        );
        assert_eq!(paths(&walk.touches()), ["GET /api/v1/fortitokens/"]);
        let ftc = case(&suite, "fortitoken_cloud/login/login");
        assert!(paths(&ftc.ambient()).contains(&"POST /api/v1/login".to_string()));
    }

    fn footprints() -> (Suite, Relations) {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let relations = Relations::of(&suite.descriptions);
        (suite, relations)
    }

    #[test]
    fn writers_of_unrelated_listings_do_not_conflict_and_readers_share() {
        let (suite, rel) = footprints();
        let fp = |id: &str| case(&suite, id).footprint(&rel);
        let macs = fp("fortiauthenticator/macdevices/create_read_update_delete");
        let radius = fp("fortiauthenticator/radiusclients/create_read_update_delete");
        assert!(macs.writes() && radius.writes());
        assert_eq!(macs.whole, None, "{macs:?}");
        assert!(!macs.conflicts(&radius), "{macs:?} {radius:?}");
        let walk = fp("fortiauthenticator/fortitokens_pagination/walk_limit_7");
        let walk_1000 = fp("fortiauthenticator/fortitokens_pagination/walk_limit_1000");
        assert!(!walk.writes());
        assert!(!walk.conflicts(&walk_1000));
        assert!(!walk.conflicts(&macs), "a token walk beside MAC writes");
        // Other products never conflict.
        let fpc = fp("fortiportal/tokens/token_lifecycle");
        assert!(!fpc.conflicts(&macs));
    }

    #[test]
    fn a_listing_s_readers_conflict_with_writers_of_it_and_of_related_listings() {
        let (suite, rel) = footprints();
        let fp = |id: &str| case(&suite, id).footprint(&rel);
        let readers: Vec<&Case> = suite
            .cases
            .iter()
            .filter(|c| c.endpoint == "localusers" && !c.exclusive())
            .collect();
        assert!(readers.len() > 3);
        let users = fp("fortiauthenticator/localusers/create_read_update_delete");
        let member = fp("fortiauthenticator/localgroup_memberships/create_read_update_delete");
        let groups = fp("fortiauthenticator/usergroups/create_read_update_delete");
        let macs = fp("fortiauthenticator/macdevices/create_read_update_delete");
        for r in &readers {
            let r_fp = r.footprint(&rel);
            assert!(!r_fp.writes(), "{}", r.id());
            // The listing itself, and the listings whose writes show in
            // its objects (a membership in `user_groups`).
            for w in [&users, &member, &groups] {
                assert!(r_fp.conflicts(w) && w.conflicts(&r_fp), "{} {w:?}", r.id());
            }
            assert!(!r_fp.conflicts(&macs), "{}", r.id());
        }
        // Two writers of one listing never overlap.
        let invalid = fp("fortiauthenticator/localusers/invalid_city_too_long_is_400");
        assert!(invalid.conflicts(&users) && invalid.conflicts(&member));
        // Its user is its own (made, named, found by its name): it writes
        // the users' listing only through objects of its own.
        assert_eq!(
            member.listings.get("/api/v1/localusers"),
            Some(&Access::Own),
            "{member:?}"
        );
    }

    #[test]
    fn an_unknown_path_an_action_or_a_fixture_takes_the_whole_product() {
        let (suite, rel) = footprints();
        let mut writer = case(
            &suite,
            "fortiauthenticator/macdevices/unlisted_methods_are_refused",
        )
        .clone();
        assert_eq!(writer.footprint(&rel).whole, None);
        writer.spec.cleanup[0].request.path = "${nowhere}".into();
        let any = writer.footprint(&rel);
        assert_eq!(any.whole, Some(Access::Write), "{any:?}");
        let walk = fp_of(
            &suite,
            &rel,
            "fortiauthenticator/fortitokens_pagination/walk_limit_7",
        );
        assert!(any.conflicts(&walk) && walk.conflicts(&any));
        let mut reader = suite
            .cases
            .iter()
            .find(|c| c.endpoint == "fortitokens" && !c.exclusive() && !c.spec.steps.is_empty())
            .expect("a FortiToken reader with steps")
            .clone();
        reader.property = None;
        for step in &mut reader.spec.steps {
            step.request.path = "${nowhere}".into();
        }
        let unknown_read = reader.footprint(&rel);
        assert_eq!(unknown_read.whole, Some(Access::Read), "{unknown_read:?}");
        let macs = fp_of(
            &suite,
            &rel,
            "fortiauthenticator/macdevices/create_read_update_delete",
        );
        assert!(unknown_read.conflicts(&macs) && !unknown_read.conflicts(&walk));
        for id in [
            // POST /api/v1/auth/: an action, what it changes is not described.
            "fortiauthenticator/auth/auth_wrong_password_is_401",
            // The FortiToken the target file names, given to a user.
            "fortiauthenticator/provisioning_flow/assign_and_free_a_fortitoken",
            "fortiauthenticator/fortitokens_delete/delete_token",
            "fortiportal/tokens/token_lifecycle",
        ] {
            let fp = fp_of(&suite, &rel, id);
            assert_eq!(fp.whole, Some(Access::Write), "{id}: {fp:?}");
            assert!(fp.conflicts(&walk) || fp.product != Product::Fortiauthenticator);
        }
    }

    #[test]
    fn a_fixture_in_a_related_uri_field_keeps_the_listings_elsewhere_the_product() {
        let (suite, rel) = footprints();
        let base = case(
            &suite,
            "fortiauthenticator/localgroup_memberships/unlisted_methods_are_refused",
        );
        let with = |field: &str, in_path: bool| {
            let mut c = base.clone();
            c.spec.fixtures.push("some_group".into());
            let post = c
                .spec
                .steps
                .iter_mut()
                .find(|s| s.request.path == "/api/v1/localgroup-memberships/")
                .expect("the membership's POST");
            if in_path {
                post.request.path = "/api/v1/localgroup-memberships/${some_group}/".into();
            } else if let Some(serde_json::Value::Object(body)) = &mut post.request.json {
                body.insert(field.into(), "${some_group}".into());
            }
            c.footprint(&rel)
        };
        // `group` names a user group: the relation is described. The
        // group changes (its members): the listing's readers wait, its
        // cases on their own objects (which never read a fixture) need not.
        let related = with("group", false);
        assert_eq!(related.whole, None, "{related:?}");
        assert_eq!(
            related.listings.get("/api/v1/usergroups"),
            Some(&Access::Own)
        );
        // A plain field, or the path: where that object lives is unknown.
        assert_eq!(with("note", false).whole, Some(Access::Write));
        assert_eq!(with("group", true).whole, Some(Access::Write));
    }

    fn fp_of(suite: &Suite, rel: &Relations, id: &str) -> Footprint {
        case(suite, id).footprint(rel)
    }

    #[test]
    fn relations_are_read_from_the_descriptions_both_ways() {
        let (_, rel) = footprints();
        let fac = Product::Fortiauthenticator;
        let shown = |l: &str| rel.shown_in(fac, l).cloned().unwrap_or_default();
        let member = shown("/api/v1/localgroup-memberships");
        assert!(member.contains("/api/v1/localusers") && member.contains("/api/v1/usergroups"));
        assert!(shown("/api/v1/localusers").contains("/api/v1/localgroup-memberships"));
        assert!(shown("/api/v1/macdevices").contains("/api/v1/macgroups"));
        assert!(!shown("/api/v1/macdevices").contains("/api/v1/localusers"));
        assert!(rel.shown_in(fac, "/api/v1/auth").is_none(), "an action");
        assert!(rel.shown_in(fac, "/api/v1/nothing").is_none());
    }

    #[test]
    fn collections_are_the_pattern_before_its_first_object() {
        let t = |path: &str| Touch {
            product: Product::Fortiauthenticator,
            method: "GET",
            path: path.into(),
        };
        assert_eq!(
            t("/api/v1/localusers/*/").collection().as_deref(),
            Some("/api/v1/localusers")
        );
        assert_eq!(
            t("/api/v1/localusers/").collection().as_deref(),
            Some("/api/v1/localusers")
        );
        assert_eq!(
            t("/api/v1/fortitokens/*").collection().as_deref(),
            Some("/api/v1/fortitokens")
        );
        assert_eq!(t("/api/v1/").collection().as_deref(), Some("/api/v1"));
        assert_eq!(t("*").collection(), None);
    }
}
