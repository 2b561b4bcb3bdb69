//! `GET` on a list URI: the query read (`query.rs`), the rows selected
//! (`select.rs`), the page's envelope (`page.rs`), rendered in the format
//! asked for; with the faults that bend how a listing is read (a bad
//! `limit` or `offset` taken, the default or the cap changed, `Accept`
//! misread) or sent (a wrong status or content type, untyped XML, and the
//! transport faults: a hang, a trickle, a cut, garbage, a huge body).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::page::{Envelope, LinkOrder};
use super::query::{self, accepted, pieces, Format, ListQuery, QueryError};
use super::render::{self, Root};
use super::request::{as_html, params, render as rendered, Request};
use super::select::select;
use crate::faults::kind::RuleKind;
use crate::wire_faults;

/// The transport faults of a listing, each bending the JSON it would send.
const WIRE: [RuleKind; 6] = [
    RuleKind::ListTrickles,
    RuleKind::ListClosesMidAnswer,
    RuleKind::ListNotJson,
    RuleKind::ListTruncatedJson,
    RuleKind::ListHtmlError,
    RuleKind::ListHuge,
];

/// A list request's answer.
pub(crate) async fn list(req: &Request<'_>) -> Response {
    if req.broken(RuleKind::ListHangs, "") {
        wire_faults::hang().await;
    }
    let mut query = match parse(req) {
        Ok(query) => query,
        Err(error) => return render::bad_request(&error.to_string()),
    };
    if let Err(message) = params(req) {
        return render::bad_request(&message);
    }
    query.format = bend_format(req, &query);
    if !query.format_given() && req.broken(RuleKind::AcceptIgnoresLimit, "") {
        query.limit = query::DEFAULT_LIMIT;
    }
    let body = page(req, &query);
    let status = if req.broken(RuleKind::ListStatus201, "") {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    if query.format == Format::Xml && req.broken(RuleKind::XmlUntyped, "") {
        return render::untyped_xml(status, &body);
    }
    let response = render::render(status, &body, query.format, Root::Response);
    if query.format != Format::Json {
        return response;
    }
    for kind in WIRE {
        if req.broken(kind, "") {
            if let Some(bent) = wire_faults::bend(kind, render::json_bytes(&body)) {
                return bent;
            }
        }
    }
    if req.broken(RuleKind::ListTextHtml, "") {
        return as_html(response);
    }
    response
}

/// `query::parse_list`, bent by the faults that read `limit` and `offset`.
fn parse(req: &Request<'_>) -> Result<ListQuery, QueryError> {
    let raw = req.query.unwrap_or("");
    let broken = |kind: RuleKind, field: &str| req.broken(kind, field);
    let without = |name: &str| -> String {
        raw.split('&')
            .filter(|p| p.split('=').next() != Some(name))
            .collect::<Vec<_>>()
            .join("&")
    };
    let read = |raw: &str| query::parse_list(req.res, Some(raw), req.headers, &broken);
    let mut query = match read(raw) {
        Err(QueryError::Limit(_)) if broken(RuleKind::BadLimitAccepted, "") => {
            read(&without("limit"))?
        }
        Err(QueryError::Offset(_)) if broken(RuleKind::NegativeOffsetAccepted, "") => {
            read(&without("offset"))?
        }
        other => other?,
    };
    let asked: Option<u64> = pieces(raw)
        .iter()
        .rfind(|p| p.key == "limit")
        .and_then(|p| p.value.parse().ok());
    match asked {
        None if broken(RuleKind::DefaultLimit50, "") => query.limit = 50,
        Some(n) if n > query::MAX_LIMIT && broken(RuleKind::LimitNotCapped, "") => {
            query.limit = n.min(5000)
        }
        _ => {}
    }
    Ok(query)
}

/// The format of the answer, as bent by the format faults.
fn bend_format(req: &Request<'_>, query: &ListQuery) -> Format {
    let by_accept = accepted(req.headers);
    let b = |kind| req.broken(kind, "");
    match (query.format_given(), query.format) {
        (false, Format::Json) if b(RuleKind::AcceptGivesXml) => Format::Xml,
        (false, Format::Xml) if b(RuleKind::AcceptXmlGivesJson) => Format::Json,
        (true, Format::Xml) if b(RuleKind::XmlGivesJson) => Format::Json,
        (true, Format::Json) if by_accept == Format::Xml && b(RuleKind::AcceptWinsOverFormat) => {
            Format::Xml
        }
        (_, format) => format,
    }
}

/// The tastypie envelope of one page of the filtered list.
fn page(req: &Request<'_>, query: &ListQuery) -> Value {
    let broken = |kind| req.broken(kind, "");
    let order = if req.state.options().seen_shapes {
        LinkOrder::LimitFirst
    } else {
        LinkOrder::Documented
    };
    let envelope = Envelope {
        query,
        order,
        broken: &broken,
    };
    let window = envelope.window();
    let hide_created = req.broken(RuleKind::CreateNotListed, "");
    let (total, ghosts, objects) = {
        let mut db = req.state.db();
        let Some(t) = db.at(req.res.name) else {
            return json!({});
        };
        let selection = select(&mut db, t, query, window, hide_created);
        let objects: Vec<Value> = selection
            .ids
            .iter()
            .filter_map(|&id| db.table(t).get(id).map(|row| rendered(req, &db, t, row)))
            .map(Value::Object)
            .collect();
        (selection.total, db.table(t).ghosts, objects)
    };
    let meta = envelope.meta(total, ghosts, objects.len());
    json!({
        "meta": meta,
        "objects": objects,
    })
}
