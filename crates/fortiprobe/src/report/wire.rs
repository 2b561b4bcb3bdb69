//! A request and its answer as they went over the wire, borrowed, before
//! anything is scrubbed or cut: what an `ExchangeRecord` and a curl line
//! are made from. And how much of a body a report shows.

/// The most bytes of a body a report shows (after redaction).
pub const BODY_LIMIT: usize = 4096;

/// A request as it went on the wire (credentials and all: it is scrubbed
/// by `ExchangeRecord::new`, never shown as is).
#[derive(Debug, Clone, Copy)]
pub struct Sent<'a> {
    pub method: &'a str,
    pub url: &'a url::Url,
    pub headers: &'a [(String, String)],
    pub body: Option<&'a [u8]>,
}

impl<'a> From<&'a crate::client::http::Outgoing> for Sent<'a> {
    fn from(o: &'a crate::client::http::Outgoing) -> Sent<'a> {
        Sent {
            method: o.method,
            url: &o.url,
            headers: &o.headers,
            body: o.body.as_deref(),
        }
    }
}

/// An answer as it came back.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    pub status: u16,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl<'a> From<&'a crate::client::http::Exchange> for Received<'a> {
    fn from(e: &'a crate::client::http::Exchange) -> Received<'a> {
        Received {
            status: e.status,
            headers: &e.headers,
            body: &e.body,
        }
    }
}
