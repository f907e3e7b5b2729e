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
//!   durations of time triggers.
//!
//! The core stays sans-IO: the rules note's text comes in, rules and diagnostics go out.
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

mod blocks;
mod duration;
mod model;
mod read;
mod template;
mod yaml;

pub use blocks::{Block, RULE_LANGUAGE, rule_blocks};
pub use duration::Minutes;
pub use model::{Action, Condition, Recipient, Rule, Subject, Test, Trigger};
pub use read::{RuleSet, read_rules};
pub use template::{ISSUE_VALUES, Part, Placeholder, Template};

#[cfg(test)]
mod tests;
