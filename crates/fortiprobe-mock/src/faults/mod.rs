//! The mock's faults: the vocabulary and the named catalogue. Each fault
//! breaks exactly one documented behaviour (or one framework default,
//! marked so), so that the suite can be shown to catch it. Handlers ask
//! `MockState::has(Fault::X)`, the FortiAuthenticator engine
//! `MockState::broken(resource, kind, field)`. The mock names no case:
//! which cases must catch a fault is the suite's side of the kill matrix
//! (`catchers.yaml`). The vocabulary (`Fault`, `RuleFault`, `RuleKind`) is
//! `kind.rs`, `FaultInfo` `info.rs`; the named entries live by product in
//! fac.rs, fac_provisioning.rs, ftc.rs, fpc.rs and transport.rs. This
//! folder sits below the engine and the declarations: the faults derived
//! from the declarations, and the lookups over both (`Fault::info`,
//! `Fault::from_name`), are `crate::catalogue`.

mod info;
pub(crate) mod kind;

pub(crate) use info::f;
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

static NAMED_ALL: [FaultInfo; NAMED] = joined(PARTS);

/// The named faults: those the kill matrix runs and `catchers.yaml` must
/// name cases for. The rule faults derived from the declarations are
/// `crate::catalogue::pending()`.
pub static FAULTS: &[FaultInfo] = &NAMED_ALL;
