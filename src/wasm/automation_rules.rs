//! The rules note's JavaScript face (`docs/automation.md`): `checkAutomationRules` for the rule cards and
//! `automation check`, `setRuleEnabled` for a card's toggle, `automationExampleRules` for **Open automation
//! rules**.

use wasm_bindgen::prelude::*;

use super::to_js;

/// Checks a rules note: `{rules: [{line, endLine, name, enabled, toggleable, valid, trigger, condition, actions,
/// reactsToAutomation, diagnostics: [{severity, code, message, line, column, offset}]}], errors, warnings}`, one
/// entry per `jira-rule` block (lines 1-based).
#[wasm_bindgen(js_name = checkAutomationRules)]
pub fn check_automation_rules(note: &str) -> Result<JsValue, JsError> {
    to_js(&crate::automation::outline(note))
}

/// The note with the rule block opening on 1-based line `fenceLine` switched on or off (only its `enabled:`
/// line changes, or one is added), or `undefined` when that block cannot be edited so.
#[wasm_bindgen(js_name = setRuleEnabled)]
pub fn set_rule_enabled(note: &str, fence_line: u32, enabled: bool) -> Option<String> {
    crate::automation::set_enabled(note, fence_line as usize, enabled)
}

/// The example rules note, every rule switched off.
#[wasm_bindgen(js_name = automationExampleRules)]
pub fn automation_example_rules() -> String {
    crate::automation::EXAMPLE_RULES.to_owned()
}
