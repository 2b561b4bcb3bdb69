//! A resource's list and detail URIs, as tastypie's `get_list`,
//! `post_list`, `put_list`, `delete_list`, `get_detail`, `put_detail`,
//! `patch_detail` and `delete_detail` answer them, with the guide's
//! statuses (GET 200, POST 201 with `Location` and no body, PUT 204, PATCH
//! 202 with the updated object, DELETE 204; "General API response codes")
//! and the rule faults each decides. A settings resource (`Shape::Single`)
//! answers its one object on the list URI; an action (`Shape::Action`)
//! hands its POST to the declaration's hook.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::declare::{Method, Shape};
use super::listing;
use super::query::format_of;
use super::render::{self, Root};
use super::request::{object, object_body, params, Request};
use super::write;
use crate::faults::kind::RuleKind;
use crate::reply;

/// A request on the list URI.
pub(crate) async fn on_list(
    req: &Request<'_>,
    method: Method,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match (req.res.shape, method) {
        // Served only under the fault `method-accepted-get-list`: tastypie's
        // default `get_list`, an empty listing.
        (Shape::Action, Method::Get) => render::empty_list(),
        (Shape::Action, _) => action(req, body),
        (Shape::Single, Method::Get) => detail(req, "1"),
        (Shape::Single, Method::Put | Method::Patch) => update(req, "1", method, body),
        (Shape::Single, _) => render::not_allowed("GET,PUT,PATCH"),
        (Shape::Collection, Method::Get) => listing::list(req).await,
        (Shape::Collection, Method::Post) => create(req, body),
        (Shape::Collection, Method::Put | Method::Patch) => replace_all(req, body),
        (Shape::Collection, Method::Delete) => delete_all(req),
    }
}

/// A request on a detail URI.
pub(crate) fn on_detail(
    req: &Request<'_>,
    method: Method,
    id: &str,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match method {
        Method::Get => detail(req, id),
        Method::Put | Method::Patch => update(req, id, method, body),
        Method::Delete => delete(req, id),
        // tastypie's `post_detail`: not implemented.
        Method::Post => reply::empty(StatusCode::NOT_IMPLEMENTED),
    }
}

/// The id of a detail path: decimal digits only, else no such object.
fn parse_id(raw: &str) -> Option<u64> {
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

fn detail(req: &Request<'_>, id: &str) -> Response {
    let format = match format_of(req.query, req.headers) {
        Ok(format) => format,
        Err(error) => return render::bad_request(&error.to_string()),
    };
    if let Err(message) = params(req) {
        return render::bad_request(&message);
    }
    if req.broken(RuleKind::DetailRefused, "") {
        return render::not_found();
    }
    let found = {
        let db = req.state.db();
        let t = db.at(req.res.name);
        t.zip(parse_id(id))
            .and_then(|(t, id)| object(req, &db, t, id))
    };
    // A settings resource answers a dict (`<response>` in XML), not a bundle.
    let root = match req.res.shape {
        Shape::Collection => Root::Object,
        Shape::Single | Shape::Action => Root::Response,
    };
    match found {
        Some(object) => render::render(StatusCode::OK, &object, format, root),
        None => render::not_found(),
    }
}

fn create(req: &Request<'_>, body: Result<Bytes, BytesRejection>) -> Response {
    let given = match object_body(body) {
        Ok(given) => given,
        Err(message) => return render::bad_request(&message),
    };
    let created = {
        let mut db = req.state.db();
        match db.at(req.res.name) {
            Some(t) => write::create(req.state, &mut db, (t, &req.decl.hooks), &given),
            None => return render::not_found(),
        }
    };
    let id = match created {
        Ok(id) => id,
        Err(message) => return render::bad_request(&message),
    };
    if req.broken(RuleKind::Create200, "") {
        return reply::empty(StatusCode::OK);
    }
    if req.broken(RuleKind::CreateNoLocation, "") {
        return render::created(None);
    }
    render::created(Some(&req.res.uri(id)))
}

fn update(
    req: &Request<'_>,
    id: &str,
    method: Method,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(id) = parse_id(id) else {
        return render::not_found();
    };
    let given = match object_body(body) {
        Ok(given) => given,
        Err(message) => return render::bad_request(&message),
    };
    let updated = {
        let mut db = req.state.db();
        let Some(t) = db.at(req.res.name) else {
            return render::not_found();
        };
        match write::update(
            req.state,
            &mut db,
            (t, &req.decl.hooks),
            (id, method == Method::Put),
            &given,
        ) {
            Ok(true) => Ok(object(req, &db, t, id)),
            Ok(false) => return render::not_found(),
            Err(message) => Err(message),
        }
    };
    let object = match updated {
        Ok(object) => object.unwrap_or(Value::Null),
        Err(message) => return render::bad_request(&message),
    };
    if method == Method::Put {
        return reply::empty(StatusCode::NO_CONTENT);
    }
    if req.broken(RuleKind::UpdateEmpty, "") {
        return reply::empty(StatusCode::ACCEPTED);
    }
    // [doc] "202 Accepted: the response body contains the newly updated resource".
    render::render(
        StatusCode::ACCEPTED,
        &object,
        super::query::Format::Json,
        Root::Object,
    )
}

fn delete(req: &Request<'_>, id: &str) -> Response {
    let id = parse_id(id);
    let outcome = {
        let mut db = req.state.db();
        let Some(t) = db.at(req.res.name) else {
            return render::not_found();
        };
        let exists = id.is_some_and(|id| db.table(t).get(id).is_some());
        if exists && req.broken(RuleKind::DeleteKeeps, "") {
            return reply::empty(StatusCode::NO_CONTENT);
        }
        id.and_then(|id| remove(req, &mut db, t, id))
    };
    let Some(object) = outcome else {
        if req.broken(RuleKind::DeleteMissing204, "") {
            return reply::empty(StatusCode::NO_CONTENT);
        }
        return render::not_found();
    };
    if req.broken(RuleKind::Delete200Body, "") {
        return render::render(
            StatusCode::OK,
            &object,
            super::query::Format::Json,
            Root::Object,
        );
    }
    if req.res.seen_delete_html && req.state.options().seen_shapes {
        return reply::bytes_with_type(
            StatusCode::NO_CONTENT,
            Vec::new(),
            "text/html; charset=utf-8",
        );
    }
    reply::empty(StatusCode::NO_CONTENT)
}

/// Deletes row `id` with its cascade and its hook; the object it was.
fn remove(req: &Request<'_>, db: &mut super::db::Db, t: usize, id: u64) -> Option<Value> {
    let object = object(req, db, t, id)?;
    let neighbour = db.table(t).next_after(id);
    let row = db.table_mut(t).remove(id)?;
    db.cascade(req.res.name, id);
    if let Some(hook) = req.decl.hooks.delete {
        hook(req.state, db, &row);
    }
    if let Some(next) = neighbour.filter(|_| req.broken(RuleKind::DeleteTakesNeighbour, "")) {
        if let Some(row) = db.table_mut(t).remove(next) {
            db.cascade(req.res.name, next);
            if let Some(hook) = req.decl.hooks.delete {
                hook(req.state, db, &row);
            }
        }
    }
    if req.broken(RuleKind::DeleteCountUnchanged, "") {
        db.table_mut(t).ghosts += 1;
    }
    db.forget();
    Some(object)
}

/// `DELETE` on the list URI: every object goes (tastypie's `delete_list`).
fn delete_all(req: &Request<'_>) -> Response {
    let mut db = req.state.db();
    let Some(t) = db.at(req.res.name) else {
        return render::not_found();
    };
    let ids: Vec<u64> = db.table(t).live().map(|r| r.id).collect();
    if !req.broken(RuleKind::DeleteKeeps, "") {
        for id in ids {
            remove(req, &mut db, t, id);
        }
    }
    reply::empty(StatusCode::NO_CONTENT)
}

/// `PUT` on the list URI: the objects become those of `{"objects": [...]}`,
/// all or none (tastypie's `put_list`, with its rollback).
fn replace_all(req: &Request<'_>, body: Result<Bytes, BytesRejection>) -> Response {
    let given = match object_body(body) {
        Ok(given) => given,
        Err(message) => return render::bad_request(&message),
    };
    let Some(Value::Array(objects)) = given.get("objects") else {
        return render::bad_request("Invalid data sent: missing 'objects'");
    };
    let mut db = req.state.db();
    let Some(t) = db.at(req.res.name) else {
        return render::not_found();
    };
    let backup = (*db).clone();
    let ids: Vec<u64> = db.table(t).live().map(|r| r.id).collect();
    for id in ids {
        remove(req, &mut db, t, id);
    }
    for object in objects {
        let empty = Map::new();
        let object = object.as_object().unwrap_or(&empty);
        if let Err(message) = write::create(req.state, &mut db, (t, &req.decl.hooks), object) {
            *db = backup;
            return render::bad_request(&message);
        }
    }
    reply::empty(StatusCode::NO_CONTENT)
}

/// A POST to an action resource: the declaration's hook answers.
fn action(req: &Request<'_>, body: Result<Bytes, BytesRejection>) -> Response {
    let given = match object_body(body) {
        Ok(given) => given,
        Err(message) => return render::bad_request(&message),
    };
    let Some(action) = req.decl.hooks.action else {
        return render::not_found();
    };
    let mut db = req.state.db();
    action(req.state, &mut db, &given)
}
