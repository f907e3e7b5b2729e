//! Change summaries: the deterministic diff summary on realistic notes, the model's request (privacy, budget)
//! and malformed answers.

use super::*;

const DISK: &str = include_str!("../../tests/fixtures/assist/notes/Incidents/2026-11-03 Disk full on build agents.md");
const LEAK: &str = include_str!("../../tests/fixtures/assist/notes/Incidents/2026-12-01 Token leak.md");

fn input(base: &str, text: &str) -> SummaryInput {
    SummaryInput {
        path: "Incidents/a.md".into(),
        text: text.into(),
        base: Some(note_body(base)),
        key: "OPS-7".into(),
        privacy: PrivacyPolicy { allowed_folders: vec!["Incidents".into()], ..Default::default() },
        model: ModelSettings { model: "llama3.1".into(), context_window: 8192, output: OutputMode::JsonSchema },
    }
}

fn answer(content: &str) -> String {
    serde_json::json!({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]})
        .to_string()
}

#[test]
fn an_incident_note_checked_off_and_extended_is_summarised_in_bullets() {
    let now = DISK
        .replace("- [ ] Alert when agent disks", "- [x] Alert when agent disks")
        .replace("Fix applied: pruned by hand.", "Fix applied: pruned by hand, then agents 3–7 rebooted.")
        .replace("\r\n", "\n")
        + "\n## Follow-up\n\n- [ ] Move docker data to the larger volume\nReviewed with the CI team on Friday.\n";
    let s = summary_draft(&input(DISK, &now)).expect("base");
    assert!(!s.unchanged);
    assert_eq!(s.tasks_checked, ["Alert when agent disks are above 85%"]);
    assert_eq!(s.tasks_added, ["Move docker data to the larger volume"]);
    assert_eq!(s.sections_added, ["Follow-up"]);
    assert_eq!(s.sections_changed, ["Disk full on build agents"]);
    assert_eq!(
        s.markdown,
        "- Done: Alert when agent disks are above 85%\n- New task: Move docker data to the larger volume\n\
- New section “Follow-up”\n- Changed: “Disk full on build agents”\n- In all: 7 lines added, 2 removed"
    );
}

#[test]
fn the_child_issues_section_the_sync_writes_is_not_a_change() {
    use crate::alignment::child_section::{END_MARKER, START_MARKER};
    let base = "Plan the rollout.\n\n- [ ] Canary";
    let now = format!("---\njira_key: OPS-1\n---\n{base}\n\n{START_MARKER}\n| OPS-2 | Child | To Do |\n{END_MARKER}\n");
    assert_eq!(note_body(&now), base);
    assert!(summarise_changes(base, &note_body(&now)).unchanged);
    let mut i = input(base, &format!("{now}\nDone.\n"));
    i.base = Some(base.to_owned());
    let sent = serde_json::to_string(&prepare_summary(&i).expect("prepared").request).expect("json");
    assert!(sent.contains("+Done.") && !sent.contains("OPS-2") && !sent.contains("Child"), "{sent}");
}

#[test]
fn a_done_date_is_a_check_and_removed_sections_and_tasks_are_named() {
    let base = "Intro\n\n## Checklist\n- [ ] Ship it\n- [ ] Old idea\n\n## Notes\ntext\n";
    let now = "Intro\n\n## Checklist\n- [x] Ship it ✅ 2026-12-03\n";
    let s = summarise_changes(base, now);
    assert_eq!(s.tasks_checked, ["Ship it"]);
    assert_eq!(s.tasks_removed, ["Old idea"]);
    assert_eq!(s.sections_removed, ["Notes"]);
    assert!(s.tasks_added.is_empty() && s.tasks_reopened.is_empty());
    assert!(s.markdown.contains("- Section “Notes” removed"), "{}", s.markdown);
    // A task written already checked is work done; unchecking one is a reopening.
    let s = summarise_changes("- [x] Old\n", "- [ ] Old\n- [x] Hotfix deployed\n");
    assert_eq!((s.tasks_checked, s.tasks_reopened), (vec!["Hotfix deployed".to_owned()], vec!["Old".to_owned()]));
}

#[test]
fn comments_secrets_and_code_never_reach_the_summary() {
    let base = "text\n";
    let now = "text\n- [ ] Rotate %%salary review%% keys\n- [ ] Use ghp_16C7e42F292c6912E7710c838347Ae178B4a\n```\n# not a heading\n- [ ] not a task\n```\n";
    let s = summarise_changes(base, now);
    assert_eq!(s.tasks_added.len(), 2, "{:?}", s.tasks_added);
    assert!(s.sections_added.is_empty());
    assert!(!s.markdown.contains("salary") && !s.markdown.contains("ghp_"), "{}", s.markdown);
}

#[test]
fn equal_texts_and_line_endings_are_no_change_and_long_lists_are_cut() {
    assert!(summarise_changes("a\r\nb\r\n", "a\nb").unchanged);
    let many: String = (0..20).map(|i| format!("- [ ] task {i}\n")).collect();
    let s = summarise_changes("", &many);
    assert_eq!(s.tasks_added.len(), 20);
    assert!(s.markdown.contains("- … and 14 more new task"), "{}", s.markdown);
    assert!(s.markdown.lines().count() <= MAX_ITEMS + 2);
}

#[test]
fn odd_input_never_panics() {
    for (a, b) in [
        ("", ""),
        ("#", "# "),
        ("- [", "- [x"),
        ("1. [x]", "1234567890. [x] a"),
        ("%%", "%% unclosed"),
        ("```", "~~~\n# a"),
        ("   ### ", "####### seven"),
        ("\u{0}\u{feff}", "é- [ ] ✅"),
        ("- [ ] a ✅ 2026", "- [x] a ✅ 2026-12-03 ✅"),
    ] {
        let _ = summarise_changes(a, b);
        let _ = summarise_changes(b, a);
    }
}

#[test]
fn the_model_request_holds_the_filtered_diff_and_never_the_private_parts() {
    let base = LEAK.replace("\r\n", "\n");
    let now = base.replace("- [ ] Rotate every token", "- [x] Rotate every token")
        + "\nThe on-call %%Dana was asleep%% rotated them.\n";
    let prepared = prepare_summary(&input(&base, &now)).expect("prepared");
    let sent = serde_json::to_string(&prepared.request).expect("json");
    assert!(sent.contains("+- [x] Rotate every token used by the deploy pipeline"), "{sent}");
    assert!(sent.contains("Done: Rotate every token"), "{sent}");
    for never in ["ghp_16C7", "Dana was asleep", "severity: SEV2"] {
        assert!(!sent.contains(never), "{never} was sent");
    }
    assert_eq!(prepared.template, "summarise-changes@1");
    assert!(prepared.removed.comments >= 1 && prepared.removed.secrets >= 2);
    // A note outside the allowed folders is not sent, nor a private one.
    let mut outside = input(&base, &now);
    outside.path = "Private/a.md".into();
    assert!(matches!(prepare_summary(&outside), Err(PrepareError::Refused(_))));
    let private = input(&base, &format!("{now}\n#private\n"));
    assert!(matches!(prepare_summary(&private), Err(PrepareError::Refused(_))));
    assert!(matches!(prepare_summary(&input(&base, &base)), Err(PrepareError::NothingToSend)));
}

#[test]
fn a_small_window_sends_the_first_rows_and_names_the_rest() {
    let base = "start\n".to_owned();
    let now: String = (0..400).map(|i| format!("added line number {i} with some words in it\n")).collect();
    let mut i = input(&base, &format!("start\n{now}"));
    i.model.context_window = 2048;
    let prepared = prepare_summary(&i).expect("prepared");
    let (first, last) = prepared.left_out.expect("left out");
    assert!(first > 1 && last > first);
    assert!(prepared.tokens.prompt + prepared.tokens.answer <= 2048);
}

#[test]
fn malformed_answers_are_named_and_mentions_taken_out() {
    let ok = read_summary_answer(&answer("{\"summary\": \"- Alerting on disks is done\\n- [~dana] to check\"}"))
        .expect("ok");
    assert_eq!(ok.text, "- Alerting on disks is done\n- [dana] to check");
    assert_eq!(ok.warnings.len(), 1);
    let fenced = read_summary_answer(&answer("Here:\n```json\n{\"summary\": \"- One change\"}\n```")).expect("ok");
    assert_eq!(fenced.text, "- One change");
    assert!(matches!(read_summary_answer("<html>"), Err(AnswerError::NotJson { .. })));
    for (content, repairable) in [
        ("no json at all", true),
        ("{\"text\": \"x\"}", true),
        ("{\"summary\": \"   \"}", true),
        ("{\"summary\": 5}", true),
    ] {
        let e = read_summary_answer(&answer(content)).expect_err(content);
        assert_eq!(e.repairable(), repairable, "{content}: {e}");
    }
    let long = serde_json::json!({"summary": "- x\n".repeat(MAX_CHANGE_SUMMARY_LINES + 1)}).to_string();
    assert!(read_summary_answer(&answer(&long)).expect_err("lines").to_string().contains("lines"));
    let huge = serde_json::json!({"summary": "y".repeat(MAX_CHANGE_SUMMARY_CHARS + 1)}).to_string();
    assert!(read_summary_answer(&answer(&huge)).expect_err("chars").to_string().contains("characters"));
    let cut =
        serde_json::json!({"choices": [{"message": {"content": "{\"summary\": \"- a"}, "finish_reason": "length"}]});
    assert_eq!(read_summary_answer(&cut.to_string()), Err(AnswerError::Truncated));
}
