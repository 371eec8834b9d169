//! One component per file, named for what it shows.

pub mod accounts;
pub mod assumptions;
pub mod basin_map;
pub mod board_limits;
pub mod board_panel;
pub mod charts;
pub mod compare_panel;
pub mod embed;
pub mod export_panel;
pub mod headline_bar;
pub mod import_panel;
pub mod indicator_cards;
pub mod lang_switch;
pub mod lever_panel;
pub mod limits_panel;
pub mod observations_panel;
pub mod plan_panel;
pub mod preset_bar;
pub mod pumped_sources;
pub mod share_panel;
pub mod site_options;
pub mod sources_panel;
pub mod time_chart;
pub mod tools_slot;
pub mod tradeoff_panel;
pub mod uncertainty_panel;
