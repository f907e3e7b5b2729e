//! "Reconcile time" on a small vault with planted mismatches: each kind of problem is found once, at the
//! right note line, with the right fix; totals per issue are hand-computed in the comments.

use jira_vault_sync::sync::{IssueBase, SiteState, WorklogBase};
use jira_vault_sync::worklog::reconcile::{
    FixKind, NoteText, ProblemKind, ReconcileInput, insert_section_line, reconcile,
};

fn worklog(issue_id: &str, key: &str, author: &str, started: &str, seconds: u32, comment: &str) -> WorklogBase {
    WorklogBase {
        issue_id: issue_id.into(),
        issue_key: key.into(),
        author_id: author.into(),
        author: author.into(),
        started: started.into(),
        seconds,
        comment: comment.into(),
        path: None,
        ..WorklogBase::default()
    }
}

const OPS1: &str = "Jira/OPS-1 Fix login.md";
const OPS2: &str = "Jira/OPS-2 Keys.md";

fn input() -> ReconcileInput {
    let mut state = SiteState::default();
    state.issues.insert("100".into(), IssueBase { key: "OPS-1".into(), path: OPS1.into(), ..IssueBase::default() });
    state.issues.insert("101".into(), IssueBase { key: "OPS-2".into(), path: OPS2.into(), ..IssueBase::default() });
    let w = &mut state.worklogs;
    w.insert("10001".into(), worklog("100", "OPS-1", "alice", "2024-03-20T09:30:00.000+0100", 5400, "Investigated"));
    w.insert("10002".into(), worklog("100", "OPS-1", "alice", "2024-03-21T10:00:00.000+0100", 3600, "Review"));
    w.insert("10003".into(), worklog("101", "OPS-2", "alice", "2024-03-22T14:00:00.000+0100", 1800, "Pairing"));
    // Another user's worklog: not expected in notes when only alice's are synced.
    w.insert("10004".into(), worklog("101", "OPS-2", "bob", "2024-03-22T15:00:00.000+0100", 7200, "Bob's"));
    let note = |path: &str, content: &str| NoteText { path: path.into(), content: content.into() };
    ReconcileInput {
        notes: vec![
            note(
                OPS1,
                "---\njira_key: OPS-1\n---\n# Fix login\n\n## Worklog\n\
                 - 2024-03-20 09:30–11:00 Investigated ^wl-10001\n\
                 - 2024-03-21 10:00–10:30 Review ^wl-10002\n\
                 - 2024-03-22 1h Docs ^wl-99999\n\
                 - 2024-03-23 13:00–14:00 Planted without id\n",
            ),
            note(OPS2, "# Keys\n\n## Worklog\n\nNothing yet.\n"),
            note("Daily/2024-03-20.md", "- 09:30 - 11:00 [[OPS-1 Fix login]] Investigated\n"),
            note("Daily/2024-03-21.md", "- 10:00 - 10:30 OPS-1 Review ^wl-10002\n"),
            note("Daily/2024-03-23.md", "- 13:30 - 14:30 OPS-2 rotation\n"),
            // Not under the daily folder: its time block is not read.
            note("Other/2024-03-23.md", "- 13:30 - 14:30 OPS-2 rotation\n"),
        ],
        state,
        daily_folder: "Daily".into(),
        author_id: Some("alice".into()),
        ..ReconcileInput::default()
    }
}

#[test]
fn finds_each_planted_mismatch() {
    let r = reconcile(&input());
    let got: Vec<_> = r
        .problems
        .iter()
        .map(|p| {
            let at = p.place.as_ref().map(|pl| (pl.path.as_str(), pl.line));
            (p.issue_key.as_str(), p.kind, p.fix, at, p.worklog_id.as_deref())
        })
        .collect();
    use FixKind as F;
    use ProblemKind as K;
    assert_eq!(
        got,
        vec![
            // The daily copy of 10001 (same issue, same block, no id): remove it (and do not push it).
            ("OPS-1", K::Overlap, F::RemoveDuplicate, Some(("Daily/2024-03-20.md", 1)), None),
            // 10002 written in the issue note and in a daily note.
            ("OPS-1", K::DuplicateId, F::RemoveDuplicate, Some(("Daily/2024-03-21.md", 1)), Some("10002")),
            // 10002 is 30m in the note, 1h in Jira.
            ("OPS-1", K::Differs, F::Sync, Some((OPS1, 8)), Some("10002")),
            // 99999 is not in Jira.
            ("OPS-1", K::MissingInJira, F::RemoveLine, Some((OPS1, 9)), Some("99999")),
            // Never pushed.
            ("OPS-1", K::NotPushed, F::PushToJira, Some((OPS1, 10)), None),
            // 10003 has no line anywhere: add it to OPS-2's note.
            ("OPS-2", K::MissingLocally, F::AddToNote, None, Some("10003")),
            // The daily block of OPS-2 was never pushed, and overlaps OPS-1's 13:00–14:00 block.
            ("OPS-2", K::NotPushed, F::PushToJira, Some(("Daily/2024-03-23.md", 1)), None),
            ("OPS-2", K::Overlap, F::Review, Some(("Daily/2024-03-23.md", 1)), None),
        ]
    );
    let add = &r.problems[5];
    assert_eq!(add.path.as_deref(), Some(OPS2));
    assert_eq!(add.new_line.as_deref(), Some("- 2024-03-22 14:00–14:30 Pairing ^wl-10003"));
    let overlap = &r.problems[7];
    assert_eq!(overlap.other.as_ref().map(|p| (p.path.as_str(), p.line)), Some((OPS1, 10)));
    assert_eq!(overlap.message, "On 2024-03-23, OPS-2 13:30–14:30 overlaps OPS-1 13:00–14:00.");
    assert_eq!(
        r.problems[2].place.as_ref().map(|p| p.text.as_str()),
        Some("- 2024-03-21 10:00–10:30 Review ^wl-10002")
    );

    // Totals. OPS-1 local: 1h30m + 30m + 1h + 1h (note) + 1h30m + 30m (daily) = 6h; Jira: 1h30m + 1h = 2h 30m.
    // OPS-2 local: 1h (daily); Jira: alice's 30m only (bob's 2h is not expected locally).
    let totals: Vec<_> =
        r.issues.iter().map(|i| (i.issue_key.as_str(), i.local.as_str(), i.jira.as_str(), i.problems)).collect();
    assert_eq!(totals, vec![("OPS-1", "6h", "2h 30m", 5), ("OPS-2", "1h", "30m", 3)]);
    assert_eq!(r.issues[0].path.as_deref(), Some(OPS1));
}

#[test]
fn everyone_mode_expects_every_author() {
    let mut i = input();
    i.author_id = None;
    let r = reconcile(&i);
    assert_eq!(r.issues[1].jira, "2h 30m");
    let bob = r.problems.iter().find(|p| p.worklog_id.as_deref() == Some("10004")).expect("bob's worklog");
    assert_eq!(bob.kind, ProblemKind::MissingLocally);
    assert!(bob.message.contains("by bob"));
}

#[test]
fn detached_issues_expect_no_lines() {
    let mut i = input();
    if let Some(b) = i.state.issues.get_mut("101") {
        b.detached = true;
    }
    let r = reconcile(&i);
    assert!(r.problems.iter().all(|p| p.worklog_id.as_deref() != Some("10003")));
    assert_eq!(r.issues[1].jira, "0m");
}

#[test]
fn an_agreeing_vault_has_no_problems() {
    let mut i = input();
    i.notes.truncate(2);
    i.notes[0].content =
        "## Worklog\n- 2024-03-20 09:30–11:00 Investigated ^wl-10001\n- 2024-03-21 10:00–11:00 Review ^wl-10002\n"
            .into();
    i.notes[1].content = "## Worklog\n- 2024-03-22 14:00–14:30 Pairing ^wl-10003\n".into();
    let r = reconcile(&i);
    assert_eq!(r.problems, vec![]);
    assert_eq!(r.issues.iter().map(|t| t.local_seconds == t.jira_seconds).collect::<Vec<_>>(), vec![true, true]);
}

#[test]
fn fixing_by_adding_the_line_resolves_the_problem() {
    let mut i = input();
    let r = reconcile(&i);
    let add = r.problems.iter().find(|p| p.fix == FixKind::AddToNote).expect("add");
    let note = &mut i.notes[1];
    note.content = insert_section_line(&note.content, "Worklog", add.new_line.as_deref().unwrap_or_default());
    assert_eq!(note.content, "# Keys\n\n## Worklog\n\nNothing yet.\n- 2024-03-22 14:00–14:30 Pairing ^wl-10003\n");
    assert!(reconcile(&i).problems.iter().all(|p| p.kind != ProblemKind::MissingLocally));
}

#[test]
fn insert_section_line_cases() {
    // Section followed by another heading: the line goes after the section's last non-blank line.
    assert_eq!(
        insert_section_line("## Worklog\n- a\n\n## Next\nx\n", "worklog", "- b"),
        "## Worklog\n- a\n- b\n\n## Next\nx\n"
    );
    // No section: one is appended, CRLF kept.
    assert_eq!(insert_section_line("# T\r\ntext", "Worklog", "- b"), "# T\r\ntext\r\n\r\n## Worklog\r\n- b\r\n");
    assert_eq!(insert_section_line("", "", "- b"), "\n## Worklog\n- b\n");
    // Empty section at the end without a final newline.
    assert_eq!(insert_section_line("## Worklog", "Worklog", "- b"), "## Worklog\n- b");
}

/// Los Angeles in 2026 and 2027 as `Intl` answers it: PDT −420 from 2026-03-08 10:00Z to 2026-11-01 09:00Z
/// and from 2027-03-14 10:00Z to 2027-11-07 09:00Z, PST −480 otherwise.
fn los_angeles(instant: &str) -> i32 {
    let summer = |from: &str, to: &str| (from..to).contains(&instant);
    let pdt = summer("2026-03-08T10:00:00Z", "2026-11-01T09:00:00Z")
        || summer("2027-03-14T10:00:00Z", "2027-11-07T09:00:00Z");
    if pdt { -420 } else { -480 }
}

/// Reconciles as the shell does: answers the instants the core lacks until none is left (two rounds).
fn reconcile_in_la(mut input: ReconcileInput) -> jira_vault_sync::worklog::reconcile::Reconciliation {
    let mut r = reconcile(&input);
    for round in 0.. {
        if r.zone_instants.is_empty() {
            break;
        }
        assert!(round < 2, "still asking after two rounds: {:?}", r.zone_instants);
        input.zone_offsets.0.extend(r.zone_instants.iter().map(|at| (at.clone(), los_angeles(at))));
        r = reconcile(&input);
    }
    r
}

fn dst_input() -> ReconcileInput {
    let mut state = SiteState::default();
    state.issues.insert("100".into(), IssueBase { key: "OPS-1".into(), path: OPS1.into(), ..IssueBase::default() });
    let w = &mut state.worklogs;
    // Spring forward: 01:30 PST to 03:30 PDT is one hour.
    w.insert("20001".into(), worklog("100", "OPS-1", "alice", "2026-03-08T01:30:00.000-0800", 3600, "Spring"));
    // Fall back: 00:30 PDT to 02:30 PST is three hours.
    w.insert("20002".into(), worklog("100", "OPS-1", "alice", "2026-11-01T00:30:00.000-0700", 10800, "Fall"));
    // No line yet: the line to add ends at 03:30 (two hours after 00:30 PST, a year later).
    w.insert("20003".into(), worklog("100", "OPS-1", "alice", "2027-03-14T00:30:00.000-0800", 7200, "Early"));
    let content = "# Fix login\n\n## Worklog\n\
                   - 2026-03-08 01:30–03:30 Spring ^wl-20001\n\
                   - 2026-11-01 00:30–02:30 Fall ^wl-20002\n";
    ReconcileInput {
        notes: vec![NoteText { path: OPS1.into(), content: content.into() }],
        state,
        author_id: Some("alice".into()),
        ..ReconcileInput::default()
    }
}

#[test]
fn ranges_across_daylight_saving_switches_are_elapsed_time() {
    let r = reconcile_in_la(dst_input());
    let kinds: Vec<_> = r.problems.iter().map(|p| (p.kind, p.worklog_id.clone())).collect();
    assert_eq!(kinds, vec![(ProblemKind::MissingLocally, Some("20003".to_owned()))]);
    assert_eq!(r.problems[0].new_line.as_deref(), Some("- 2027-03-14 00:30–03:30 Early ^wl-20003"));
    // Notes: 1 h (spring) + 3 h (fall back); Jira: the same plus the 2 h without a line.
    assert_eq!((r.issues[0].local_seconds, r.issues[0].jira_seconds), (4 * 3600, 6 * 3600));
    // The added line reads back as its worklog: nothing is left but nothing new differs.
    let mut fixed = dst_input();
    let line = r.problems[0].new_line.clone().unwrap_or_default();
    fixed.notes[0].content.push_str(&format!("{line}\n"));
    let r = reconcile_in_la(fixed);
    assert_eq!(r.problems, vec![]);
    assert_eq!((r.issues[0].local_seconds, r.issues[0].jira_seconds), (6 * 3600, 6 * 3600));
}

#[test]
fn without_zone_offsets_ranges_are_wall_clock_lengths() {
    // No zone known (no `myself`): the offsets Jira wrote and wall-clock lengths, as before.
    let r = reconcile(&dst_input());
    assert_eq!(r.issues[0].local_seconds, 2 * 7200);
    assert!(r.problems.iter().any(|p| p.kind == ProblemKind::Differs));
}
