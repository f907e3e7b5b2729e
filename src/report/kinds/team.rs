//! The team performance report: utilisation per team and person, throughput, cycle time, velocity and
//! estimate accuracy per person.

use super::{pct, ratio, table};
use crate::analytics::Metrics;
use crate::report::document::Block;

/// The team performance report's blocks.
pub fn blocks(m: &Metrics) -> Vec<Block> {
    let mut blocks = super::time::utilisation_blocks(m);
    blocks.extend(super::flow::throughput_blocks(m));
    blocks.extend(super::flow::cycle_blocks(m));
    blocks.extend(super::progress::velocity_blocks(m));
    blocks.push(Block::Heading("Estimate accuracy per person".into()));
    blocks.push(Block::Table(table(
        &[("Assignee", false), ("Issues", true), ("Within ±20%", true), ("Bias (median ratio)", true)],
        m.estimates
            .by_person
            .iter()
            .map(|g| {
                vec![
                    if g.name.is_empty() { g.id.clone() } else { g.name.clone() },
                    g.accuracy.count.to_string(),
                    pct(g.accuracy.within20),
                    ratio(g.accuracy.bias),
                ]
            })
            .collect(),
        "No estimated issue was done in this period.",
    )));
    blocks
}
