//! One redirect followed by hand, for a request that opts in
//! (`redirect: follow_once`): FortiAuthenticator's documented DELETE URI
//! has no trailing slash, and Django answers such a path with a 301 to the
//! slashed one (docs/unslashed-delete.md). A 301 or 308 is sent once more,
//! method, headers and body unchanged, to its `Location`, and only when that
//! leads to the request's own origin: credentials never follow a redirect
//! to another host, which is a finding instead, and a `Location` holding a
//! user name or password (which the client would send as Basic
//! credentials of the target's choosing) is refused the same way, as
//! user information in the target file is. The client itself never
//! follows redirects, so a second redirect is the answer, not a loop.

use url::Url;

use super::http::{Exchange, Outgoing};
use super::link::target_of;
use super::observe::Part;
use super::Session;
use crate::check::Finding;

/// Where a 301 or 308 answer to `sent` leads: `None` for any other answer,
/// `Some(Err)` when it cannot be followed (no `Location`, not a URL,
/// another origin).
pub fn location(sent: &Url, ex: &Exchange) -> Option<Result<Url, Finding>> {
    if !matches!(ex.status, 301 | 308) {
        return None;
    }
    let finding = |expected: &str, actual: String| {
        Finding::new("header location", expected.to_string(), actual)
    };
    let Some(loc) = ex.header("location") else {
        return Some(Err(finding(
            "the URL the redirect leads to",
            format!("a {} without a Location header", ex.status),
        )));
    };
    let to = match sent.join(loc) {
        Ok(u) => u,
        Err(e) => return Some(Err(finding("a URL", format!("{loc:?} ({e})")))),
    };
    if !to.username().is_empty() || to.password().is_some() {
        // The origin ignores user information, and the client would send
        // it as Basic credentials of the target's choosing.
        let mut shown = to.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Some(Err(finding(
            "a redirect without a user name or password in its URL: credentials the target chooses are never sent",
            format!("{} to {}, its URL with a user name or password", ex.status, target_of(&shown)),
        )));
    }
    if to.origin() != sent.origin() {
        return Some(Err(finding(
            &format!(
                "a redirect on the target's own origin ({}): credentials never follow one to another host",
                sent.origin().ascii_serialization()
            ),
            format!("{} to {}", ex.status, to.origin().ascii_serialization()),
        )));
    }
    Some(Ok(to))
}

/// `ex`, the answer to `first`; when `first` is given (the request opted
/// in) and `ex` is a 301 or 308 on the same origin, the answer to `first`
/// sent once more to its `Location`. The text to add to the step's line
/// (`" → 301 to /path/, followed"`) comes along.
pub async fn follow_once(
    session: &Session,
    first: Option<Outgoing>,
    ex: Exchange,
    part: &Part<'_>,
) -> Result<(Exchange, String), Finding> {
    let Some(mut out) = first else {
        return Ok((ex, String::new()));
    };
    let to = match location(&out.url, &ex) {
        None => return Ok((ex, String::new())),
        Some(to) => to?,
    };
    let hop = format!(" → {} to {}, followed", ex.status, target_of(&to));
    out.url = to;
    match session.send(out, part).await {
        Ok(next) => Ok((next, hop)),
        Err(e) => Err(Finding::new(
            "transport (after the redirect)",
            "an HTTP answer",
            e.to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, location: Option<&str>) -> Exchange {
        Exchange {
            method: "DELETE",
            target: "/api/v1/fortitokens/5".into(),
            status,
            headers: location
                .map(|l| vec![("location".to_string(), l.to_string())])
                .unwrap_or_default(),
            body: Vec::new(),
            sent_at: chrono::Utc::now(),
            elapsed: std::time::Duration::ZERO,
            parsed: std::sync::OnceLock::new(),
            large: None,
            recorded: None,
        }
    }

    #[test]
    fn a_301_or_308_on_the_same_origin_is_followed() {
        let sent = Url::parse("https://fac.example:8443/api/v1/fortitokens/5").unwrap();
        for (status, loc) in [
            (301, "/api/v1/fortitokens/5/"),
            (308, "https://fac.example:8443/api/v1/fortitokens/5/?x=1"),
            (301, "5/"),
        ] {
            let to = location(&sent, &answer(status, Some(loc)))
                .unwrap()
                .unwrap();
            assert_eq!(to.host_str(), Some("fac.example"));
            assert!(to.path().ends_with("/5/"), "{to}");
        }
        for status in [200, 204, 302, 303, 307, 404] {
            assert!(location(&sent, &answer(status, Some("/x/"))).is_none());
        }
    }

    #[test]
    fn another_origin_or_no_location_is_a_finding() {
        let sent = Url::parse("https://fac.example/api/v1/fortitokens/5").unwrap();
        for loc in [
            "https://fac.invalid/api/v1/fortitokens/5/",
            "http://fac.example/api/v1/fortitokens/5/",
            "https://fac.example:444/api/v1/fortitokens/5/",
            "//evil.example/api/v1/fortitokens/5/",
        ] {
            let f = location(&sent, &answer(301, Some(loc)))
                .unwrap()
                .unwrap_err();
            assert!(f.expected.contains("own origin"), "{loc}: {f}");
        }
        for loc in [
            "https://user:pass@fac.example/api/v1/fortitokens/5/",
            "https://user@fac.example/api/v1/fortitokens/5/",
            "https://:pass@fac.example/api/v1/fortitokens/5/",
        ] {
            let f = location(&sent, &answer(301, Some(loc)))
                .unwrap()
                .unwrap_err();
            assert!(
                f.expected.contains("without a user name or password"),
                "{loc}: {f}"
            );
            assert!(
                !f.actual.contains("user:") && !f.actual.contains(":pass"),
                "{f}"
            );
        }
        let f = location(&sent, &answer(308, None)).unwrap().unwrap_err();
        assert!(f.actual.contains("without a Location"), "{f}");
    }
}
