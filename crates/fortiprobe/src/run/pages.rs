//! The pages a case fetches, as walks and property checks see them
//! (`probe::Pages`, the one trait for it): GETs through its product's
//! session for one part of the case (its label, its credentials, its tap),
//! each answer judged by the case (`Context::judge`: known deviations
//! applied and met). What a property check works with (`probe::Probe`)
//! joins them to the run's reference listings.

use super::context::Context;
use crate::check::{Finding, Scrub};
use crate::client::http::Exchange;
use crate::client::observe::Part;
use crate::client::request::FetchError;
use crate::probe::{Pages, Probe, Walks};
use crate::suite::case::{Auth, Expect};
use crate::vars::Scope;

pub(super) struct CasePages<'a> {
    cx: &'a Context<'a>,
    part: Part<'a>,
    /// What `${refs}` in an expectation's fields resolve to.
    scope: &'a Scope,
}

impl Pages for CasePages<'_> {
    fn base(&self) -> &url::Url {
        &self.cx.run.session.target.url
    }

    async fn get(
        &self,
        url: url::Url,
        headers: &[(String, String)],
    ) -> Result<Exchange, FetchError> {
        self.cx.run.session.get(url, headers, &self.part).await
    }

    fn judge(&self, ex: &Exchange, expect: &Expect) -> Vec<Finding> {
        self.cx.judge(ex, expect, self.scope)
    }

    fn scrub(&self) -> &dyn Scrub {
        &*self.cx.runner.redactor
    }
}

impl<'a> Context<'a> {
    /// The pages the part `label` of the case fetches with `auth`.
    pub(super) fn pages(&'a self, label: &'a str, auth: Auth, scope: &'a Scope) -> CasePages<'a> {
        CasePages {
            cx: self,
            part: self.part(label, auth),
            scope,
        }
    }

    /// What a property check of the case works with, fetching `pages`.
    pub(super) fn probe<'b>(&self, pages: &'b CasePages<'b>) -> Probe<'b, CasePages<'b>>
    where
        'a: 'b,
    {
        let runner = self.runner;
        Probe {
            pages,
            product: self.case.product,
            references: &runner.references,
            walks: Walks {
                exhaustive: runner.options.exhaustive,
                max_pages: runner.options.max_pages,
                seed: runner.options.seed,
            },
        }
    }
}
