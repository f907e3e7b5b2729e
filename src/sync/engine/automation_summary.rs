//! The `summarise` rule action and the comments a person reviewed (issue #17 item 4), both posted through the
//! rules' comment path (journalled before they go out, looked for after a crash, mentions as real mentions).
//!
//! - A firing's `summarise` becomes a `comment`: its intro line, then the deterministic summary of what changed
//!   in the note's body from the base this run started from (the body the previous sync left) to the body the
//!   run is about to agree on (the merged body of a planned issue, else the note as read, else the base); the
//!   rules run before the push, so no base has moved yet. With no body base (body not mapped, first sync) or no
//!   change, nothing is posted and the sync log says why. The model is never asked here: an enabled rule posts
//!   the deterministic summary only.
//! - [`RunInput::comments`](super::RunInput) are comments the user reviewed (the *Summarise my changes as an issue comment*
//!   command, `assist summarise --post`): in a pushing, non-dry run they are journalled and posted to their
//!   issue, even in a run of named notes.

use serde_json::Value;

use super::local::BODY;
use super::report::Level;
use super::run::SyncRun;
use super::state::PendingComment;
use crate::automation::{Firing, Planned};

impl SyncRun {
    /// Replaces each firing's `summarise` actions by the comment they post (or by nothing, logged).
    pub(super) fn write_summaries(&mut self, firings: &mut [Firing]) {
        for firing in firings {
            let Some((id, base)) = self.state.issues.iter().find(|(_, b)| b.key == firing.key && !b.detached) else {
                continue;
            };
            // Before the push no base has moved: the base is the body the previous sync left.
            let before = base.values.get(BODY).and_then(Value::as_str);
            let read = self.notes.get(&base.path).filter(|n| !n.unread && !n.deleted);
            let planned = self.auto.planned.get(id).and_then(|p| p.values.get(BODY));
            let now = planned.or_else(|| read.map_or_else(|| base.values.get(BODY), |n| n.values.get(BODY)));
            let now = now.and_then(Value::as_str);
            let summary = before.zip(now).map(|(b, n)| crate::assist::summarise_changes(b, n));
            let mut silent = false;
            firing.actions.retain_mut(|action| {
                let Planned::Summarise { intro, mention } = action else { return true };
                match &summary {
                    Some(s) if !s.unchanged => {
                        let text = format!("{intro}\n{}", s.markdown);
                        *action = Planned::Comment { text, mention: std::mem::take(mention) };
                        true
                    }
                    _ => {
                        silent = true;
                        false
                    }
                }
            });
            if silent {
                let why = if summary.is_none() { "no synced body to compare with" } else { "the body did not change" };
                let msg = format!("automation: rule `{}`: no summary posted: {why}", firing.rule);
                let (path, key) = (base.path.clone(), firing.key.clone());
                self.log(Level::Info, Some(&path), Some(&key), msg);
            }
        }
    }

    /// Journals and posts the comments the user reviewed (once per run, before the rules' own).
    pub(super) fn post_reviewed_comments(&mut self) {
        if self.input.comments.is_empty() || self.input.dry_run || !self.input.mode.pushes() {
            return;
        }
        let mut queued = Vec::new();
        for comment in std::mem::take(&mut self.input.comments) {
            let Some((id, base)) = self.state.issues.iter().find(|(_, b)| b.key.eq_ignore_ascii_case(&comment.key))
            else {
                let msg = format!("the comment was not posted: {} is not a synced issue", comment.key);
                self.log(Level::Warning, None, Some(&comment.key), msg);
                continue;
            };
            let pending = PendingComment { issue_id: id.clone(), key: base.key.clone(), ..comment };
            self.journal.comments.push(pending.clone());
            queued.push(pending);
        }
        if queued.is_empty() {
            return;
        }
        // Saved before the comments go out: a run that dies now finds them in the journal.
        self.journal_out = Some(self.journal.clone());
        for p in queued {
            let action = Planned::Comment { text: p.text, mention: p.mention };
            self.queue_job(&p.issue_id, "(your reviewed comment)", vec![action]);
        }
    }
}
