//! Automation rules: declarative rules that the user writes in a rules note, one ```` ```jira-rule ```` block per
//! rule, in YAML. A rule names a trigger (`when`), an optional condition (`if`) and a list of actions (`then`).
//!
//! This module reads and validates the rules. Reading never fails: each problem becomes a [`Diagnostic`] with its
//! line and column in the rules note, a rule with a problem is left out, and the other rules still load.
//!
//! - `blocks` finds the rule blocks of the note;
//! - `yaml` reads a block's YAML into a tree that keeps every value's position;
//! - `read` turns the tree into the typed [`Rule`] of `model`, checking every key and value;
//! - `template` parses the `{{placeholder}}` texts of actions (nothing executable), `duration` the `3d`-style
//!   durations of time triggers;
//! - `facts` is what rules look at (one issue and its note at one sync, handed in by the sync), `evaluate`
//!   decides whether a condition holds and whether a trigger is met (and by which episode), and `run` evaluates
//!   every rule over the issues of a sync into firings with their actions' values, keeping the [`Memory`] that
//!   makes firings edge-triggered, loop-safe and capped per day;
//! - `outline` checks a rules note block by block for the rule cards and `automation check` (each rule in words
//!   from `describe`, its problems) and makes the one-line edit behind a card's on/off toggle; `examples` holds
//!   the example rules note that **Open automation rules** creates.
//! - `digest` writes the digest note's text: one line per `digest` action under a heading for the local date.
//! - `in_sync` is what a sync run carries for the rules (its input, the state kept between runs, the firings it
//!   reports), and `note_text` the note side: a note's facts and the note actions as text edits. The sync
//!   engine runs the rules after its pull and merge, before its push (`sync/engine/automation.rs`).
//!
//! The core stays sans-IO: the rules note's text comes in, rules and diagnostics go out.
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

mod blocks;
mod describe;
mod digest;
mod duration;
mod evaluate;
mod examples;
mod facts;
mod in_sync;
mod model;
mod note_text;
mod outline;
mod read;
mod run;
mod template;
mod yaml;

pub use blocks::{Block, RULE_LANGUAGE, rule_blocks};
pub use describe::{action_words, condition_words, duration_words, template_source, trigger_words};
pub use digest::{DIGEST_TITLE, add_to_digest, digest_line};
pub use duration::Minutes;
pub use evaluate::{episode, holds};
pub use examples::EXAMPLE_RULES;
pub use facts::{Category, IssueFacts, NoteFacts};
pub use in_sync::{
    AutomationInput, AutomationState, DigestNote, FiringReport, RuleNotice, STATE_VERSION, action_kind, describe,
    recipient,
};
pub use model::{Action, Condition, Recipient, Rule, Subject, Test, Trigger};
pub use note_text::{append_under, check_tasks, fingerprint, keyed_tasks_checked, note_facts, set_properties};
pub use outline::{RuleOutline, RulesOutline, outline, set_enabled};
pub use read::{RuleSet, read_rules};
pub use run::{Firing, MAX_CHAIN, Memory, Outcome, Pair, Planned, evaluate, render};
pub use template::{ISSUE_VALUES, Part, Placeholder, Template};

#[cfg(test)]
mod run_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod time_tests;
