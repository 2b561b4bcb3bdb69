//! A link of a listing's `meta` (`next` or `previous`) taken apart, and the
//! one rule for what a link may be: a path on the target, without scheme or
//! host (`//host`, `/\host` and the like are refused), so credentials never
//! follow a link elsewhere.

/// `text` is a path starting with a single `/`, never a way to another host.
pub fn is_local_path(text: &str) -> bool {
    text.starts_with('/') && !text.starts_with("//") && !text.contains('\\')
}

/// A link's path and its query parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub path: String,
    pub query: Vec<(String, String)>,
}

impl Link {
    pub fn parse(text: &str) -> Result<Link, String> {
        if !is_local_path(text) {
            return Err("a path without scheme or host".into());
        }
        let (path, query) = text.split_once('?').unwrap_or((text, ""));
        Ok(Link {
            path: path.to_string(),
            query: url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        })
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `limit` of the link, `default` when it gives none; `None` when unreadable.
    pub fn limit(&self, default: u64) -> Option<u64> {
        self.param("limit")
            .map_or(Some(default), |l| l.parse().ok())
    }

    /// `offset` of the link, 0 when it gives none; `None` when unreadable.
    pub fn offset(&self) -> Option<u64> {
        self.param("offset").map_or(Some(0), |o| o.parse().ok())
    }

    /// The link with its `offset` parameter set to `offset` (added when it
    /// has none), every other parameter kept in its place.
    pub fn with_offset(&self, offset: u64) -> String {
        let mut query = self.query.clone();
        match query.iter_mut().find(|(k, _)| k == "offset") {
            Some((_, v)) => *v = offset.to_string(),
            None => query.push(("offset".into(), offset.to_string())),
        }
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &query {
            out.append_pair(k, v);
        }
        format!("{}?{}", self.path, out.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_the_target_are_links() {
        assert!(is_local_path("/api/v1/fortitokens/?offset=20"));
        for bad in ["//evil/x", "/\\evil/x", "https://evil/x", "x/", ""] {
            assert!(!is_local_path(bad), "{bad}");
            assert!(Link::parse(bad).is_err());
        }
    }

    #[test]
    fn parts_and_a_new_offset() {
        let l = Link::parse("/a/?status=new&offset=4&limit=2&format=json").unwrap();
        assert_eq!(l.limit(20), Some(2));
        assert_eq!(l.offset(), Some(4));
        assert_eq!(
            l.with_offset(10),
            "/a/?status=new&offset=10&limit=2&format=json"
        );
        let bare = Link::parse("/a/").unwrap();
        assert_eq!(bare.limit(20), Some(20));
        assert_eq!(bare.offset(), Some(0));
        assert_eq!(bare.with_offset(3), "/a/?offset=3");
        assert_eq!(Link::parse("/a/?limit=x").unwrap().limit(20), None);
    }
}
