//! What the catalogue says of each fault (`FaultInfo`), and the
//! constructors its entries are written with.

use super::kind::{Fault, RuleKind};

/// What a fault is and what it breaks.
#[derive(Debug, Clone, Copy)]
pub struct FaultInfo {
    pub fault: Fault,
    pub name: &'static str,
    pub about: &'static str,
    /// The fault only shows with more tokens than this (0: any data).
    pub needs_tokens: usize,
    /// A transport fault: runs need a short request timeout.
    pub transport: bool,
    /// The FortiAuthenticator resource whose rule it breaks (`localusers`).
    pub resource: Option<&'static str>,
    /// The kind of rule it breaks.
    pub rule: Option<RuleKind>,
    /// The field the rule is about (for kinds about URIs and methods: the
    /// method and URI form; for cross-field rules: the rule's name).
    pub field: Option<&'static str>,
}

pub(crate) const fn f(fault: Fault, name: &'static str, about: &'static str) -> FaultInfo {
    let (resource, rule, field) = match fault {
        Fault::Rule(r) => (Some(r.resource), Some(r.kind), r.field),
        _ => (None, None, None),
    };
    FaultInfo {
        fault,
        name,
        about,
        needs_tokens: 0,
        transport: false,
        resource,
        rule,
        field,
    }
}

pub(super) const fn many(mut i: FaultInfo, tokens: usize) -> FaultInfo {
    i.needs_tokens = tokens;
    i
}

pub(super) const fn wire(mut i: FaultInfo) -> FaultInfo {
    i.transport = true;
    i
}
