//! Rendered reports handed to JavaScript as objects built in place: `[{markdown, assets: [{path, content}]}]`,
//! each string crossing once (decoded from UTF-8 by the glue). A full set of reports is megabytes of Markdown
//! and SVG; the JSON route ([`super::to_js`]) escaped every quote and line break of it into a text that
//! JavaScript then parsed again.
//!
//! Invariant: the value is the one `JSON.parse` of the serde JSON of the same reports gives (same keys in the
//! same order, plain objects and arrays, strings only); `wasm_boundary` and the plugin's report tests compare.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::report::RenderedReport;

/// `reports` as a JavaScript array of `{markdown, assets}` objects.
pub(super) fn rendered_reports(reports: &[RenderedReport]) -> JsValue {
    let (markdown, assets, path, content) = (
        JsValue::from_str("markdown"),
        JsValue::from_str("assets"),
        JsValue::from_str("path"),
        JsValue::from_str("content"),
    );
    // Setting a property of a fresh plain object cannot fail (no setter, not frozen): the results are ignored.
    let out = Array::new();
    for report in reports {
        let files = Array::new();
        for asset in &report.assets {
            let file = Object::new();
            let _ = Reflect::set(&file, &path, &JsValue::from_str(&asset.path));
            let _ = Reflect::set(&file, &content, &JsValue::from_str(&asset.content));
            files.push(&file);
        }
        let one = Object::new();
        let _ = Reflect::set(&one, &markdown, &JsValue::from_str(&report.markdown));
        let _ = Reflect::set(&one, &assets, &files);
        out.push(&one);
    }
    out.into()
}
