//! The whole fault catalogue: the named faults (`FAULTS`) and the rule
//! faults derived from the FortiAuthenticator declarations (`rules.rs`),
//! with the lookups over both. Above `faults/` (the vocabulary), the
//! engine and `fac/` (the declarations), so that none of them depends on
//! the catalogue.

use std::sync::LazyLock;

use crate::faults::{Fault, FaultInfo, FAULTS};

mod rules;

/// Faults that work in the mock (`--fault` takes them) but are not in
/// `FAULTS`: the rule faults derived from the declarations, less those
/// the named catalogue holds under an older name. The kill matrix runs
/// those that catchers name.
pub fn pending() -> &'static [FaultInfo] {
    static PENDING: LazyLock<Vec<FaultInfo>> = LazyLock::new(|| {
        rules::derived()
            .iter()
            .filter(|i| FAULTS.iter().all(|named| named.fault != i.fault))
            .copied()
            .collect()
    });
    &PENDING
}

/// Every fault the mock knows: `FAULTS`, then `pending()`.
pub fn all() -> impl Iterator<Item = &'static FaultInfo> {
    FAULTS.iter().chain(pending())
}

impl Fault {
    /// What the fault is; a rule fault no declaration derives (a resource
    /// or field of no declaration) is described by its parts.
    pub fn info(self) -> &'static FaultInfo {
        match all().find(|i| i.fault == self) {
            Some(info) => info,
            None => rules::undeclared(self),
        }
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The fault called `name`, or a message listing the near names.
    pub fn from_name(name: &str) -> Result<Fault, String> {
        if let Some(i) = all().find(|i| i.name == name) {
            return Ok(i.fault);
        }
        let prefix = name.split('-').take(2).collect::<Vec<_>>().join("-");
        let near: Vec<&str> = all()
            .map(|i| i.name)
            .filter(|n| n.starts_with(&prefix))
            .collect();
        Err(if near.is_empty() {
            format!("no fault `{name}`; `fortiprobe faults` lists them")
        } else {
            format!("no fault `{name}`; near: {}", near.join(", "))
        })
    }
}
