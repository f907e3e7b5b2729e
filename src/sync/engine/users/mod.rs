//! People by name: the note shows a user as Jira's display name ("Ada Example"); before a user field (assignee,
//! reporter, a user-picker custom field) is pushed, the name the note holds is resolved to a Jira user through
//! Jira's user search, and the user's reference (`{"accountId"}` on Cloud, `{"name"}` on Data Center) is sent.
//! A multi-user-picker field is a list of names in the note, each resolved the same way; the list is sent only
//! when every name resolves.
//!
//! - The assignee is looked up among the users assignable in the issue's project (`GET …/user/assignable/search
//!   ?project=KEY`), every other user field in the general user search (`GET …/user/search`); Cloud searches with
//!   `query`, Data Center with `username`. Each (pool, name) is asked once per run, however many notes name it;
//!   the engine parks an issue until its lookups are answered, then sends its `PUT`.
//! - A name matches case-insensitively (runs of whitespace count as one space) on the display name; an account
//!   id, a Data Center username or user key, or an email address typed exactly also match, and win over display
//!   names. Deactivated users never match (Jira refuses them).
//! - Two or more users with that name, or none, or a failed search: nothing is sent for that field, the note gets
//!   a message saying why (listing the candidates and how to write the one meant), and the rest of the note still
//!   syncs. The field keeps its base, so the next sync tries again.
//! - An empty value unassigns (`null`, no search); `accountid:<id>` on Cloud is sent as it is (no search).
//! - The note keeps what the user typed: Jira's echo (the display name) becomes the base and the note's spelling
//!   its local form (`work.rs`), so a resolved push neither rewrites the note nor looks like a conflict later.
//! - Creates send a user only when it needs no search or was already resolved this run; otherwise the issue is
//!   created without it and the merge that follows the create pushes it (with the search, and its message).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::io::Response;
use super::remote::RemoteIssue;
use super::run::{Purpose, SyncRun};
use crate::sync::{Deployment, FieldContext, JiraField, field_id, normalise_local};

/// Users asked for per search (Jira's default page; a name matching more people than this is refused as
/// ambiguous with the first of them listed).
const PAGE: u32 = 50;
/// Candidates named in a message.
const NAMED: usize = 5;

/// Where a name is looked up.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Pool {
    /// Users who may be assigned issues of this project (key).
    Assignable(String),
    /// Every user (reporter, user custom fields).
    Anyone,
}

/// One user search: the pool and the name, lower case with whitespace collapsed (Jira's searches ignore case, so
/// this is also what is sent). Notes spelling a name differently share it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Lookup {
    pool: Pool,
    folded: String,
}

/// Why a name found no single user; worded per note by [`Miss::say`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Miss {
    /// Several active users match: how each is shown and written unambiguously.
    Ambiguous(Vec<(String, String)>),
    /// No user matches; the names Jira's search suggested instead.
    Unknown(Vec<String>),
    /// Only deactivated users match.
    Deactivated,
    /// The search failed (HTTP status or an unreadable answer).
    Failed(String),
}

impl Miss {
    /// The per-note message for the name as the note spells it.
    fn say(&self, typed: &str, pool: &Pool) -> String {
        match self {
            Self::Ambiguous(many) => {
                let listed: Vec<String> =
                    many.iter().take(NAMED).map(|(shown, handle)| format!("{shown} ({handle})")).collect();
                format!(
                    "\"{typed}\" matches {} Jira users: {}; write the one you mean as shown in brackets (email address, \
                     username or accountid:…) instead of the name",
                    many.len(),
                    listed.join(", ")
                )
            }
            Self::Unknown(near) => {
                let hint =
                    if near.is_empty() { String::new() } else { format!(" (Jira suggests: {})", near.join(", ")) };
                match pool {
                    Pool::Assignable(project) => {
                        format!("no user called \"{typed}\" can be assigned issues in {project}{hint}")
                    }
                    Pool::Anyone => format!("no Jira user is called \"{typed}\"{hint}"),
                }
            }
            Self::Deactivated => format!("\"{typed}\" is a deactivated Jira user"),
            Self::Failed(why) => format!("Jira's user search for \"{typed}\" failed: {why}"),
        }
    }
}

/// What a note's user value writes.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum UserWrite {
    /// The JSON value of the field (`null` to unassign, or a user reference).
    Ready(Value),
    /// Not sent, and why (a per-note message).
    Refused(String),
    /// Needs these user searches first.
    Lookup(Vec<Lookup>),
}

/// The run's user searches: answers (by lookup), searches in flight, and issues waiting for them.
#[derive(Debug, Clone, Default)]
pub(super) struct UserLookups {
    answers: BTreeMap<Lookup, Result<Value, Miss>>,
    asked: BTreeSet<Lookup>,
    parked: BTreeSet<String>,
}

/// A user as Jira's user searches list it (Cloud `User`, Data Center `UserBean`); other properties are ignored.
#[derive(Debug, Clone, Default)]
struct JiraUser {
    account_id: Option<String>,
    name: Option<String>,
    key: Option<String>,
    email_address: Option<String>,
    display_name: Option<String>,
    active: Option<bool>,
}

crate::json_objects::json_object!(default JiraUser {
    account_id: "accountId",
    name: "name",
    key: "key",
    email_address: "emailAddress",
    display_name: "displayName",
    active: "active",
});

impl JiraUser {
    /// The reference Jira takes in a user field; `None` when the entry lacks it.
    fn reference(&self, deployment: Deployment) -> Option<Value> {
        match deployment {
            Deployment::Cloud => self.account_id.as_ref().map(|id| json!({ "accountId": id })),
            Deployment::Datacenter => match (&self.name, &self.key) {
                (Some(name), _) => Some(json!({ "name": name })),
                (None, Some(key)) => Some(json!({ "key": key })),
                (None, None) => None,
            },
        }
    }

    /// How to write this user unambiguously in a note: the email address, else the username, else the account id.
    fn handle(&self) -> String {
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        nonempty(&self.email_address)
            .or_else(|| nonempty(&self.name))
            .or_else(|| nonempty(&self.account_id).map(|id| format!("accountid:{id}")))
            .unwrap_or_default()
    }

    fn shown(&self) -> String {
        self.display_name.clone().unwrap_or_else(|| self.handle())
    }
}

/// The project key of an issue (from its key when the project is not known).
fn project_of(remote: &RemoteIssue) -> String {
    if remote.project.is_empty() {
        remote.key.split('-').next().unwrap_or_default().to_owned()
    } else {
        remote.project.clone()
    }
}

/// Lower case with runs of whitespace as one space: how names are compared.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Resolves a name against one user search's answer (a JSON array of users): the user's reference, or why there
/// is no single one. Pure; see the module documentation for the rules.
fn pick(lookup: &Lookup, body: &Value, deployment: Deployment) -> Result<Value, Miss> {
    let Some(items) = body.as_array() else {
        return Err(Miss::Failed("the answer is not a list of users".to_owned()));
    };
    let users: Vec<JiraUser> = items
        .iter()
        .filter_map(|u| crate::json_objects::from_value_ref::<JiraUser>(u).ok())
        .filter(|u| u.reference(deployment).is_some())
        .collect();
    let same = |s: &Option<String>| s.as_deref().is_some_and(|s| fold(s) == lookup.folded);
    let by_handle: Vec<&JiraUser> = users
        .iter()
        .filter(|u| same(&u.account_id) || same(&u.name) || same(&u.key) || same(&u.email_address))
        .collect();
    let matches: Vec<&JiraUser> =
        if by_handle.is_empty() { users.iter().filter(|u| same(&u.display_name)).collect() } else { by_handle };
    let mut active: Vec<&JiraUser> = Vec::new();
    for u in matches.iter().copied().filter(|u| u.active != Some(false)) {
        // Invariant: one candidate per user, however often the search lists it.
        if !active.iter().any(|a| a.reference(deployment) == u.reference(deployment)) {
            active.push(u);
        }
    }
    match active.as_slice() {
        [one] => one.reference(deployment).ok_or(Miss::Unknown(Vec::new())),
        [] if !matches.is_empty() => Err(Miss::Deactivated),
        [] => {
            let mut near: Vec<String> = Vec::new();
            for u in users.iter().filter(|u| u.active != Some(false)) {
                let shown = u.shown();
                if !near.contains(&shown) && near.len() < NAMED {
                    near.push(shown);
                }
            }
            Err(Miss::Unknown(near))
        }
        many => Err(Miss::Ambiguous(many.iter().map(|u| (u.shown(), u.handle())).collect())),
    }
}

impl SyncRun {
    /// Whether a mapped field holds one user, resolved by name before it is written.
    pub(super) fn is_user_field(&self, field: &JiraField) -> bool {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        crate::sync::jira_fields::is_user_field(field, &ctx)
    }

    /// What a user field's note value writes in an issue of `project`: ready, refused, or searches to make. A
    /// multi-user field's list is resolved name by name; it is sent only when every name resolves.
    pub(super) fn user_write(&self, field: &JiraField, value: &Value, project: &str) -> UserWrite {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let pool = match field {
            JiraField::Assignee => Pool::Assignable(project.to_owned()),
            _ => Pool::Anyone,
        };
        let names = match normalise_local(field, value, &ctx) {
            Value::Null => return UserWrite::Ready(Value::Null),
            Value::String(s) => return self.one_user(s.trim(), &pool).unwrap_or(UserWrite::Ready(Value::Null)),
            Value::Array(items) => items,
            _ => return UserWrite::Refused("expected a user's name".to_owned()),
        };
        let (mut refs, mut refused, mut lookups) = (Vec::new(), Vec::new(), Vec::new());
        for name in &names {
            let Some(name) = name.as_str() else { return UserWrite::Refused("expected a list of names".to_owned()) };
            match self.one_user(name.trim(), &pool) {
                None => {}
                Some(UserWrite::Ready(v)) => refs.push(v),
                Some(UserWrite::Refused(why)) => refused.push(why),
                Some(UserWrite::Lookup(l)) => lookups.extend(l),
            }
        }
        match (lookups.is_empty(), refused.is_empty()) {
            (false, _) => UserWrite::Lookup(lookups),
            (true, false) => UserWrite::Refused(refused.join("; ")),
            (true, true) => UserWrite::Ready(Value::Array(refs)),
        }
    }

    /// One name (trimmed): `None` when empty; `accountid:<id>` on Cloud as it is; otherwise what its search gave.
    fn one_user(&self, text: &str, pool: &Pool) -> Option<UserWrite> {
        if text.is_empty() {
            return None;
        }
        let account_id =
            text.get(..10).filter(|p| p.eq_ignore_ascii_case("accountid:")).and_then(|p| text.get(p.len()..));
        if let (Some(id), Deployment::Cloud) = (account_id.map(str::trim), self.input.deployment) {
            return Some(if id.is_empty() {
                UserWrite::Refused("\"accountid:\" needs the account id after it".to_owned())
            } else {
                UserWrite::Ready(json!({ "accountId": id }))
            });
        }
        let lookup = Lookup { pool: pool.clone(), folded: fold(text) };
        Some(match self.users.answers.get(&lookup) {
            Some(Ok(v)) => UserWrite::Ready(v.clone()),
            Some(Err(miss)) => UserWrite::Refused(miss.say(text, pool)),
            None => UserWrite::Lookup(vec![lookup]),
        })
    }

    /// The `fields` entry of a user field of an issue (after [`await_users`](Self::await_users)), or why it is not
    /// sent.
    pub(super) fn user_field(
        &self,
        field: &JiraField,
        value: &Value,
        remote: &RemoteIssue,
        ctx: &FieldContext,
    ) -> Result<(String, Value), String> {
        let fid = field_id(field, ctx).ok_or_else(|| format!("{} cannot be written", field.label()))?;
        match self.user_write(field, value, &project_of(remote)) {
            UserWrite::Ready(v) => Ok((fid, v)),
            UserWrite::Refused(why) => Err(why),
            UserWrite::Lookup(_) => Err("Jira's user search did not answer".to_owned()),
        }
    }

    /// Sends the user searches an issue's pushed user fields still need and parks the issue until they are
    /// answered; `true` when it waits.
    pub(super) fn await_users(&mut self, id: &str) -> bool {
        let Some(w) = self.work.get(id) else { return false };
        let project = project_of(&w.remote);
        let mut missing = Vec::new();
        for (name, value) in &w.plan.push {
            let Some(m) = self.input.config.fields.iter().find(|m| super::local::note_name(m) == name) else {
                continue;
            };
            if !self.is_user_field(&m.jira) {
                continue;
            }
            if let UserWrite::Lookup(lookups) = self.user_write(&m.jira, value, &project) {
                missing.extend(lookups);
            }
        }
        if missing.is_empty() {
            self.users.parked.remove(id);
            return false;
        }
        self.users.parked.insert(id.to_owned());
        for lookup in missing {
            if self.users.asked.insert(lookup.clone()) {
                self.send_user_search(lookup);
            }
        }
        true
    }

    fn send_user_search(&mut self, lookup: Lookup) {
        let api = self.api();
        let by = match self.input.deployment {
            Deployment::Cloud => "query",
            Deployment::Datacenter => "username",
        };
        let mut query = vec![(by, lookup.folded.clone()), ("maxResults", PAGE.to_string())];
        let path = match &lookup.pool {
            Pool::Assignable(project) => {
                query.push(("project", project.clone()));
                format!("{api}/user/assignable/search")
            }
            Pool::Anyone => {
                // Data Center leaves deactivated users out unless asked; listed, they get a clearer message.
                if self.input.deployment == Deployment::Datacenter {
                    query.push(("includeInactive", "true".to_owned()));
                }
                format!("{api}/user/search")
            }
        };
        self.send("GET", path, &query, None, Purpose::Users(lookup));
    }

    /// Takes a user search's answer and sends on every parked issue whose searches are all answered.
    pub(super) fn on_user_search(&mut self, lookup: Lookup, response: &Response) {
        let answer = if response.ok() {
            pick(&lookup, &response.body, self.input.deployment)
        } else {
            Err(Miss::Failed(response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status))))
        };
        self.users.asked.remove(&lookup);
        self.users.answers.insert(lookup, answer);
        let parked: Vec<String> = self.users.parked.iter().cloned().collect();
        for id in parked {
            if !self.await_users(&id) {
                self.dispatch(&id);
            }
        }
    }
}

#[cfg(test)]
mod tests;
