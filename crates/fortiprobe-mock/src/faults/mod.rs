//! The mock's catalogue of switchable faults. Each breaks exactly one
//! documented behaviour (or one framework default, marked so), so that the
//! suite can be shown to catch it. Handlers ask `MockState::has(Fault::X)`,
//! the FortiAuthenticator engine `MockState::broken(resource, kind, field)`.
//! The mock names no case: which cases must catch a fault is the suite's
//! side of the kill matrix (`catchers.yaml`). The vocabulary (`Fault`,
//! `RuleFault`, `RuleKind`) is `kind.rs`; this file holds `FaultInfo` and
//! the lookups; the named entries live by product in fac.rs,
//! fac_provisioning.rs, ftc.rs, fpc.rs and transport.rs, and `rules.rs`
//! derives one fault per rule of every declared FortiAuthenticator resource
//! (`fac-<resource>-<kind>[-<field>]`).

use std::sync::LazyLock;

mod info;
pub(crate) mod kind;
mod rules;

pub use info::FaultInfo;
pub use kind::{Fault, RuleFault, RuleKind};

mod fac;
mod fac_provisioning;
mod fpc;
mod ftc;
mod transport;

/// The catalogue's parts, by product, in the order `FAULTS` lists them.
const PARTS: &[&[FaultInfo]] = &[
    fac::FAC_TOKENS,
    fac_provisioning::FAC_PROVISIONING,
    ftc::FTC,
    fpc::FPC,
    transport::TRANSPORT,
];

const fn count(parts: &[&[FaultInfo]]) -> usize {
    let mut n = 0;
    let mut p = 0;
    while p < parts.len() {
        n += parts[p].len();
        p += 1;
    }
    n
}

/// The parts one after the other (a const fn: `FAULTS` stays a constant).
const fn joined<const N: usize>(parts: &[&[FaultInfo]]) -> [FaultInfo; N] {
    let mut out = [parts[0][0]; N];
    let mut k = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[k] = parts[p][i];
            k += 1;
            i += 1;
        }
        p += 1;
    }
    out
}

const NAMED: usize = count(PARTS);

/// The named faults, with the rule faults cases catch: the kill matrix's.
static CAUGHT_ALL: [FaultInfo; NAMED + rules::CAUGHT.len()] =
    joined(&[&joined::<NAMED>(PARTS), rules::CAUGHT]);

/// Every fault, in a stable order.
pub static FAULTS: &[FaultInfo] = &CAUGHT_ALL;

/// Faults that work in the mock (`--fault` takes them) but stay out of
/// `FAULTS`, and so out of the kill matrix, until cases catch them: the
/// rule faults derived from the declarations (`rules.rs`) that no case
/// catches yet. When `catchers.yaml` names cases for one, it moves to
/// `rules::CAUGHT` and so into `FAULTS`.
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
pub fn catalogue() -> impl Iterator<Item = &'static FaultInfo> {
    FAULTS.iter().chain(pending())
}

impl Fault {
    /// What the fault is; a rule fault no declaration derives (a resource
    /// or field of no declaration) is described by its parts.
    pub fn info(self) -> &'static FaultInfo {
        match catalogue().find(|i| i.fault == self) {
            Some(info) => info,
            None => rules::undeclared(self),
        }
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The fault called `name`, or a message listing the near names.
    pub fn from_name(name: &str) -> Result<Fault, String> {
        if let Some(i) = catalogue().find(|i| i.name == name) {
            return Ok(i.fault);
        }
        let near: Vec<&str> = catalogue()
            .map(|i| i.name)
            .filter(|n| {
                let prefix = name.split('-').take(2).collect::<Vec<_>>().join("-");
                n.starts_with(&prefix)
            })
            .collect();
        Err(if near.is_empty() {
            format!("no fault `{name}`; `fortiprobe faults` lists them")
        } else {
            format!("no fault `{name}`; near: {}", near.join(", "))
        })
    }
}
