//! The whole fault catalogue: the named faults (`FAULTS`) and the rule
//! faults derived from the FortiAuthenticator declarations (`rules.rs`),
//! some of them promoted to required (`promoted.rs`), with the lookups
//! over all. Above `faults/` (the vocabulary), the
//! engine and `fac/` (the declarations), so that none of them depends on
//! the catalogue.

use std::sync::LazyLock;

use crate::faults::{Fault, FaultInfo, FAULTS};

mod promoted;
mod rules;

/// The names `promoted.rs` lists.
pub fn promoted() -> impl Iterator<Item = &'static str> {
    promoted::PROMOTED.iter().copied()
}

fn derived_only(i: &FaultInfo) -> bool {
    FAULTS.iter().all(|named| named.fault != i.fault)
}

/// The faults the kill matrix must see caught: `FAULTS`, then the derived
/// faults `promoted()` names (cases are known to catch them).
pub fn required() -> &'static [FaultInfo] {
    static REQUIRED: LazyLock<Vec<FaultInfo>> = LazyLock::new(|| {
        let promoted: Vec<&str> = promoted().collect();
        FAULTS
            .iter()
            .chain(
                rules::derived()
                    .iter()
                    .filter(|i| derived_only(i) && promoted.contains(&i.name)),
            )
            .copied()
            .collect()
    });
    &REQUIRED
}

/// Faults that work in the mock (`--fault` takes them) but are not
/// required: the rule faults derived from the declarations, less those the
/// named catalogue holds under an older name and those promoted. The kill
/// matrix runs those that catchers name.
pub fn pending() -> &'static [FaultInfo] {
    static PENDING: LazyLock<Vec<FaultInfo>> = LazyLock::new(|| {
        let promoted: Vec<&str> = promoted().collect();
        rules::derived()
            .iter()
            .filter(|i| derived_only(i) && !promoted.contains(&i.name))
            .copied()
            .collect()
    });
    &PENDING
}

/// Every fault the mock knows: `required()`, then `pending()`.
pub fn all() -> impl Iterator<Item = &'static FaultInfo> {
    required().iter().chain(pending())
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
