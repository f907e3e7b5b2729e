//! Evaluating rules: each trigger and condition on fixtures, edge-triggering, replays, loops and the daily cap.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;

use super::*;

/// 2026-03-02 10:00 in UTC+1.
fn at() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).and_then(|z| z.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).single()).expect("a time")
}

fn issue(key: &str, status: &str) -> IssueFacts {
    IssueFacts {
        key: key.into(),
        project: "OPS".into(),
        issue_type: "Task".into(),
        summary: format!("Work on {key}"),
        status: status.into(),
        category: match status {
            "Done" => Category::Done,
            "To Do" | "Blocked" => Category::ToDo,
            _ => Category::InProgress,
        },
        status_since: Some(at().timestamp_millis() - Duration::days(4).num_milliseconds()),
        updated: at().timestamp_millis() - Duration::days(4).num_milliseconds(),
        url: format!("https://jira.example.com/browse/{key}"),
        comments: Some(0),
        note: Some(NoteFacts { path: format!("Jira/OPS/{key}.md"), title: key.into(), ..NoteFacts::default() }),
        ..IssueFacts::default()
    }
}

fn rules(text: &str) -> Vec<Rule> {
    let set = read_rules(&format!("```jira-rule\n{text}```\n"));
    assert_eq!(set.diagnostics, [], "{text}");
    set.rules
}

fn fire(rules: &[Rule], before: Option<&IssueFacts>, now: &IssueFacts) -> Vec<Firing> {
    evaluate(rules, &[Pair { before, now }], at(), 100, &Memory::default()).firings
}

#[test]
fn each_trigger_fires_on_its_change_and_not_without_it() {
    let base = issue("OPS-1", "In Progress");
    let with = |f: &dyn Fn(&mut IssueFacts)| {
        let mut i = base.clone();
        f(&mut i);
        i
    };
    let cases: Vec<(&str, IssueFacts)> = vec![
        ("{status-changed: {to: In Review}}", with(&|i| i.status = "In Review".into())),
        ("assignee-changed", with(&|i| i.assignee = Some("Bob".into()))),
        ("priority-changed", with(&|i| i.priority = Some("High".into()))),
        ("comment-added", with(&|i| i.comments = Some(1))),
        (
            "{property-changed: {property: current_state, to: reviewing}}",
            with(&|i| {
                if let Some(n) = i.note.as_mut() {
                    n.properties.insert("current_state".into(), vec!["reviewing".into()]);
                }
            }),
        ),
        (
            "{property-set: owner}",
            with(&|i| {
                if let Some(n) = i.note.as_mut() {
                    n.properties.insert("owner".into(), vec!["Dana".into()]);
                }
            }),
        ),
        (
            "{body-changed: {section: Notes}}",
            with(&|i| {
                if let Some(n) = i.note.as_mut() {
                    n.sections.insert("Notes".into(), 7);
                }
            }),
        ),
        (
            "tasks-checked",
            with(&|i| {
                if let Some(n) = i.note.as_mut() {
                    n.tasks = (3, 3);
                }
            }),
        ),
        ("task-checked", with(&|i| i.keyed_task_checked = Some(true))),
        ("{parent-status-changed: {to: Done}}", with(&|i| i.parent_status = Some("Done".into()))),
        ("blockers-done", with(&|i| i.blockers_done = Some(true))),
        ("subtasks-done", with(&|i| i.subtasks_done = Some(true))),
        ("{due-within: 2d}", with(&|i| i.due = NaiveDate::from_ymd_opt(2026, 3, 4))),
    ];
    let mut before = base.clone();
    before.parent_status = Some("In Progress".into());
    if let Some(n) = before.note.as_mut() {
        n.sections.insert("Notes".into(), 1);
        n.tasks = (2, 3);
    }
    for (trigger, mut now) in cases {
        if now.parent_status.is_none() {
            now.parent_status = before.parent_status.clone();
        }
        if let Some(n) = now.note.as_mut() {
            n.sections.entry("Notes".into()).or_insert(1);
            if n.tasks == (0, 0) {
                n.tasks = (2, 3);
            }
        }
        let r = rules(&format!("name: t\nwhen: {trigger}\nthen: [notice: \"{{{{issue.key}}}} {{{{rule.name}}}}\"]\n"));
        let fired = fire(&r, Some(&before), &now);
        assert_eq!(fired.len(), 1, "{trigger} should fire");
        assert_eq!(fired[0].actions, [Planned::Notice("OPS-1 t".into())]);
        assert_eq!(fire(&r, Some(&before), &before), [], "{trigger} should not fire without the change");
    }
}

#[test]
fn a_comment_count_read_for_the_first_time_fires_nothing() {
    let r = rules("name: t\nwhen: comment-added\nthen: [notice: x]\n");
    let mut before = issue("OPS-1", "In Progress");
    before.comments = None;
    let mut now = before.clone();
    now.comments = Some(4);
    assert_eq!(fire(&r, Some(&before), &now), []);
    before.comments = Some(4);
    assert_eq!(fire(&r, Some(&before), &now), []);
    now.comments = Some(5);
    assert_eq!(fire(&r, Some(&before), &now).len(), 1);
}

#[test]
fn time_triggers_use_the_status_history_and_the_clock() {
    let now = issue("OPS-2", "In Review");
    let r = rules("name: t\nwhen: {in-status: {status: In Review, for: 3d}}\nthen: [notice: x]\n");
    assert_eq!(fire(&r, Some(&now), &now).len(), 1);
    let r = rules("name: t\nwhen: {in-status: {for: 5d}}\nthen: [notice: x]\n");
    assert_eq!(fire(&r, Some(&now), &now), []);
    let r = rules("name: t\nwhen: {no-change-for: 4d}\nthen: [notice: x]\n");
    assert_eq!(fire(&r, Some(&now), &now).len(), 1);
    let r = rules("name: t\nwhen: {daily-at: \"09:30\"}\nthen: [digest: \"{{today}} {{issue.key}}\"]\n");
    assert_eq!(fire(&r, Some(&now), &now)[0].actions, [Planned::Digest("2026-03-02 OPS-2".into())]);
    let r = rules("name: t\nwhen: {daily-at: \"10:30\"}\nthen: [notice: x]\n");
    assert_eq!(fire(&r, Some(&now), &now), []);
    // A done issue is never "due".
    let mut done = issue("OPS-3", "Done");
    done.due = NaiveDate::from_ymd_opt(2026, 3, 1);
    let r = rules("name: t\nwhen: {due-within: 1d}\nthen: [notice: x]\n");
    assert_eq!(fire(&r, Some(&done), &done), []);
}

#[test]
fn conditions_filter_firings() {
    let mut now = issue("OPS-4", "Blocked");
    now.labels = vec!["Hold".into()];
    now.fields.insert("Team".into(), "Platform Ops".into());
    let r = |cond: &str| rules(&format!("name: t\nwhen: issue-created\nif: {cond}\nthen: [notice: x]\n"));
    let fires = |cond: &str| !fire(&r(cond), None, &now).is_empty();
    assert!(fires("{status: blocked}"));
    assert!(fires("{status-category: to-do}"));
    assert!(fires("{labels: {contains: hold}}"));
    assert!(!fires("{labels: {contains: hol}}"));
    assert!(fires("{field.team: {contains: ops}}"));
    assert!(fires("{assignee: {empty: true}}"));
    assert!(fires("{any: [{priority: High}, {project: [ADM, OPS]}]}"));
    assert!(!fires("{all: [{project: OPS}, {not: {labels: hold}}]}"));
    assert!(fires("{status: {is-not: [Done, To Do]}}"));
    assert!(!fires("{property.team: ops}"));
}

#[test]
fn a_rule_fires_once_per_episode_and_again_after_the_trigger_was_false() {
    let r = rules("name: t\nwhen: blockers-done\nthen: [move-to: To Do]\n");
    let mut now = issue("OPS-5", "Blocked");
    now.blockers_done = Some(true);
    let first = evaluate(&r, &[Pair { before: None, now: &now }], at(), 100, &Memory::default());
    assert_eq!(first.firings.len(), 1);
    let again = evaluate(&r, &[Pair { before: None, now: &now }], at(), 100, &first.memory);
    assert_eq!(again.firings, []);
    assert_eq!(again.memory, first.memory);
    now.blockers_done = Some(false);
    let off = evaluate(&r, &[Pair { before: None, now: &now }], at(), 100, &again.memory);
    now.blockers_done = Some(true);
    let on = evaluate(&r, &[Pair { before: None, now: &now }], at(), 100, &off.memory);
    assert_eq!(on.firings.len(), 1);
    assert_eq!(on.memory.history.get("t"), Some(&(at().timestamp_millis(), 2)));
}

#[test]
fn automation_changes_trigger_only_rules_that_opt_in_and_chains_stop() {
    let mut now = issue("OPS-6", "In Review");
    now.changed_by_automation = true;
    let before = issue("OPS-6", "In Progress");
    let plain = rules("name: t\nwhen: status-changed\nthen: [notice: x]\n");
    assert_eq!(fire(&plain, Some(&before), &now), []);
    let opted = rules("name: t\nwhen: status-changed\nreacts-to-automation: true\nthen: [notice: x]\n");
    assert_eq!(fire(&opted, Some(&before), &now).len(), 1);
}

#[test]
fn a_loop_between_two_rules_is_stopped_and_reported() {
    let r = rules(
        "name: there\nwhen: {status-changed: {to: In Review}}\nreacts-to-automation: true\nthen: [move-to: In Progress]\n",
    );
    let mut r2 = rules(
        "name: back\nwhen: {status-changed: {to: In Progress}}\nreacts-to-automation: true\nthen: [move-to: In Review]\n",
    );
    let all: Vec<Rule> = r.into_iter().chain(r2.drain(..)).collect();
    let (outcome, rounds) = simulate(&all, issue("OPS-7", "In Progress"), "In Review", 100);
    assert!(rounds <= usize::from(MAX_CHAIN) + 2, "{rounds} rounds");
    assert!(outcome.warnings.iter().any(|w| w.contains("stopped a chain")), "{:?}", outcome.warnings);
}

#[test]
fn a_rule_over_its_daily_cap_pauses_until_tomorrow() {
    let r = rules("name: t\nwhen: issue-created\nthen: [notice: x]\n");
    let issues: Vec<IssueFacts> = (1..=5).map(|n| issue(&format!("OPS-{n}"), "To Do")).collect();
    let pairs: Vec<Pair> = issues.iter().map(|now| Pair { before: None, now }).collect();
    let out = evaluate(&r, &pairs, at(), 3, &Memory::default());
    assert_eq!(out.firings.len(), 3);
    assert_eq!(out.warnings.len(), 1);
    assert!(out.warnings[0].contains("paused until tomorrow"));
    let same_day = evaluate(&r, &pairs, at(), 3, &out.memory);
    assert_eq!(same_day.firings, []);
    let tomorrow = evaluate(&r, &pairs, at() + Duration::days(1), 3, &out.memory);
    assert_eq!(tomorrow.firings.len(), 2);
}

/// Runs the rules as a sync would over several rounds: the first round sees the issue move to `first_status` by a
/// person, later rounds see the effects of the previous round's `move-to` actions (made by automation). Returns
/// the last outcome and how many rounds fired something.
fn simulate(rules: &[Rule], start: IssueFacts, first_status: &str, max_rounds: usize) -> (Outcome, usize) {
    let mut before = start.clone();
    let mut now = start;
    now.status = first_status.into();
    let mut memory = Memory::default();
    let mut warnings = Vec::new();
    let mut rounds = 0;
    for round in 0..max_rounds {
        let out = evaluate(
            rules,
            &[Pair { before: Some(&before), now: &now }],
            at() + Duration::minutes(round as i64),
            1000,
            &memory,
        );
        warnings.extend(out.warnings.iter().cloned());
        memory = out.memory.clone();
        before = now.clone();
        let moves: Vec<&str> = out
            .firings
            .iter()
            .flat_map(|f| f.actions.iter())
            .filter_map(|a| if let Planned::MoveTo { status, .. } = a { Some(status.as_str()) } else { None })
            .collect();
        if out.firings.is_empty() {
            return (Outcome { warnings, ..out }, rounds);
        }
        rounds += 1;
        if let Some(last) = moves.last() {
            now.status = (*last).to_owned();
            now.updated += 60_000;
            now.status_since = Some(now.updated);
        }
        now.changed_by_automation = true;
    }
    (Outcome { warnings, memory, ..Outcome::default() }, rounds)
}

fn arb_rule() -> impl Strategy<Value = String> {
    let statuses = prop::sample::select(vec!["To Do", "In Progress", "In Review", "Done"]);
    let trigger = prop_oneof![
        statuses.clone().prop_map(|s| format!("{{status-changed: {{to: {s}}}}}")),
        Just("status-changed".to_owned()),
        Just("{in-status: {for: 1h}}".to_owned()),
        Just("blockers-done".to_owned()),
        Just("{daily-at: \"08:00\"}".to_owned()),
    ];
    (trigger, statuses, any::<bool>())
        .prop_map(|(t, s, opt_in)| format!("when: {t}\nreacts-to-automation: {opt_in}\nthen: [move-to: {s}]\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the rules, a chain of rounds driven by their own actions ends, and replaying a round with the
    /// memory it produced fires nothing.
    #[test]
    fn any_rule_set_terminates_and_a_replay_fires_nothing(bodies in prop::collection::vec(arb_rule(), 1..6), blocked in any::<bool>()) {
        let text: String = bodies.iter().enumerate().map(|(i, b)| format!("```jira-rule\nname: r{i}\n{b}```\n")).collect();
        let set = read_rules(&text);
        prop_assert_eq!(&set.diagnostics, &Vec::new());
        let mut start = issue("OPS-9", "To Do");
        start.blockers_done = Some(blocked);
        let (_, rounds) = simulate(&set.rules, start.clone(), "In Progress", 200);
        prop_assert!(rounds <= usize::from(MAX_CHAIN) + 2, "{} rounds", rounds);
        let mut now = start.clone();
        now.status = "In Progress".into();
        let pairs = [Pair { before: Some(&start), now: &now }];
        let first = evaluate(&set.rules, &pairs, at(), 1000, &Memory::default());
        let replay = evaluate(&set.rules, &pairs, at(), 1000, &first.memory);
        prop_assert_eq!(replay.firings, Vec::new());
    }
}
