//! Reports as notes: chart writers (Mermaid and SVG), the report document model and its Markdown, the
//! parameters kept in a report note's front matter, and the report kinds built from the sync state (and the
//! analytics above the history).
//!
//! Layering: `report` is the top of the core. It reads the sync state (only what it needs: [`state_view`], [`time_input`]) and the metrics from
//! above; no lower module (`sync`, `worklog`, `history`) reaches into it. Everything here is sans-IO and
//! deterministic: the same parameters, state, settings and `today` give the same bytes.

pub mod batch;
pub mod document;
pub mod escape;
pub mod generate;
pub mod kinds;
pub mod mermaid;
pub mod metrics_input;
pub mod params;
pub mod state_view;
pub mod svg;
pub mod time_input;

pub use batch::{BatchInput, BatchReport, generate_batch};
pub use document::{Block, ChartBody, RenderedReport, ReportAsset, ReportDoc, Table, render};
pub use generate::{GenerateError, GenerateInput, ReportSettings, generate, render_report, report_metrics};
pub use params::{ParamsError, RelativePeriod, ReportKind, ReportParams, params_from_note};
pub use state_view::ReportState;
