//! Every indicator as one plain sentence, in Spanish (as spoken in Salta, words from the project
//! glossary) or English, with numbers formatted per language ("0,8 m" / "0.8 m",
//! "1.300" / "1,300").

use serde::Serialize;

use crate::results::Results;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Lang {
    Es,
    En,
}

/// Format a number with `decimals` decimals and language-specific separators.
pub fn fmt_num(x: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (th, dec) = match lang {
        Lang::Es => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (k, ch) in digits.iter().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            grouped.push(th);
        }
        grouped.push(*ch);
    }
    let neg = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = if neg { format!("-{grouped}") } else { grouped };
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(&f);
    }
    out
}

fn name(lang: Lang, es: &str, en: &str) -> String {
    match lang {
        Lang::Es => es.to_string(),
        Lang::En => en.to_string(),
    }
}

pub(crate) fn sentences(r: &Results, lang: Lang) -> Vec<String> {
    let ind = &r.indicators;
    let mut out = Vec::new();
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let project = ind.lithium_total_t_lce > 0.0 || r.totals.accounts.brine_requested_m3 > 0.0;
    if !project {
        out.push(match lang {
            Lang::Es => format!("Sin proyecto (cuenca natural), la recarga media es de {} L/s y toda sale por evaporación.", n(ind.mean_recharge_l_per_s, 0)),
            Lang::En => format!("With no project (natural basin), mean recharge is {} L/s and all of it leaves by evaporation.", n(ind.mean_recharge_l_per_s, 0)),
        });
        return out;
    }
    out.push(match lang {
        Lang::Es => format!("Con este escenario se producen en total {} t de carbonato de litio equivalente (LCE) hasta {}.", n(ind.lithium_total_t_lce, 0), ind.last_year),
        Lang::En => format!("This scenario produces {} t of lithium carbonate equivalent (LCE) in total up to {}.", n(ind.lithium_total_t_lce, 0), ind.last_year),
    });
    for s in &ind.sites {
        if !(s.kind == "vega" || s.kind == "lagoon" || s.kind == "village" || s.kind == "spring") {
            continue;
        }
        let place = name(lang, &s.name_es, &s.name_en);
        out.push(if s.max_drawdown_m < 0.01 {
            match lang {
                Lang::Es => format!("Con este escenario, la napa en {place} no baja de forma apreciable (menos de 1 cm)."),
                Lang::En => format!("With this scenario, the water table at {place} does not drop noticeably (less than 1 cm)."),
            }
        } else {
            let d = if s.max_drawdown_m < 1.0 { 2 } else { 1 };
            match lang {
                Lang::Es => format!("Con este escenario, la napa en {place} baja {} m hacia {}.", n(s.max_drawdown_m, d), s.year_of_max),
                Lang::En => format!("With this scenario, the water table at {place} drops {} m by {}.", n(s.max_drawdown_m, d), s.year_of_max),
            }
        });
        if let Some(c) = s.crossings.iter().rev().find(|c| c.first_year.is_some()) {
            let y = c.first_year.unwrap_or(0);
            out.push(match lang {
                Lang::Es => format!(
                    "El descenso en {place} supera {} m por primera vez en {y}.",
                    n(c.threshold_m, 1)
                ),
                Lang::En => format!(
                    "The drawdown at {place} first exceeds {} m in {y}.",
                    n(c.threshold_m, 1)
                ),
            });
        }
    }
    out.push(match lang {
        Lang::Es => format!("En {}, las vegas tienen {} % menos superficie verde y las lagunas {} % menos superficie de agua que sin proyecto.", ind.last_year, n(ind.vega_area_lost_pct, 0), n(ind.lagoon_area_lost_pct, 0)),
        Lang::En => format!("In {}, vegas have {} % less green area and lagoons {} % less open water than with no project.", ind.last_year, n(ind.vega_area_lost_pct, 0), n(ind.lagoon_area_lost_pct, 0)),
    });
    out.push(match lang {
        Lang::Es => format!(
            "El caudal de las vertientes cambia {} % respecto de la cuenca sin proyecto.",
            n(ind.spring_flow_change_pct, 0)
        ),
        Lang::En => format!(
            "Spring flow changes by {} % compared with the basin without the project.",
            n(ind.spring_flow_change_pct, 0)
        ),
    });
    out.push(match lang {
        Lang::Es => format!(
            "En {}, la extracción neta equivale a {} veces la recarga media de la cuenca ({} L/s).",
            ind.peak_extraction_year,
            n(ind.net_extraction_share_of_recharge, 1),
            n(ind.mean_recharge_l_per_s, 0)
        ),
        Lang::En => format!(
            "In {}, net extraction equals {} times the basin's mean recharge ({} L/s).",
            ind.peak_extraction_year,
            n(ind.net_extraction_share_of_recharge, 1),
            n(ind.mean_recharge_l_per_s, 0)
        ),
    });
    if ind.shortfall_pct > 0.5 {
        out.push(match lang {
            Lang::Es => format!("El acuífero no puede entregar todo lo pedido: falta el {} % del agua y la salmuera solicitadas.", n(ind.shortfall_pct, 0)),
            Lang::En => format!("The aquifer cannot deliver everything asked of it: {} % of the requested water and brine is missing.", n(ind.shortfall_pct, 0)),
        });
    }
    if ind.protection_months > 0 {
        out.push(match lang {
            Lang::Es => format!(
                "La regla de protección reduce el bombeo durante {} meses.",
                ind.protection_months
            ),
            Lang::En => format!(
                "The protection rule cuts pumping for {} months.",
                ind.protection_months
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(fmt_num(0.8, 1, Lang::Es), "0,8");
        assert_eq!(fmt_num(0.8, 1, Lang::En), "0.8");
        assert_eq!(fmt_num(1300.0, 0, Lang::Es), "1.300");
        assert_eq!(fmt_num(1300.0, 0, Lang::En), "1,300");
        assert_eq!(fmt_num(1234567.891, 2, Lang::Es), "1.234.567,89");
        assert_eq!(fmt_num(-12.5, 1, Lang::En), "-12.5");
        assert_eq!(fmt_num(-0.01, 1, Lang::En), "0.0");
    }
}
