//! Transport faults: answers that hang, trickle, close mid-answer, are not
//! JSON, are truncated, are HTML error pages or are huge. Runs that include
//! them need a short request timeout.

use super::info::{f, wire, FaultInfo};
use super::kind::Fault;
use super::kind::Fault::{FpcLoginHtml, FtcLoginHangs};

/// Hangs, broken and huge answers.
pub(super) const TRANSPORT: &[FaultInfo] = &[
    wire(f(
        Fault::FacListHangs,
        "fac-list-hangs",
        "the token list never answers",
    )),
    wire(f(
        Fault::FacListTrickles,
        "fac-list-trickles",
        "the token list body trickles in, a byte every 200 ms",
    )),
    wire(f(
        Fault::FacListClosesMidAnswer,
        "fac-list-closes-mid-answer",
        "the connection closes after part of the token list body",
    )),
    wire(f(
        Fault::FacListNotJson,
        "fac-list-not-json",
        "the token list answers bytes that are not JSON under application/json",
    )),
    wire(f(
        Fault::FacListTruncatedJson,
        "fac-list-truncated-json",
        "the token list answers JSON cut in half",
    )),
    wire(f(
        Fault::FacListHtmlError,
        "fac-list-html-error",
        "the token list answers 500 with an HTML error page",
    )),
    wire(f(
        Fault::FacListHuge,
        "fac-list-huge",
        "the token list answers a 300 MB body",
    )),
    wire(f(
        FtcLoginHangs,
        "ftc-login-hangs",
        "FortiToken Cloud login never answers",
    )),
    wire(f(
        FpcLoginHtml,
        "fpc-login-html",
        "FortiPortal tokenlogin answers 200 with an HTML page",
    )),
];
