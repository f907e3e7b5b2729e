//! Project notes and Bases files for JavaScript (issue #15): the paths of each synced project's note and base,
//! the requests a project note needs, rendering the note from Jira's answers, and the `.base` file plan.
//! Logic lives in [`crate::alignment`]; this file only converts.

use wasm_bindgen::prelude::*;

use super::{from_js, to_js};
use crate::alignment::{project_base, project_note};
use crate::sync::{Deployment, SyncConfig};

/// `[{key, folder, note, base}]`: where the project notes and Bases files of the projects `config` syncs from
/// `siteUrl` live. Throws when `config` is not a sync config.
#[wasm_bindgen(js_name = projectPaths)]
pub fn project_paths(config: JsValue, site_url: &str) -> Result<JsValue, JsError> {
    let config: SyncConfig = from_js(&config, "a sync config")?;
    to_js(&project_note::project_paths(&config, site_url))
}

/// `[{name, path, query}]`: the `GET` requests of project `key`'s note (`deployment`: `cloud` or `datacenter`;
/// anything else is Cloud). `query` is a list of `[name, value]` pairs.
#[wasm_bindgen(js_name = projectRequests)]
pub fn project_requests(deployment: &str, key: &str) -> Result<JsValue, JsError> {
    let deployment = if deployment == "datacenter" { Deployment::Datacenter } else { Deployment::Cloud };
    to_js(&project_note::project_requests(deployment, key))
}

/// `{text, unmapped, problems}` from `{key, answers: {project, versions, components, statuses}, existing?,
/// statuses, transitions?}` (`statuses`: the config's status table; `transitions`: the sync state's learned
/// transitions). `text` is null when the note stays as it is. Throws when `input` is not shaped like that.
#[wasm_bindgen(js_name = renderProjectNote)]
pub fn render_project_note(input: JsValue) -> Result<JsValue, JsError> {
    let input: project_note::ProjectNoteInput = from_js(&input, "a project note input")?;
    to_js(&project_note::render_project_note(&input))
}

#[derive()]
struct BaseInput {
    folder: String,
    config: SyncConfig,
    existing: Option<String>,
    written_hash: Option<String>,
}

crate::json_objects::json_object!(BaseInput {
    folder: "folder",
    config: "config",
    existing: "existing" = default,
    written_hash: "writtenHash" = default,
});

/// `{write, hash, userEdited}` for a project's `.base` file from `{folder, config, existing?, writtenHash?}`:
/// `write` is the text to write (null: leave the file), `hash` what to remember for it. Throws on a bad input.
#[wasm_bindgen(js_name = planProjectBase)]
pub fn plan_project_base(input: JsValue) -> Result<JsValue, JsError> {
    let input: BaseInput = from_js(&input, "a project base input")?;
    let generated = project_base::render_project_base(&input.folder, &input.config);
    to_js(&project_base::plan_project_base(input.existing.as_deref(), input.written_hash.as_deref(), &generated))
}
