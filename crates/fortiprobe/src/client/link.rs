//! URLs on the target: case paths and `next` links joined to a product's
//! base URL (only paths on the target's own origin: credentials never follow
//! a link to another host), and a URL shown as `path?query`.

use crate::check::link::is_local_path;

/// Joins `link` (a path starting with a single `/`) to `base`.
pub fn join_link(base: &url::Url, link: &str) -> Result<url::Url, String> {
    if !is_local_path(link) {
        return Err(format!("{link:?} is not a path starting with a single /"));
    }
    let joined = base.join(link).map_err(|e| format!("{link:?}: {e}"))?;
    if joined.origin() != base.origin() {
        return Err(format!(
            "{link:?} leads to another host than the target's ({})",
            base.origin().ascii_serialization()
        ));
    }
    Ok(joined)
}

/// `path?query` of a URL, as requests are shown in messages.
pub fn target_of(u: &url::Url) -> String {
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_stay_on_the_target() {
        let base = url::Url::parse("https://fac.example:8443/").unwrap();
        let ok = join_link(&base, "/api/v1/fortitokens/?offset=20&limit=20").unwrap();
        assert_eq!(ok.host_str(), Some("fac.example"));
        assert_eq!(ok.port(), Some(8443));
        assert_eq!(target_of(&ok), "/api/v1/fortitokens/?offset=20&limit=20");
        for bad in [
            "//evil.example/api/v1/fortitokens/",
            "/\\evil.example/api/v1/fortitokens/",
            "https://evil.example/api/v1/fortitokens/",
            "api/v1/fortitokens/",
        ] {
            let e = join_link(&base, bad).unwrap_err();
            assert!(e.contains(&format!("{bad:?}")), "{bad}: {e}");
        }
    }
}
