//! Tests of name resolution: matching, ambiguity, handles, deactivated and unknown users, and the messages.

use serde_json::json;

use super::{Deployment, Lookup, Miss, Pool, fold, pick};

fn lookup(pool: Pool, text: &str) -> Lookup {
    Lookup { pool, folded: fold(text) }
}

/// `pick`, worded as the note spelling `text` gets it.
fn said(pool: Pool, text: &str, body: &serde_json::Value, d: Deployment) -> Result<serde_json::Value, String> {
    let l = lookup(pool.clone(), text);
    pick(&l, body, d).map_err(|m: Miss| m.say(text, &pool))
}

fn cloud(id: &str, name: &str, email: Option<&str>, active: bool) -> serde_json::Value {
    let mut u = json!({"accountId": id, "accountType": "atlassian", "displayName": name, "active": active});
    if let Some(e) = email {
        u["emailAddress"] = json!(e);
    }
    u
}

#[test]
fn a_display_name_matches_case_insensitively() {
    let body = json!([cloud("a1", "Ada Example", None, true), cloud("a2", "Ada Lovelace", None, true)]);
    let got = said(Pool::Anyone, "ada  EXAMPLE", &body, Deployment::Cloud);
    assert_eq!(got, Ok(json!({"accountId": "a1"})));
    assert_eq!(lookup(Pool::Anyone, "Ada Example"), lookup(Pool::Anyone, " ada   example"));
}

#[test]
fn a_shared_display_name_is_ambiguous_and_lists_how_to_choose() {
    let body =
        json!(
            [cloud("s1", "Sam Taylor", Some("sam.taylor@example.com"), true), cloud("s2", "Sam Taylor", None, true),]
        );
    let got = said(Pool::Assignable("OPS".into()), "Sam Taylor", &body, Deployment::Cloud);
    let msg = got.err().unwrap_or_default();
    assert!(msg.starts_with("\"Sam Taylor\" matches 2 Jira users"), "{msg}");
    assert!(msg.contains("Sam Taylor (sam.taylor@example.com)") && msg.contains("Sam Taylor (accountid:s2)"), "{msg}");
}

#[test]
fn an_email_or_username_typed_exactly_wins_over_display_names() {
    let body = json!([
        {"name": "sam.taylor", "key": "JIRAUSER1", "displayName": "Sam Taylor", "emailAddress": "sam.taylor@example.com", "active": true},
        {"name": "staylor", "key": "JIRAUSER2", "displayName": "Sam Taylor", "emailAddress": "staylor@example.com", "active": true},
    ]);
    let dc = Deployment::Datacenter;
    assert_eq!(said(Pool::Anyone, "STAYLOR@example.com", &body, dc), Ok(json!({"name": "staylor"})));
    assert_eq!(said(Pool::Anyone, "sam.taylor", &body, dc), Ok(json!({"name": "sam.taylor"})));
    assert_eq!(said(Pool::Anyone, "jirauser2", &body, dc), Ok(json!({"name": "staylor"})));
}

#[test]
fn unknown_and_deactivated_names_are_messages() {
    let body = json!([cloud("a1", "Ada Example", None, true), cloud("x", "Alex Former", None, false)]);
    let unknown = said(Pool::Assignable("OPS".into()), "Ada", &body, Deployment::Cloud);
    assert_eq!(
        unknown,
        Err("no user called \"Ada\" can be assigned issues in OPS (Jira suggests: Ada Example)".to_owned())
    );
    let gone = said(Pool::Anyone, "alex former", &body, Deployment::Cloud);
    assert_eq!(gone, Err("\"alex former\" is a deactivated Jira user".to_owned()));
    let none = said(Pool::Anyone, "Zed", &json!([]), Deployment::Datacenter);
    assert_eq!(none, Err("no Jira user is called \"Zed\"".to_owned()));
    let odd = said(Pool::Anyone, "x", &json!({"users": []}), Deployment::Cloud);
    assert!(odd.is_err_and(|m| m.contains("failed")));
}
