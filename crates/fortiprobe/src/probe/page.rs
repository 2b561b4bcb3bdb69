//! One page of a listing by itself: `Pages`, the one way walks and
//! property checks fetch and judge pages (the runner implements it for a
//! case: its session, its credentials, its judgement with known deviations
//! applied); a page fetched, judged by an expectation and read (`meta` and
//! what is kept of each object); and its findings located (the page, the
//! exchange judged). Errors stay typed (`FetchError`) until they become a
//! finding here.

use std::collections::BTreeSet;
use std::future::Future;

use serde_json::Value;
use url::Url;

use crate::check::fields::show;
use crate::check::page::Page;
use crate::check::record::Record;
use crate::check::{Finding, Scrub};
use crate::client::link::target_of;
use crate::client::request::{Exchange, FetchError};
use crate::product::ListRules;
use crate::suite::case::Expect;

/// The one way walks and property checks fetch pages: authenticated GETs
/// and the judgement of one answer by an expectation (status, content
/// type, schema, fields, with known deviations applied).
pub trait Pages: Sync {
    /// The product's base URL; links are joined to it.
    fn base(&self) -> &Url;
    /// GET `url` with the credentials of the part of the case fetching,
    /// and `headers`.
    fn get(
        &self,
        url: Url,
        headers: &[(String, String)],
    ) -> impl Future<Output = Result<Exchange, FetchError>> + Send;
    /// What is wrong with one answer by `expect`.
    fn judge(&self, ex: &Exchange, expect: &Expect) -> Vec<Finding>;
    /// Masks the run's secrets in excerpts of answers (before they are cut).
    fn scrub(&self) -> &dyn Scrub;
}

/// What every page of a listing must be: 200, JSON, the listing's schema.
pub fn listing_page(schema: &str) -> Expect {
    Expect {
        status: Some(crate::suite::case::StatusSpec::One(200)),
        schema: Some(schema.to_string()),
        content_type: Some("application/json".into()),
        ..Default::default()
    }
}

/// What to keep of each object of a page.
pub struct Keep<'a> {
    pub identity: &'a [String],
    pub fields: &'a BTreeSet<String>,
    pub rules: ListRules,
}

/// The finding of a page that could not be had: what went wrong on the
/// wire, or the credentials that could not be made.
pub fn fetch_failed(e: &FetchError) -> Finding {
    match e {
        FetchError::Transport(t) => Finding::new("transport", "an HTTP answer", t.to_string()),
        FetchError::Credentials(why) => {
            Finding::new("authentication", "credentials to send", why.clone())
        }
    }
}

/// One page by itself: GET `url`, judged by `expect`, its records kept.
/// The exchange comes back too, for checks that need the whole answer.
pub async fn fetch_page<P: Pages>(
    pages: &P,
    (url, headers): (Url, &[(String, String)]),
    keep: &Keep<'_>,
    expect: &Expect,
) -> Result<(Page, Exchange), Vec<Finding>> {
    let ex = pages
        .get(url.clone(), headers)
        .await
        .map_err(|e| vec![fetch_failed(&e)])?;
    let page = read_page(pages, &url, &ex, keep, expect).map_err(|f| judged_on(f, ex.recorded))?;
    Ok((page, ex))
}

/// A page's answer judged and read: `meta` and the records of `objects`.
pub(super) fn read_page<P: Pages>(
    pages: &P,
    url: &Url,
    ex: &Exchange,
    keep: &Keep<'_>,
    expect: &Expect,
) -> Result<Page, Vec<Finding>> {
    let f = pages.judge(ex, expect);
    if !f.is_empty() {
        return Err(f);
    }
    let body = ex
        .json_ref()
        .map_err(|e| vec![Finding::new("body", "JSON", e)])?;
    let Some(objects) = body.get("objects").and_then(Value::as_array) else {
        return Err(vec![Finding::new(
            "/objects",
            "an array",
            show(body.get("objects"), pages.scrub()),
        )]);
    };
    Ok(Page {
        target: target_of(url),
        path: url.path().to_string(),
        query: url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        meta: body.get("meta").cloned().unwrap_or(Value::Null),
        records: objects
            .iter()
            .map(|o| Record::from_object(o, keep.identity, keep.fields))
            .collect(),
        rules: keep.rules,
    })
}

/// Findings judged on the exchange numbered `recorded` (when exchanges
/// are recorded), unless they name one already.
pub fn judged_on(f: Vec<Finding>, recorded: Option<usize>) -> Vec<Finding> {
    f.into_iter()
        .map(|mut x| {
            x.exchange = x.exchange.or(recorded);
            x
        })
        .collect()
}

/// Findings of page `n` (`target`: its path and query), located.
pub fn at_page(n: usize, target: &str, f: Vec<Finding>) -> Vec<Finding> {
    f.into_iter().map(|x| x.on_page(n, target)).collect()
}
