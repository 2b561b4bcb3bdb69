//! The FortiAuthenticator provisioning store: local users, user groups and
//! their memberships, with ids handed out once, the derived lists
//! (`user_groups` of a user, `users` of a group, the names of a
//! membership) and the wire shape of each object. Requests are handled in
//! `fac_users` and `fac_groups`; validation of user fields is `fac_users`'s.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::data_prov::{LocalUser, Membership, Provisioning, UserGroup};
use super::reply::EXTRA_FIELD;

pub(crate) const USERS_PATH: &str = "/api/v1/localusers/";
pub(crate) const GROUPS_PATH: &str = "/api/v1/usergroups/";
pub(crate) const MEMBERSHIPS_PATH: &str = "/api/v1/localgroup-memberships/";

/// Users, groups and memberships, by id.
#[derive(Debug, Default)]
pub(crate) struct ProvStore {
    pub(crate) users: BTreeMap<u64, LocalUser>,
    pub(crate) groups: BTreeMap<u64, UserGroup>,
    pub(crate) memberships: BTreeMap<u64, Membership>,
    next_user: u64,
    next_group: u64,
    next_membership: u64,
}

/// The id at the end of `uri` when it is a detail URI under `base`.
pub(crate) fn id_in(uri: &str, base: &str) -> Option<u64> {
    let rest = uri.strip_prefix(base)?;
    let digits = rest.strip_suffix('/').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl ProvStore {
    pub(crate) fn new(data: Provisioning) -> ProvStore {
        let next = |ids: &mut dyn Iterator<Item = u64>| ids.max().unwrap_or(0) + 1;
        ProvStore {
            next_user: next(&mut data.users.iter().map(|u| u.id)),
            next_group: next(&mut data.groups.iter().map(|g| g.id)),
            next_membership: next(&mut data.memberships.iter().map(|m| m.id)),
            users: data.users.into_iter().map(|u| (u.id, u)).collect(),
            groups: data.groups.into_iter().map(|g| (g.id, g)).collect(),
            memberships: data.memberships.into_iter().map(|m| (m.id, m)).collect(),
        }
    }

    /// A fresh user id (never reused, as a database sequence).
    pub(crate) fn take_user_id(&mut self) -> u64 {
        self.next_user += 1;
        self.next_user - 1
    }

    pub(crate) fn take_group_id(&mut self) -> u64 {
        self.next_group += 1;
        self.next_group - 1
    }

    /// Adds a membership unless the pair exists; `None` when it does.
    pub(crate) fn add_membership(&mut self, user: u64, group: u64) -> Option<u64> {
        if self
            .memberships
            .values()
            .any(|m| m.user == user && m.group == group)
        {
            return None;
        }
        let id = self.next_membership;
        self.next_membership += 1;
        self.memberships.insert(id, Membership { id, user, group });
        Some(id)
    }

    /// Removes a user and its memberships.
    pub(crate) fn remove_user(&mut self, id: u64) -> Option<LocalUser> {
        let user = self.users.remove(&id)?;
        self.memberships.retain(|_, m| m.user != id);
        Some(user)
    }

    /// Removes a group and its memberships.
    pub(crate) fn remove_group(&mut self, id: u64) -> bool {
        let removed = self.groups.remove(&id).is_some();
        self.memberships.retain(|_, m| m.group != id);
        removed
    }

    pub(crate) fn username_taken(&self, name: &str, except: Option<u64>) -> bool {
        self.users.values().any(|u| {
            Some(u.id) != except && u.fields.get("username").and_then(Value::as_str) == Some(name)
        })
    }

    pub(crate) fn user_object(&self, user: &LocalUser, extra: bool) -> Value {
        let mut object = Map::new();
        object.insert("id".into(), Value::from(user.id));
        object.insert(
            "resource_uri".into(),
            Value::from(format!("{USERS_PATH}{}/", user.id)),
        );
        for (k, v) in &user.fields {
            object.insert(k.clone(), v.clone());
        }
        let groups: Vec<Value> = self
            .memberships
            .values()
            .filter(|m| m.user == user.id)
            .map(|m| Value::from(format!("{GROUPS_PATH}{}/", m.group)))
            .collect();
        object.insert("user_groups".into(), Value::Array(groups));
        finish(object, extra)
    }

    pub(crate) fn group_object(&self, group: &UserGroup, members: bool, extra: bool) -> Value {
        let mut object = Map::new();
        object.insert("id".into(), Value::from(group.id));
        object.insert(
            "resource_uri".into(),
            Value::from(format!("{GROUPS_PATH}{}/", group.id)),
        );
        object.insert("name".into(), Value::from(group.name.as_str()));
        object.insert(
            "password_policy".into(),
            Value::from(group.password_policy.as_str()),
        );
        if members {
            let users: Vec<Value> = self
                .memberships
                .values()
                .filter(|m| m.group == group.id)
                .map(|m| Value::from(format!("{USERS_PATH}{}/", m.user)))
                .collect();
            object.insert("users".into(), Value::Array(users));
        }
        finish(object, extra)
    }

    pub(crate) fn membership_object(&self, m: &Membership, extra: bool) -> Value {
        let username = self
            .users
            .get(&m.user)
            .and_then(|u| u.fields.get("username"))
            .cloned()
            .unwrap_or(Value::from(""));
        let group_name = self
            .groups
            .get(&m.group)
            .map(|g| Value::from(g.name.as_str()))
            .unwrap_or(Value::from(""));
        let mut object = Map::new();
        object.insert("id".into(), Value::from(m.id));
        object.insert(
            "resource_uri".into(),
            Value::from(format!("{MEMBERSHIPS_PATH}{}/", m.id)),
        );
        object.insert(
            "group".into(),
            Value::from(format!("{GROUPS_PATH}{}/", m.group)),
        );
        object.insert(
            "user".into(),
            Value::from(format!("{USERS_PATH}{}/", m.user)),
        );
        object.insert("group_name".into(), group_name);
        object.insert("username".into(), username);
        finish(object, extra)
    }
}

fn finish(mut object: Map<String, Value>, extra: bool) -> Value {
    if extra {
        object.insert(EXTRA_FIELD.0.to_string(), Value::from(EXTRA_FIELD.1));
    }
    Value::Object(object)
}

/// Answers shared by the provisioning handlers.
pub(crate) mod answer {
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::Response;
    use serde_json::{json, Value};

    use crate::fac_query::Format;
    use crate::fac_render::Root;
    use crate::{fac_render, reply};

    /// 400 with `{"error": message}` ([framework] shape, [seen] on FAC 8.0).
    pub(crate) fn bad_request(message: &str) -> Response {
        let body = json!({ "error": message });
        fac_render::render(StatusCode::BAD_REQUEST, &body, Format::Json, Root::Response)
    }

    /// 201 with no body and `Location` naming the new object [framework].
    pub(crate) fn created(location: &str) -> Response {
        let mut response = reply::empty(StatusCode::CREATED);
        if let Ok(value) = HeaderValue::from_str(location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        response
    }

    pub(crate) fn ok(value: &Value, format: Format, root: Root) -> Response {
        fac_render::render(StatusCode::OK, value, format, root)
    }

    /// 202 with the updated object ([doc]: 'the response body contains the
    /// newly updated resource').
    pub(crate) fn accepted(value: &Value) -> Response {
        fac_render::render(StatusCode::ACCEPTED, value, Format::Json, Root::Object)
    }

    pub(crate) fn no_content() -> Response {
        reply::empty(StatusCode::NO_CONTENT)
    }

    pub(crate) fn not_found() -> Response {
        reply::empty(StatusCode::NOT_FOUND)
    }
}
