//! Which cases must catch each fault of the reference mock: `catchers.yaml`,
//! read against the suite. A fault is named there with its cases, or, for
//! the mock's rule faults (`fac-<resource>-<kind>[-<detail>]`, one per
//! documented rule of a described resource), caught by the derived cases
//! that check that rule: the file's `rules` maps each kind of fault to the
//! rule those cases record (`Suite::rule_checks`), so a new description
//! brings its catchers with it and no line is written per fault. A kind
//! about behaviour no description table states (the guide's 'Behavior of
//! the API' of `/auth/`) maps to hand-written cases instead
//! (`case:<id>`, `{resource}` and `{detail}` filled from the fault).

use std::collections::BTreeMap;

use crate::suite::description::derive::RuleCheck;
use crate::suite::Suite;

/// The table compiled in: `catchers.yaml` at the project's root.
pub const CATCHERS: &str = include_str!("../../../catchers.yaml");

/// The key of the kind-to-rule table in `catchers.yaml`.
const RULES: &str = "rules";

/// The key of the list of pending faults' reasons in `catchers.yaml`.
const PENDING: &str = "pending";

/// Fault name -> the cases that must fail when it is on, for every fault
/// of `faults` (the mock's faults that must be caught) and those of
/// `pending` (faults the mock derives that may wait for cases) that have
/// any: named in `catchers.yaml`, or found by its `rules`. Every fault of
/// `faults` gets at least one case, every named fault exists, every rule
/// a kind maps to is one cases record; all errors at once.
pub fn table(
    suite: &Suite,
    faults: &[&str],
    pending: &[&str],
) -> Result<BTreeMap<String, Vec<String>>, Vec<String>> {
    let doc = crate::yaml::parse("catchers.yaml", CATCHERS).map_err(|e| vec![e.to_string()])?;
    let ((named, rules), mut errors) = read(&doc)?;
    for name in named.keys() {
        if !faults.contains(&name.as_str()) && !pending.contains(&name.as_str()) {
            errors.push(format!(
                "catchers.yaml:{}: `{name}` is not a fault of the mock",
                doc.line(&format!("/{name}"))
            ));
        }
    }
    let mut table = named;
    for (list, required) in [(faults, true), (pending, false)] {
        for fault in list {
            if table.contains_key(*fault) {
                continue;
            }
            let found = by_rule(suite, &rules, fault);
            if !found.is_empty() {
                table.insert(fault.to_string(), found);
            } else if required {
                errors.push(format!(
                    "catchers.yaml: fault `{fault}` names no case that must catch it (no entry, and no derived case checks its rule)"
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(table)
    } else {
        Err(errors)
    }
}

/// Fault name -> case ids, kind -> rules.
type Tables = (BTreeMap<String, Vec<String>>, BTreeMap<String, Vec<String>>);

/// The file's named faults and its `rules`, each rule checked against the
/// vocabulary derived cases record, and the errors found so far.
fn read(doc: &crate::yaml::Located) -> Result<(Tables, Vec<String>), Vec<String>> {
    let Some(top) = doc.value.as_object() else {
        return Err(vec![
            "catchers.yaml: a mapping from fault names to case ids, and `rules`".into(),
        ]);
    };
    let mut errors = Vec::new();
    let mut tables: Tables = Default::default();
    for key in top.keys().filter(|k| *k != PENDING) {
        let at = format!("/{key}");
        let target = if key == RULES {
            &mut tables.1
        } else {
            &mut tables.0
        };
        match doc.extract::<BTreeMap<String, OneOrMany>>(&at) {
            Ok(m) if key == RULES => target.extend(m.into_iter().map(|(k, v)| (k, v.into_vec()))),
            Ok(_) => errors.push(format!(
                "catchers.yaml:{}: `{key}` lists case ids",
                doc.line(&at)
            )),
            Err(_) if key == RULES => errors.push(format!(
                "catchers.yaml:{}: `rules` maps a kind of fault to the rule its catchers check",
                doc.line(&at)
            )),
            Err(_) => match doc.extract::<Vec<String>>(&at) {
                Ok(list) => {
                    target.insert(key.clone(), list);
                }
                Err(e) => errors.extend(e.iter().map(|x| x.to_string())),
            },
        }
    }
    let vocabulary = crate::suite::description::derive::RULES;
    for (kind, targets) in &tables.1 {
        for t in targets.iter().filter(|t| !t.starts_with(CASE)) {
            // `uri:{detail}` is known by what comes before the brace.
            let known = match t.split_once('{') {
                Some((base, _)) => vocabulary.contains(&base),
                None => vocabulary
                    .iter()
                    .any(|r| *r == t.as_str() || (r.ends_with(':') && t.starts_with(r))),
            };
            if !known {
                errors.push(format!(
                    "catchers.yaml:{}: kind `{kind}` maps to `{t}`, not a rule derived cases check ({})",
                    doc.line(&format!("/{RULES}/{kind}")),
                    vocabulary.join(", ")
                ));
            }
        }
    }
    Ok((tables, errors))
}

/// Why a derived fault no case catches yet stays out of the kill matrix:
/// `pending` of `catchers.yaml`, a list of `{faults: pattern, why: text}`
/// (`*` in a pattern stands for any text), the first match giving the
/// reason.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingReason {
    pub faults: String,
    pub why: String,
}

impl PendingReason {
    /// Whether `name` is one of the faults the pattern names.
    pub fn names(&self, name: &str) -> bool {
        let mut parts = self.faults.split('*');
        let first = parts.next().unwrap_or_default();
        let Some(mut rest) = name.strip_prefix(first) else {
            return false;
        };
        let parts: Vec<&str> = parts.collect();
        for (i, part) in parts.iter().enumerate() {
            if i + 1 == parts.len() {
                return rest.len() >= part.len() && rest.ends_with(part);
            }
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        rest.is_empty()
    }
}

/// The reasons `catchers.yaml` gives for pending faults, in its order.
pub fn pending_reasons() -> Result<Vec<PendingReason>, Vec<String>> {
    let doc = crate::yaml::parse("catchers.yaml", CATCHERS).map_err(|e| vec![e.to_string()])?;
    if doc.value.get(PENDING).is_none() {
        return Ok(Vec::new());
    }
    doc.extract::<Vec<PendingReason>>(&format!("/{PENDING}"))
        .map_err(|e| e.iter().map(|x| x.to_string()).collect())
}

/// The reason for pending fault `name`: the first entry that names it.
pub fn why_pending<'r>(reasons: &'r [PendingReason], name: &str) -> Option<&'r str> {
    reasons
        .iter()
        .find(|r| r.names(name))
        .map(|r| r.why.as_str())
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// A `rules` target naming a hand-written case, for behaviour no
/// description table states (`case:fortiauthenticator/auth/{resource}_unknown_user_is_401`):
/// the case of that id, when the suite has it, catches the fault.
const CASE: &str = "case:";

/// A rule fault's parts: the described resource its name starts with, the
/// kind `rules` knows, and what follows.
fn parse<'a>(
    suite: &Suite,
    rules: &'a BTreeMap<String, Vec<String>>,
    fault: &'a str,
) -> Option<(String, &'a str, Option<&'a str>, &'a [String])> {
    let rest = fault.strip_prefix("fac-")?;
    suite.descriptions.iter().find_map(|d| {
        let after = rest.strip_prefix(&d.head.resource)?.strip_prefix('-')?;
        rules.iter().find_map(|(kind, targets)| {
            let tail = after.strip_prefix(kind.as_str())?;
            let detail = match tail {
                "" => None,
                t => Some(t.strip_prefix('-')?),
            };
            Some((
                d.head.resource.clone(),
                kind.as_str(),
                detail,
                targets.as_slice(),
            ))
        })
    })
}

/// The derived cases that check a rule fault's rule: of its resource, one
/// of the rules its kind maps to (`{detail}` in a rule takes the fault's
/// detail), about its detail (any, when the fault names none).
fn by_rule(suite: &Suite, rules: &BTreeMap<String, Vec<String>>, fault: &str) -> Vec<String> {
    let Some((resource, _, detail, targets)) = parse(suite, rules, fault) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for t in targets {
        let consumed = t.contains('{');
        let rule = t
            .replace("{detail}", detail.unwrap_or_default())
            .replace("{resource}", &resource);
        if let Some(id) = rule.strip_prefix(CASE) {
            if suite.cases.iter().any(|c| c.id() == id) && !out.iter().any(|c| c == id) {
                out.push(id.to_string());
            }
            continue;
        }
        let matches = |r: &&RuleCheck| {
            r.resource == resource
                && r.rule == rule
                && (consumed || detail.is_none() || r.detail.as_deref() == detail)
        };
        for r in suite.rule_checks.iter().filter(matches) {
            if !out.contains(&r.case) {
                out.push(r.case.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::Source;

    #[test]
    fn a_pattern_names_the_faults_it_spells_with_any_text_for_a_star() {
        let r = |p: &str| PendingReason {
            faults: p.into(),
            why: String::new(),
        };
        assert!(r("*-method-accepted-put-list").names("fac-localusers-method-accepted-put-list"));
        assert!(!r("*-method-accepted-put-list").names("fac-localusers-method-accepted-put-detail"));
        assert!(r("*-method-accepted-*-detail").names("fac-a-method-accepted-patch-detail"));
        assert!(!r("*-method-accepted-*-detail").names("fac-a-method-accepted-patch-list"));
        assert!(r("fac-*auth-lockout-ignored").names("fac-realmauth-lockout-ignored"));
        assert!(r("fac-userlockoutpolicy-*").names("fac-userlockoutpolicy-range-unchecked-x"));
        assert!(r("fac-a-b").names("fac-a-b") && !r("fac-a-b").names("fac-a-bc"));
        assert!(!r("fac-a-*-b").names("fac-a-b"));
    }

    /// No derived fault is left out of the kill matrix unexplained: every
    /// pending one has a reason, and every reason names a pending fault.
    #[test]
    fn every_pending_fault_has_a_reason_and_every_reason_a_pending_fault() {
        let reasons = pending_reasons().expect("catchers.yaml `pending`");
        let pending: Vec<&str> = fortiprobe_mock::catalogue::pending()
            .iter()
            .map(|f| f.name)
            .collect();
        let without: Vec<&&str> = pending
            .iter()
            .filter(|f| why_pending(&reasons, f).is_none())
            .collect();
        assert!(
            without.is_empty(),
            "pending faults without a reason: {without:?}"
        );
        for r in &reasons {
            assert!(
                pending.iter().any(|f| r.names(f)),
                "catchers.yaml `pending`: `{}` names no pending fault",
                r.faults
            );
        }
    }

    #[test]
    fn a_rule_fault_is_caught_by_the_derived_cases_that_check_its_rule() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let faults = [
            "fac-localusers-max-length-unchecked-address",
            "fac-localgroup-memberships-in-repeat-ignored-group_name",
            "fac-localgroup-memberships-uri-refused-delete-detail-unslashed",
            "fac-localusers-cross-field-unchecked-token_type",
            "fac-macgroups-method-accepted-put-detail",
            "fac-usergroups-relation-not-reflected-users",
        ];
        let rules: BTreeMap<String, Vec<String>> = [
            ("max-length-unchecked", "maxLength"),
            ("in-repeat-ignored", "in:repeated"),
            ("uri-refused", "uri:{detail}"),
            ("cross-field-unchecked", "rule"),
            ("method-accepted", "unlisted:{detail}"),
            ("relation-not-reflected", "reflected"),
            (
                "unknown-user-accepted",
                "case:fortiauthenticator/auth/{resource}_unknown_user_is_401",
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
        .collect();
        let found = |f: &str| by_rule(&suite, &rules, f);
        assert_eq!(
            found(faults[0]),
            ["fortiauthenticator/localusers/invalid_address_too_long_is_400"]
        );
        assert_eq!(
            found(faults[1]),
            ["fortiauthenticator/localgroup_memberships/filter_group_name_in"]
        );
        assert_eq!(
            found(faults[2]),
            ["fortiauthenticator/localgroup_memberships/create_read_update_delete"]
        );
        let rules_of_token_type = found(faults[3]);
        assert!(rules_of_token_type.contains(
            &"fortiauthenticator/localusers/email_token_without_email_is_400".to_string()
        ));
        assert!(
            !rules_of_token_type
                .iter()
                .any(|c| c.contains("token_auth_without")),
            "{rules_of_token_type:?}"
        );
        assert_eq!(
            found(faults[4]),
            ["fortiauthenticator/macgroups/unlisted_methods_are_refused"]
        );
        assert!(
            found("fac-macgroups-method-accepted-put-list").is_empty(),
            "no case sends an undocumented method to a list URI"
        );
        assert!(
            found(faults[5]).contains(
                &"fortiauthenticator/localgroup_memberships/create_read_update_delete".to_string()
            ),
            "a membership shows on the group's own `users`: {:?}",
            found(faults[5])
        );
        assert!(found("fac-nosuch-max-length-unchecked-x").is_empty());
        assert_eq!(
            found("fac-realmauth-unknown-user-accepted"),
            ["fortiauthenticator/auth/realmauth_unknown_user_is_401"]
        );
        assert!(found("fac-localusers-unknown-user-accepted").is_empty());
    }

    #[test]
    fn the_committed_table_names_a_case_for_every_fault_it_is_given() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let t = table(&suite, &["fac-macdevices-pattern-unchecked-address"], &[]);
        let e = t.expect_err("the explicit entries name faults not in this short catalogue");
        assert!(
            e.iter().any(|x| x.contains("is not a fault of the mock")),
            "{e:?}"
        );
        assert!(
            !e.iter()
                .any(|x| x.contains("fac-macdevices-pattern-unchecked-address")),
            "{e:?}"
        );
    }

    #[test]
    fn a_pending_fault_joins_the_table_only_with_catchers() {
        let suite = Suite::load(Source::Embedded, &[]).expect("suite");
        let named: Vec<String> = {
            let doc = crate::yaml::parse("catchers.yaml", CATCHERS).expect("yaml");
            doc.value
                .as_object()
                .map(|m| {
                    m.keys()
                        .filter(|k| *k != RULES && *k != PENDING)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        };
        let named: Vec<&str> = named.iter().map(String::as_str).collect();
        let pending = [
            "fac-macdevices-pattern-unchecked-address",
            "fac-macgroups-method-accepted-put-list",
        ];
        let t = table(&suite, &named, &pending).expect("a table");
        assert!(t.contains_key(pending[0]));
        assert!(!t.contains_key(pending[1]));
        let e = table(&suite, &[&named[..], &pending[1..]].concat(), &[])
            .expect_err("a fault to catch without catchers");
        assert!(e.iter().any(|x| x.contains(pending[1])), "{e:?}");
    }
}
