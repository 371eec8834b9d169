//! An agreed limit as text, the same in a link (`lim=vega_santa_rosa:drawdown:0.5:2075:0.9`)
//! and on the command line (`cuenca envelope --limit …`): site, kind, threshold, last year and
//! confidence, separated by `:`, characters a query keeps as they are. The basin-wide area
//! limits take `basin` as their site (`lim=basin:vega_area:0.8:2075:0.9`).

use cuenca_model::negotiation::{Limit, LimitKind, BASIN_SITE};
use cuenca_model::Basin;

/// Most limits a link carries: a negotiating table agrees on a handful, not dozens.
pub const MAX_LIMITS: usize = 6;
/// Years a limit may run to.
const UNTIL_YEARS: std::ops::RangeInclusive<i32> = 2025..=2200;

/// Why a limit's text could not be read, in words for the CLI's messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitTextError {
    Parts,
    UnknownSite,
    /// An area limit on a site, or a site's limit on the whole basin.
    AreaSite,
    Kind,
    /// A spring limit where the site has no spring, or an interface limit where there is no
    /// fresh lens over brine: the ensemble cannot read it there.
    NotHere,
    Value,
    Until,
    Confidence,
}

impl LimitTextError {
    pub fn reason(&self) -> &'static str {
        match self {
            LimitTextError::Parts => "needs five parts separated by `:`",
            LimitTextError::UnknownSite => "names a site this basin does not have",
            LimitTextError::AreaSite => {
                "puts `vega_area` or `lagoon_area` on a site, or `drawdown` or `spring` on `basin`: the areas are the whole basin's (`basin:vega_area:…`)"
            }
            LimitTextError::Kind => {
                "has a kind that is not `drawdown`, `spring`, `spring_floor`, `vega_area`, `lagoon_area` or `interface_rise`"
            }
            LimitTextError::NotHere => {
                "puts `spring` or `spring_floor` on a site without a spring, or `interface_rise` on a site with no fresh water over brine"
            }
            LimitTextError::Value => {
                "needs a threshold that is a number ≥ 0 (L/s for `spring_floor`; a share from 0 to 1 for `spring`, `vega_area` and `lagoon_area`)"
            }
            LimitTextError::Until => "needs a year from 2025 to 2200",
            LimitTextError::Confidence => "needs a confidence from 0 to 1",
        }
    }
}

fn kind_key(kind: LimitKind) -> &'static str {
    match kind {
        LimitKind::DrawdownAtMostM => "drawdown",
        LimitKind::SpringFlowAtLeastShare => "spring",
        LimitKind::SpringFlowFloorLPerS => "spring_floor",
        LimitKind::VegaAreaAtLeastShare => "vega_area",
        LimitKind::LagoonAreaAtLeastShare => "lagoon_area",
        LimitKind::InterfaceRiseAtMostM => "interface_rise",
    }
}

/// `vega_santa_rosa:drawdown:0.5:2075:0.9`.
pub fn limit_text(limit: &Limit) -> String {
    format!(
        "{}:{}:{}:{}:{}",
        limit.site,
        kind_key(limit.kind),
        limit.value,
        limit.until_year,
        limit.confidence
    )
}

/// Reads a limit's text; the site must be one of `basin`'s. A decimal comma is accepted, as for
/// levers: people retype links.
pub fn parse_limit(text: &str, basin: &Basin) -> Result<Limit, LimitTextError> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let [site, kind, value, until, confidence] = parts[..] else {
        return Err(LimitTextError::Parts);
    };
    let kind = match kind {
        "drawdown" => LimitKind::DrawdownAtMostM,
        "spring" => LimitKind::SpringFlowAtLeastShare,
        "spring_floor" => LimitKind::SpringFlowFloorLPerS,
        "vega_area" => LimitKind::VegaAreaAtLeastShare,
        "lagoon_area" => LimitKind::LagoonAreaAtLeastShare,
        "interface_rise" => LimitKind::InterfaceRiseAtMostM,
        _ => return Err(LimitTextError::Kind),
    };
    if kind.is_basin_wide() != (site == BASIN_SITE) {
        return Err(LimitTextError::AreaSite);
    }
    if !kind.is_basin_wide() {
        let s = basin.site(site).ok_or(LimitTextError::UnknownSite)?;
        let readable = match kind {
            k if k.is_spring() => basin.site_has_spring(s),
            LimitKind::InterfaceRiseAtMostM => basin.site_over_lens(s),
            _ => true,
        };
        if !readable {
            return Err(LimitTextError::NotHere);
        }
    }
    let number = |s: &str| {
        s.replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let value = number(value)
        .filter(|v| {
            if kind.is_share() {
                (0.0..=1.0).contains(v)
            } else {
                *v >= 0.0
            }
        })
        .ok_or(LimitTextError::Value)?;
    let until_year = until
        .parse::<i32>()
        .ok()
        .filter(|y| UNTIL_YEARS.contains(y))
        .ok_or(LimitTextError::Until)?;
    let confidence = number(confidence)
        .filter(|c| (0.0..=1.0).contains(c))
        .ok_or(LimitTextError::Confidence)?;
    Ok(Limit {
        site: site.to_string(),
        kind,
        value,
        until_year,
        confidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basin() -> Basin {
        Basin::default_basin()
    }

    #[test]
    fn a_limit_reads_back_as_written() {
        let b = basin();
        for text in [
            "vega_santa_rosa:drawdown:0.5:2075:0.9",
            "vertientes_este:spring:0.8:2100:0.95",
            "laguna_norte:drawdown:0:2025:1",
            "basin:vega_area:0.8:2075:0.9",
            "basin:lagoon_area:0.5:2100:0.6",
            "vertientes_norte:spring_floor:0.5:2075:0.9",
            "vertientes_este:spring_floor:0:2060:1",
            "vega_este:interface_rise:1.5:2075:0.9",
        ] {
            let limit = parse_limit(text, &b).unwrap();
            assert_eq!(limit_text(&limit), text);
            assert_eq!(parse_limit(&limit_text(&limit), &b), Ok(limit));
        }
    }

    #[test]
    fn each_bad_part_is_named() {
        let b = basin();
        let cases = [
            ("vega_santa_rosa:drawdown:0.5:2075", LimitTextError::Parts),
            ("nowhere:drawdown:0.5:2075:0.9", LimitTextError::UnknownSite),
            ("vega_santa_rosa:area:0.5:2075:0.9", LimitTextError::Kind),
            (
                "vega_santa_rosa:drawdown:-1:2075:0.9",
                LimitTextError::Value,
            ),
            (
                "vega_santa_rosa:drawdown:NaN:2075:0.9",
                LimitTextError::Value,
            ),
            ("vertientes_este:spring:1.5:2075:0.9", LimitTextError::Value),
            ("basin:vega_area:1.2:2075:0.9", LimitTextError::Value),
            (
                "vega_santa_rosa:vega_area:0.8:2075:0.9",
                LimitTextError::AreaSite,
            ),
            ("basin:drawdown:0.5:2075:0.9", LimitTextError::AreaSite),
            ("basin:interface_rise:1:2075:0.9", LimitTextError::AreaSite),
            (
                "vega_santa_rosa:spring:0.8:2075:0.9",
                LimitTextError::NotHere,
            ),
            (
                "vega_santa_rosa:spring_floor:1:2075:0.9",
                LimitTextError::NotHere,
            ),
            (
                "vega_este:interface_rise:-0.5:2075:0.9",
                LimitTextError::Value,
            ),
            (
                "vega_santa_rosa:drawdown:0.5:1999:0.9",
                LimitTextError::Until,
            ),
            (
                "vega_santa_rosa:drawdown:0.5:2075:9",
                LimitTextError::Confidence,
            ),
        ];
        for (text, why) in cases {
            assert_eq!(parse_limit(text, &b), Err(why), "{text}");
        }
    }

    #[test]
    fn a_decimal_comma_is_read() {
        let limit = parse_limit("vega_santa_rosa:drawdown:0,5:2075:0,9", &basin()).unwrap();
        assert_eq!((limit.value, limit.confidence), (0.5, 0.9));
    }
}
