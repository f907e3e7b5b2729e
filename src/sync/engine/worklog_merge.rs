//! The three-way rule for one Jira worklog: the note's line (local), the last synced snapshot (base) and Jira's
//! worklog (remote), each reduced to a [`Snap`] (local wall-clock start, whole-minute seconds, one-line comment).
//!
//! Invariants: nothing is overwritten when both sides changed differently (a conflict); a line removed from a
//! note deletes the Jira worklog only when the user enabled it; pure and total (no panics).

use chrono::NaiveDateTime;

/// One worklog as compared: local wall-clock start, time spent (whole minutes), one-line comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Snap {
    /// Local wall-clock start in the Jira user's zone.
    pub start: NaiveDateTime,
    /// Seconds, whole minutes.
    pub seconds: u32,
    /// The comment as one line of Markdown.
    pub comment: String,
}

/// What Jira holds for a worklog this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RemoteSide<'a> {
    /// Not read this run: unchanged since the base.
    Unchanged,
    /// Deleted in Jira.
    Deleted,
    /// Read this run.
    Present(&'a Snap),
}

/// What to do with one worklog that has a base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Decision {
    /// Both sides agree with the base (or with each other): at most the base is refreshed.
    Nothing,
    /// Only the note changed: `PUT` it.
    Push,
    /// Only Jira changed: rewrite the note's line.
    Pull,
    /// Both changed to the same thing: take Jira's as the new base.
    Adopt,
    /// Both changed differently (or one deleted what the other changed): nothing is overwritten.
    Conflict(&'static str),
    /// The line is gone and deletes are enabled: `DELETE` the Jira worklog.
    DeleteRemote,
    /// The line is gone, deletes are off: keep Jira's worklog and remember that in the base.
    KeepRemoved,
    /// Jira deleted it and the line is unchanged: remove the line.
    RemoveLine,
    /// Gone on both sides: forget the base.
    Forget,
}

/// The three-way decision. `removed_before`: the base already records the line as removed locally.
pub(super) fn decide(
    base: &Snap,
    local: Option<&Snap>,
    remote: RemoteSide<'_>,
    delete_remote: bool,
    removed_before: bool,
) -> Decision {
    match (local, remote) {
        (None, RemoteSide::Deleted) => Decision::Forget,
        (None, _) if removed_before => Decision::Nothing,
        (None, RemoteSide::Present(r)) if r != base => Decision::KeepRemoved,
        (None, _) if delete_remote => Decision::DeleteRemote,
        (None, _) => Decision::KeepRemoved,
        (Some(l), RemoteSide::Deleted) if l == base => Decision::RemoveLine,
        (Some(_), RemoteSide::Deleted) => Decision::Conflict("deleted in Jira but changed in the note"),
        (Some(l), RemoteSide::Unchanged) => {
            if l == base {
                Decision::Nothing
            } else {
                Decision::Push
            }
        }
        (Some(l), RemoteSide::Present(r)) => match (l != base, r != base) {
            (false, false) => Decision::Nothing,
            (true, false) => Decision::Push,
            (false, true) => Decision::Pull,
            (true, true) if l == r => Decision::Adopt,
            (true, true) => Decision::Conflict("changed differently in the note and in Jira"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(hour: u32, seconds: u32, comment: &str) -> Snap {
        let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 10).and_then(|d| d.and_hms_opt(hour, 0, 0));
        Snap { start: start.unwrap_or_default(), seconds, comment: comment.to_owned() }
    }

    #[test]
    fn one_sided_changes_flow_to_the_other_side() {
        let b = snap(9, 3600, "a");
        let changed = snap(10, 3600, "a");
        assert_eq!(decide(&b, Some(&b), RemoteSide::Unchanged, false, false), Decision::Nothing);
        assert_eq!(decide(&b, Some(&changed), RemoteSide::Unchanged, false, false), Decision::Push);
        assert_eq!(decide(&b, Some(&changed), RemoteSide::Present(&b), false, false), Decision::Push);
        assert_eq!(decide(&b, Some(&b), RemoteSide::Present(&changed), false, false), Decision::Pull);
        assert_eq!(decide(&b, Some(&changed), RemoteSide::Present(&changed), false, false), Decision::Adopt);
    }

    #[test]
    fn different_changes_conflict() {
        let b = snap(9, 3600, "a");
        let (l, r) = (snap(9, 3600, "note"), snap(9, 7200, "a"));
        assert!(matches!(decide(&b, Some(&l), RemoteSide::Present(&r), true, false), Decision::Conflict(_)));
        assert!(matches!(decide(&b, Some(&l), RemoteSide::Deleted, true, false), Decision::Conflict(_)));
    }

    #[test]
    fn removals() {
        let b = snap(9, 3600, "a");
        assert_eq!(decide(&b, Some(&b), RemoteSide::Deleted, false, false), Decision::RemoveLine);
        assert_eq!(decide(&b, None, RemoteSide::Deleted, false, false), Decision::Forget);
        assert_eq!(decide(&b, None, RemoteSide::Unchanged, false, false), Decision::KeepRemoved);
        assert_eq!(decide(&b, None, RemoteSide::Unchanged, true, false), Decision::DeleteRemote);
        assert_eq!(decide(&b, None, RemoteSide::Unchanged, true, true), Decision::Nothing);
        let r = snap(11, 60, "x");
        assert_eq!(decide(&b, None, RemoteSide::Present(&r), true, false), Decision::KeepRemoved);
    }
}
