//! What the link shows: the whole explorer, the map, or one chart (for embeds).

/// The charts a link or an embed can show on their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartId {
    Drawdown,
    Springs,
    Vega,
    Lagoon,
    Lithium,
    Accounts,
}

impl ChartId {
    pub const ALL: [ChartId; 6] = [
        ChartId::Drawdown,
        ChartId::Springs,
        ChartId::Vega,
        ChartId::Lagoon,
        ChartId::Lithium,
        ChartId::Accounts,
    ];

    /// Key in links and element ids.
    pub fn key(self) -> &'static str {
        match self {
            ChartId::Drawdown => "drawdown",
            ChartId::Springs => "springs",
            ChartId::Vega => "vega",
            ChartId::Lagoon => "lagoon",
            ChartId::Lithium => "lithium",
            ChartId::Accounts => "accounts",
        }
    }

    pub fn from_key(key: &str) -> Option<ChartId> {
        ChartId::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The part of the page a link opens on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    /// The whole explorer.
    #[default]
    Explore,
    Map,
    Chart(ChartId),
}

impl View {
    pub fn key(self) -> &'static str {
        match self {
            View::Explore => "explore",
            View::Map => "map",
            View::Chart(c) => c.key(),
        }
    }

    pub fn from_key(key: &str) -> Option<View> {
        match key {
            "explore" => Some(View::Explore),
            "map" => Some(View::Map),
            other => ChartId::from_key(other).map(View::Chart),
        }
    }
}
