//! Every indicator as one plain sentence, in Spanish (as spoken in Salta, words from the project
//! glossary) or English, with numbers formatted per language ("0,8 m" / "0.8 m",
//! "1.300" / "1,300").

use crate::lang::{fmt_num, fmt_tonnes_approx, Lang};
use crate::outputs::results::{ClearanceIndicator, Indicators, Results, SiteIndicator};
use crate::outputs::salinisation::ClearanceTo;

/// Smallest movement of the fresh–brine interface the sentences speak of, m: below a metre the
/// sharp interface of the model says little about a mixing zone tens of metres wide.
const INTERFACE_SENTENCE_M: f64 = 1.0;

fn name(lang: Lang, es: &str, en: &str) -> String {
    match lang {
        Lang::Es => es.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Sign of `x` as it will be printed with `decimals` decimals (0 when it prints as zero). Read
/// off the printed digits: formatting rounds a tie to even (0.5 prints "0"), `f64::round` away
/// from zero.
fn rounded_sign(x: f64, decimals: usize) -> i32 {
    let printed = format!("{:.*}", decimals, x.abs());
    if printed.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        x.signum() as i32
    } else {
        0
    }
}

/// "12 % menos superficie verde" / "12 % less green area" for a loss (positive), "… más …" /
/// "… more …" for a gain, "la misma …" / "the same …" when it rounds to zero.
fn area_change(lost_pct: f64, lang: Lang, what_es: &str, what_en: &str) -> String {
    let v = fmt_num(lost_pct.abs(), 0, lang);
    match (lang, rounded_sign(lost_pct, 0)) {
        (Lang::Es, 0) => format!("la misma {what_es}"),
        (Lang::Es, 1) => format!("{v} % menos {what_es}"),
        (Lang::Es, _) => format!("{v} % más {what_es}"),
        (Lang::En, 0) => format!("the same {what_en}"),
        (Lang::En, 1) => format!("{v} % less {what_en}"),
        (Lang::En, _) => format!("{v} % more {what_en}"),
    }
}

/// "2065–2074": the decade the headline changes are means of (one year for a one-year run).
fn headline_years(ind: &Indicators) -> String {
    match ind.headline_years {
        (a, b) if a == b => a.to_string(),
        (a, b) => format!("{a}–{b}"),
    }
}

/// The indicators as plain sentences (captions, screen readers, the CLI).
pub fn sentences(r: &Results, lang: Lang) -> Vec<String> {
    build(r, lang, &mut Vec::new())
}

/// A sentence and the ensemble results it speaks of, so that the page can give their range
/// beside the run's own number.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    /// Ensemble indicator ids ([`crate::IndicatorId::key`], `:site` for a site's);
    /// `spring:<site>` for a spring site's outlook ([`crate::Ensemble::spring_outlooks`]);
    /// `roots:<site>` for the years a vega's water table leaves the roots
    /// ([`crate::Threshold::LeavesRootZone`]); [`crossing_key`] for a drawdown threshold's.
    pub about: Vec<String>,
}

/// [`sentences`], each with what it speaks of.
pub fn sentences_about(r: &Results, lang: Lang) -> Vec<Sentence> {
    let mut about = Vec::new();
    let mut out: Vec<Sentence> = build(r, lang, &mut about)
        .into_iter()
        .map(|text| Sentence {
            text,
            about: Vec::new(),
        })
        .collect();
    for (i, id) in about {
        if let Some(s) = out.get_mut(i) {
            s.about.push(id);
        }
    }
    out
}

/// What a sentence on the first year a site's drawdown exceeds `threshold_m` speaks of: the
/// ensemble's range of that year ([`crate::Threshold::DrawdownAboveM`]).
pub fn crossing_key(site: &str, threshold_m: f64) -> String {
    format!("crossing:{site}:{threshold_m}")
}

/// The headline areas and spring flow, as the two sentences pushed from `start`.
fn about_headlines(start: usize, about: &mut Vec<(usize, String)>) {
    about.push((start, "vega_area_lost_pct".into()));
    about.push((start, "lagoon_area_lost_pct".into()));
    about.push((start + 1, "spring_flow_change_pct".into()));
}

/// The spring lines' sentences, each about its spring site's outlook.
fn spring_line_sentences(
    ind: &Indicators,
    lang: Lang,
    out: &mut Vec<String>,
    about: &mut Vec<(usize, String)>,
) {
    for l in &ind.spring_lines {
        if let Some(site) = &l.site {
            about.push((out.len(), format!("spring:{site}")));
        }
        out.push(l.sentence(lang));
    }
}

fn build(r: &Results, lang: Lang, about: &mut Vec<(usize, String)>) -> Vec<String> {
    let ind = &r.indicators;
    let mut out = Vec::new();
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let project = ind.lithium_total_t_lce > 0.0 || r.totals.accounts.brine_requested_m3 > 0.0;
    // The run's weather (a changed climate, a sequence of dry and wet years) can move the mean
    // recharge away from today's long-term mean; say both when they differ by 5 % or more.
    let (sim, today) = (ind.mean_recharge_l_per_s, ind.expected_recharge_l_per_s);
    let differs = today > 0.0 && ((sim - today) / today).abs() >= 0.05;
    if !project {
        out.push(match (lang, differs) {
            (Lang::Es, false) => format!("Sin proyecto (cuenca natural), la recarga media es de {} L/s y toda sale por evaporación.", n(sim, 0)),
            (Lang::Es, true) => format!("Sin proyecto (cuenca natural), la recarga media es de {} L/s (con el clima de hoy, {} L/s) y toda sale por evaporación.", n(sim, 0), n(today, 0)),
            (Lang::En, false) => format!("With no project (natural basin), mean recharge is {} L/s and all of it leaves by evaporation.", n(sim, 0)),
            (Lang::En, true) => format!("With no project (natural basin), mean recharge is {} L/s ({} L/s with today's climate) and all of it leaves by evaporation.", n(sim, 0), n(today, 0)),
        });
        if ind.against_today_climate {
            about_headlines(out.len(), about);
            climate_sentences(ind, lang, false, &mut out);
        }
        spring_line_sentences(ind, lang, &mut out, about);
        return out;
    }
    about.push((out.len(), "lithium_total_t_lce".into()));
    out.push(match lang {
        Lang::Es => {
            let t = fmt_tonnes_approx(ind.lithium_total_t_lce, lang);
            // "unos 2,7 millones de t", "unas 940.000 t" (toneladas).
            let article = if t.contains("millones") { "unos" } else { "unas" };
            format!("Con este escenario se producen en total {article} {t} de carbonato de litio equivalente (LCE) hasta {}.", ind.last_year)
        }
        Lang::En => format!("This scenario produces about {} of lithium carbonate equivalent (LCE) in total up to {}.", fmt_tonnes_approx(ind.lithium_total_t_lce, lang), ind.last_year),
    });
    for s in &ind.sites {
        if !(s.kind == "vega" || s.kind == "lagoon" || s.kind == "village" || s.kind == "spring") {
            continue;
        }
        // A spring site speaks through its spring line (below): flow and outlet, not drawdown.
        if s.kind == "spring"
            && ind
                .spring_lines
                .iter()
                .any(|l| l.site.as_deref() == Some(s.site.as_str()))
        {
            continue;
        }
        let place = name(lang, &s.name_es, &s.name_en);
        // A vega: the water table as the roots feel it first, then the regional drawdown,
        // named as such (a vega cell's head is that of a column hundreds of metres deep).
        let vega = s.kind == "vega";
        if vega {
            if let Some(v) = ind.vegas.iter().find(|v| v.site == s.site) {
                about.push((out.len(), format!("roots:{}", s.site)));
                out.push(v.sentence(lang));
            }
        }
        let crossing = s.crossings.iter().rev().find(|c| c.first_year.is_some());
        // The ensemble ranges the drawdown against no project under the same climate.
        if s.max_drawdown_vs_today.is_none() {
            about.push((out.len(), format!("max_drawdown_m:{}", s.site)));
        }
        if vega && s.max_drawdown_vs_today.is_none() && s.max_drawdown_m >= 0.01 {
            out.push(regional_drawdown(s, crossing, &place, lang));
            continue;
        }
        out.push(if let Some(total) = s.max_drawdown_vs_today {
            drawdown_vs_today(s, total, &place, vega, lang)
        } else if s.max_drawdown_m <= -0.01 {
            // The level stays above the no-project level the whole time (e.g. reinjection).
            let d = if s.max_drawdown_m > -1.0 { 2 } else { 1 };
            match lang {
                Lang::Es => format!("Con este escenario, la napa en {place} no baja: queda al menos {} m más alta que sin proyecto.", n(-s.max_drawdown_m, d)),
                Lang::En => format!("With this scenario, the water table at {place} does not drop: it stays at least {} m higher than with no project.", n(-s.max_drawdown_m, d)),
            }
        } else if s.max_drawdown_m < 0.01 {
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
        if let Some(c) = crossing {
            let y = c.first_year.unwrap_or(0);
            about.push((out.len(), crossing_key(&s.site, c.threshold_m)));
            // Under a changed climate the thresholds still watch the project's own drawdown.
            let ours = s.max_drawdown_vs_today.is_some();
            out.push(match lang {
                Lang::Es if ours && vega => format!(
                    "El descenso regional de la napa que causa el proyecto en {place} supera {} m por primera vez en {y}.",
                    n(c.threshold_m, 1)
                ),
                Lang::En if ours && vega => format!(
                    "The regional drawdown of the water table the project causes at {place} first exceeds {} m in {y}.",
                    n(c.threshold_m, 1)
                ),
                Lang::Es if ours => format!(
                    "El descenso que causa el proyecto en {place} supera {} m por primera vez en {y}.",
                    n(c.threshold_m, 1)
                ),
                Lang::En if ours => format!(
                    "The drawdown the project causes at {place} first exceeds {} m in {y}.",
                    n(c.threshold_m, 1)
                ),
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
    spring_line_sentences(ind, lang, &mut out, about);
    // The interface under the vegas and lagoons, where it moves a metre or more: its largest
    // fall (brine pumping: fresh water takes the brine's place) and its largest rise (brine
    // coming up toward the roots).
    let wetlands = || {
        ind.sites
            .iter()
            .filter(|s| s.kind == "vega" || s.kind == "lagoon")
    };
    let largest = |pick: fn(&SiteIndicator) -> Option<(f64, i32)>| {
        wetlands()
            .filter_map(|s| pick(s).map(|(v, y)| (v, y, s)))
            .filter(|x| x.0 >= INTERFACE_SENTENCE_M)
            .max_by(|a, b| a.0.total_cmp(&b.0))
    };
    if let Some((v, y, s)) = largest(|s| s.interface_fall) {
        let place = name(lang, &s.name_es, &s.name_en);
        out.push(match lang {
            Lang::Es => format!("Bajo las vegas y lagunas, el límite entre el agua dulce y la salmuera baja hasta {} m (en {place}, hacia {y}): el agua dulce ocupa el lugar de la salmuera bombeada, así que lo que se pierde es nivel de la napa, no calidad del agua.", n(v, 0)),
            Lang::En => format!("Under the vegas and lagoons, the boundary between fresh water and brine sinks by up to {} m (at {place}, by {y}): fresh water takes the place of the pumped brine, so what is lost is water-table level, not water quality.", n(v, 0)),
        });
    }
    if let Some((v, y, s)) = largest(|s| s.interface_rise) {
        let place = name(lang, &s.name_es, &s.name_en);
        out.push(match lang {
            Lang::Es => format!("Bajo {place}, la salmuera sube {} m hacia {y}: se acerca a la superficie y a las raíces.", n(v, 0)),
            Lang::En => format!("Under {place}, the brine rises {} m by {y}: it comes closer to the surface and the roots.", n(v, 0)),
        });
    }
    clearance_sentences(ind, lang, &mut out);
    about_headlines(out.len(), about);
    if ind.against_today_climate {
        climate_sentences(ind, lang, true, &mut out);
    } else {
        same_climate_sentences(ind, lang, &mut out);
    }
    extraction_sentences(r, ind, lang, (sim, today, differs), &mut out);
    out
}

/// The areas and the spring flow against no project under the same (today's) climate.
fn same_climate_sentences(ind: &Indicators, lang: Lang, out: &mut Vec<String>) {
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let vega = area_change(
        ind.vega_area_lost_pct,
        lang,
        "superficie verde",
        "green area",
    );
    let lagoon = area_change(
        ind.lagoon_area_lost_pct,
        lang,
        "superficie de agua",
        "open water",
    );
    out.push(match lang {
        Lang::Es => format!(
            "En {} (promedio), las vegas tienen {vega} y las lagunas {lagoon} que sin proyecto.",
            headline_years(ind)
        ),
        Lang::En => format!(
            "In {} (on average), vegas have {vega} and lagoons {lagoon}, compared with no project.",
            headline_years(ind)
        ),
    });
    let change = ind.spring_flow_change_pct;
    out.push(match (lang, rounded_sign(change, 0)) {
        (Lang::Es, 0) => {
            format!(
                "En {}, el caudal de las vertientes no cambia respecto de la cuenca sin proyecto.",
                headline_years(ind)
            )
        }
        (Lang::Es, sign) => format!(
            "En {}, el caudal de las vertientes {} {} % respecto de la cuenca sin proyecto.",
            headline_years(ind),
            if sign < 0 { "baja" } else { "sube" },
            n(change.abs(), 0)
        ),
        (Lang::En, 0) => {
            format!(
                "In {}, spring flow does not change compared with the basin without the project.",
                headline_years(ind)
            )
        }
        (Lang::En, sign) => format!(
            "In {}, spring flow {} by {} % compared with the basin without the project.",
            headline_years(ind),
            if sign < 0 { "falls" } else { "rises" },
            n(change.abs(), 0)
        ),
    });
}

/// Extraction against recharge, and the rest of the project's sentences. `recharge`: the run's
/// mean recharge, today's, and whether they differ enough to say both.
fn extraction_sentences(
    r: &Results,
    ind: &Indicators,
    lang: Lang,
    recharge: (f64, f64, bool),
    out: &mut Vec<String>,
) {
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let (sim, today, differs) = recharge;
    let share = ind.net_extraction_share_of_recharge;
    let year = ind.peak_extraction_year;
    let recharge = n(today, 0);
    let mut text = if share < 0.005 {
        match lang {
            Lang::Es => format!("La extracción neta es mínima: en {year} no llega al 1 % de la recarga media de la cuenca con el clima de hoy ({recharge} L/s)."),
            Lang::En => format!("Net extraction is minimal: in {year} it stays below 1 % of the basin's mean recharge under today's climate ({recharge} L/s)."),
        }
    } else if share < 1.0 {
        match lang {
            Lang::Es => format!("En {year}, la extracción neta equivale al {} % de la recarga media de la cuenca con el clima de hoy ({recharge} L/s).", n(100.0 * share, 0)),
            Lang::En => format!("In {year}, net extraction equals {} % of the basin's mean recharge under today's climate ({recharge} L/s).", n(100.0 * share, 0)),
        }
    } else {
        match lang {
            Lang::Es => format!("En {year}, la extracción neta equivale a {} veces la recarga media de la cuenca con el clima de hoy ({recharge} L/s).", n(share, 1)),
            Lang::En => format!("In {year}, net extraction equals {} times the basin's mean recharge under today's climate ({recharge} L/s).", n(share, 1)),
        }
    };
    if differs {
        text += &match lang {
            Lang::Es => format!(
                " Con el clima de este escenario, la recarga media es de {} L/s.",
                n(sim, 0)
            ),
            Lang::En => format!(
                " With this scenario's climate, mean recharge is {} L/s.",
                n(sim, 0)
            ),
        };
    }
    out.push(text);
    let old_water_pct = r.scenario.get(crate::scenario::levers::LeverId::OldWater);
    if old_water_pct > 0.0 {
        // The recharge above is then only the renewable part: say so beside it.
        out.push(match lang {
            Lang::Es => format!("Esta vista supone que el {} % de la descarga natural de hoy es agua antigua o de otras cuencas, que la lluvia no renueva; la recarga media de arriba es solo la parte renovable.", n(old_water_pct, 0)),
            Lang::En => format!("This view assumes {} % of today's natural discharge is old water or inflow from other basins, which rain does not renew; the mean recharge above is the renewable part only.", n(old_water_pct, 0)),
        });
    }
    if ind.shortfall_pct > 0.5 {
        out.push(match lang {
            Lang::Es => format!("Los pozos no pueden entregar todo lo pedido (el agua baja hasta las bombas, o faltan pozos): falta el {} % del agua y la salmuera solicitadas.", n(ind.shortfall_pct, 0)),
            Lang::En => format!("The wells cannot deliver everything asked of them (the water falls to the pumps, or there are too few wells): {} % of the requested water and brine is missing.", n(ind.shortfall_pct, 0)),
        });
    }
    if ind.reinjection_refused_pct > 1.0 {
        let pct = n(ind.reinjection_refused_pct, 0);
        out.push(match lang {
            Lang::Es => format!("No se pudo reinyectar el {pct} % de la salmuera agotada destinada a reinyección: en el sitio de reinyección la napa llegó a la costra salina, y esa salmuera se descarta en superficie. El modelo tiene una sola capa; pozos profundos en capas confinadas podrían aceptar más, algo que solo un ensayo de inyección puede decir."),
            Lang::En => format!("{pct} % of the spent brine meant for reinjection could not be reinjected: the water table at the reinjection site reached the salt crust, so that brine is disposed of at the surface. The model has one layer; deep wells in confined layers might take more, which only an injection test can tell."),
        });
    }
    if ind.protection_months > 0 {
        let k = ind.protection_months;
        out.push(match lang {
            Lang::Es => format!(
                "La regla de protección reduce el bombeo durante {k} {}.",
                if k == 1 { "mes" } else { "meses" }
            ),
            Lang::En => format!(
                "The protection rule cuts pumping for {k} {}.",
                if k == 1 { "month" } else { "months" }
            ),
        });
    }
}

/// A site's drawdown under a changed climate: against today's climate without the project
/// (`total`: its largest and year), then the project's own against the same climate.
fn drawdown_vs_today(
    s: &SiteIndicator,
    total: (f64, i32),
    place: &str,
    regional: bool,
    lang: Lang,
) -> String {
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let metres = |x: f64| n(x, if x < 1.0 { 2 } else { 1 });
    let (v, y) = total;
    let first = match (lang, v < 0.01) {
        (Lang::Es, false) if regional => format!("Con este escenario, el descenso regional de la napa en {place} llega a {} m hacia {y} respecto del clima de hoy sin proyecto", metres(v)),
        (Lang::En, false) if regional => format!("With this scenario, the regional drawdown of the water table at {place} reaches {} m by {y} compared with today's climate without the project", metres(v)),
        (Lang::Es, true) => format!("Con este escenario, la napa en {place} no baja de forma apreciable respecto del clima de hoy sin proyecto"),
        (Lang::Es, false) => format!("Con este escenario, la napa en {place} baja {} m hacia {y} respecto del clima de hoy sin proyecto", metres(v)),
        (Lang::En, true) => format!("With this scenario, the water table at {place} does not drop noticeably compared with today's climate without the project"),
        (Lang::En, false) => format!("With this scenario, the water table at {place} drops {} m by {y} compared with today's climate without the project", metres(v)),
    };
    let d = s.max_drawdown_m;
    let project = if d <= -0.01 {
        match lang {
            Lang::Es => format!("el proyecto la deja al menos {} m más alta", metres(-d)),
            Lang::En => format!("the project keeps it at least {} m higher", metres(-d)),
        }
    } else if d < 0.01 {
        match lang {
            Lang::Es => "el proyecto no la baja de forma apreciable (menos de 1 cm)".to_string(),
            Lang::En => "the project does not lower it noticeably (less than 1 cm)".to_string(),
        }
    } else {
        match lang {
            Lang::Es => format!(
                "el proyecto la baja {} m hacia {}",
                metres(d),
                s.year_of_max
            ),
            Lang::En => format!("the project lowers it {} m by {}", metres(d), s.year_of_max),
        }
    };
    match lang {
        Lang::Es => format!("{first}; frente al mismo clima sin proyecto, {project}."),
        Lang::En => format!("{first}; against the same climate without the project, {project}."),
    }
}

/// A vega's regional drawdown (against no project, same climate) and the largest threshold it
/// passes, in one sentence.
fn regional_drawdown(
    s: &SiteIndicator,
    crossing: Option<&crate::outputs::results::ThresholdCrossing>,
    place: &str,
    lang: Lang,
) -> String {
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let d = n(s.max_drawdown_m, if s.max_drawdown_m < 1.0 { 2 } else { 1 });
    let y = s.year_of_max;
    let first = match lang {
        Lang::Es => format!("El descenso regional de la napa en {place} llega a {d} m hacia {y}"),
        Lang::En => {
            format!("The regional drawdown of the water table at {place} reaches {d} m by {y}")
        }
    };
    match (
        lang,
        crossing.and_then(|c| Some((c.threshold_m, c.first_year?))),
    ) {
        (Lang::Es, Some((t, yc))) => {
            format!("{first} (supera {} m por primera vez en {yc}).", n(t, 1))
        }
        (Lang::En, Some((t, yc))) => format!("{first} (it first exceeds {} m in {yc}).", n(t, 1)),
        (_, None) => format!("{first}."),
    }
}

/// "74 de los 89 puntos" / "74 of the 89 points": the project's part of a loss (positive) or
/// gain (negative) of `total` points; "nada" / "none" when it rounds to zero; "una pérdida de …"
/// / "a loss of …" when it runs against the total or exceeds it.
fn points_of(part: f64, total: f64, lang: Lang) -> String {
    let (p, t) = (fmt_num(part.abs(), 0, lang), fmt_num(total.abs(), 0, lang));
    let (sp, st) = (rounded_sign(part, 0), rounded_sign(total, 0));
    let unit = |v: &str| match (lang, v == "1") {
        (Lang::Es, true) => "punto",
        (Lang::Es, false) => "puntos",
        (Lang::En, true) => "point",
        (Lang::En, false) => "points",
    };
    if sp == 0 {
        return name(lang, "nada", "none");
    }
    if sp == st && part.abs().round() <= total.abs().round() {
        return match lang {
            Lang::Es if t == "1" => format!("{p} de 1 punto"),
            Lang::Es => format!("{p} de los {t} puntos"),
            Lang::En if t == "1" => format!("{p} of 1 point"),
            Lang::En => format!("{p} of the {t} points"),
        };
    }
    match (lang, sp > 0) {
        (Lang::Es, true) => format!("una pérdida de {p} {}", unit(&p)),
        (Lang::Es, false) => format!("una ganancia de {p} {}", unit(&p)),
        (Lang::En, true) => format!("a loss of {p} {}", unit(&p)),
        (Lang::En, false) => format!("a gain of {p} {}", unit(&p)),
    }
}

/// Under a changed climate: the areas and the spring flow against today's climate without the
/// project, how much of that the project causes, and (without a project) how far the water
/// table under the wetlands falls.
fn climate_sentences(ind: &Indicators, lang: Lang, project: bool, out: &mut Vec<String>) {
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let vega = area_change(
        ind.vega_area_lost_pct,
        lang,
        "superficie verde",
        "green area",
    );
    let lagoon = area_change(
        ind.lagoon_area_lost_pct,
        lang,
        "superficie de agua",
        "open water",
    );
    out.push(match lang {
        Lang::Es => format!(
            "En {} (promedio), las vegas tienen {vega} y las lagunas {lagoon} que con el clima de hoy y sin proyecto.",
            headline_years(ind)
        ),
        Lang::En => format!(
            "In {} (on average), vegas have {vega} and lagoons {lagoon}, compared with today's climate and no project.",
            headline_years(ind)
        ),
    });
    let change = ind.spring_flow_change_pct;
    out.push(match (lang, rounded_sign(change, 0)) {
        (Lang::Es, 0) => format!("En {}, el caudal de las vertientes no cambia respecto de la cuenca con el clima de hoy y sin proyecto.", headline_years(ind)),
        (Lang::Es, sign) => format!(
            "En {}, el caudal de las vertientes {} {} % respecto de la cuenca con el clima de hoy y sin proyecto.",
            headline_years(ind),
            if sign < 0 { "baja" } else { "sube" },
            n(change.abs(), 0)
        ),
        (Lang::En, 0) => format!("In {}, spring flow does not change compared with the basin under today's climate without the project.", headline_years(ind)),
        (Lang::En, sign) => format!(
            "In {}, spring flow {} by {} % compared with the basin under today's climate without the project.",
            headline_years(ind),
            if sign < 0 { "falls" } else { "rises" },
            n(change.abs(), 0)
        ),
    });
    let p = &ind.by_project;
    // Spring flow as a loss, like the areas.
    let parts = [
        (p.vega_area_lost_pct, ind.vega_area_lost_pct),
        (p.lagoon_area_lost_pct, ind.lagoon_area_lost_pct),
        (-p.spring_flow_change_pct, -change),
    ];
    let none = parts.iter().all(|&(part, _)| rounded_sign(part, 0) == 0);
    out.push(if !project {
        match lang {
            Lang::Es => "No hay proyecto, así que el proyecto no causa nada de estos cambios: todos se deben al clima de este escenario.".to_string(),
            Lang::En => "There is no project, so the project causes none of these changes: all of them are due to this scenario's climate.".to_string(),
        }
    } else if none {
        match lang {
            Lang::Es => "El proyecto no causa nada de estos cambios: todos se deben al clima de este escenario.".to_string(),
            Lang::En => "The project causes none of these changes: all of them are due to this scenario's climate.".to_string(),
        }
    } else {
        let [v, l, s] = parts.map(|(part, total)| points_of(part, total, lang));
        // A climate that gains where the project loses does not leave "the rest" to explain.
        let climate_gains = parts
            .iter()
            .any(|&(part, total)| rounded_sign(total - part, 0) < 0);
        let rest = match (lang, climate_gains) {
            (Lang::Es, false) => "el resto se debe al clima de este escenario",
            (Lang::Es, true) => "la diferencia con el total es el efecto del clima de este escenario",
            (Lang::En, false) => "the rest is due to this scenario's climate",
            (Lang::En, true) => "the difference from the total is the effect of this scenario's climate",
        };
        match lang {
            Lang::Es => format!("De estos cambios, el proyecto causa {v} en las vegas, {l} en las lagunas y {s} en las vertientes; {rest}."),
            Lang::En => format!("Of these changes, the project causes {v} for the vegas, {l} for the lagoons and {s} for the springs; {rest}."),
        }
    });
    if project {
        return;
    }
    // Without a project the sites get no sentence of their own: the wetland where the water
    // table falls most against today's climate.
    let deepest = ind
        .sites
        .iter()
        .filter(|s| s.kind == "vega" || s.kind == "lagoon" || s.kind == "spring")
        .filter_map(|s| s.max_drawdown_vs_today.map(|(v, y)| (v, y, s)))
        .filter(|x| x.0 >= 0.01)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((v, y, s)) = deepest {
        let place = name(lang, &s.name_es, &s.name_en);
        let d = if v < 1.0 { 2 } else { 1 };
        out.push(match lang {
            Lang::Es => format!("Con el clima de este escenario, la napa bajo las vegas, lagunas y vertientes baja hasta {} m respecto del clima de hoy (en {place}, hacia {y}).", n(v, d)),
            Lang::En => format!("With this scenario's climate, the water table under the vegas, lagoons and springs falls by up to {} m compared with today's climate (at {place}, by {y}).", n(v, d)),
        });
    }
}

/// How close brackish water comes to the vegas' roots and to the fresh-water wells' screens
/// ([`crate::outputs::salinisation`]): where it reaches them, when; otherwise the smallest margin.
fn clearance_sentences(ind: &Indicators, lang: Lang, out: &mut Vec<String>) {
    let n = |x: f64, d: usize| fmt_num(x, d, lang);
    let end = ind.last_year;
    let place = |s: &SiteIndicator| name(lang, &s.name_es, &s.name_en);
    let vegas: Vec<(&SiteIndicator, &ClearanceIndicator)> = ind
        .sites
        .iter()
        .filter_map(|s| s.clearance.as_ref().map(|c| (s, c)))
        .filter(|(_, c)| c.to == ClearanceTo::RootZone)
        .collect();
    // A mixing zone too thick for the vegas that are fresh today: say so rather than date it.
    let at_start: Vec<String> = vegas
        .iter()
        .filter(|(_, c)| c.contact_at_start)
        .map(|(s, _)| place(s))
        .collect();
    if !at_start.is_empty() {
        let list = match at_start.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                let and = if lang == Lang::Es { "y" } else { "and" };
                format!("{} {and} {last}", rest.join(", "))
            }
            _ => at_start.join(""),
        };
        out.push(match lang {
            Lang::Es => format!("Con una zona de mezcla tan ancha, el agua salobre ya llegaría a las raíces bajo {list} antes del proyecto; esas vegas son hoy de agua dulce, así que allí la zona de mezcla tiene que ser más delgada."),
            Lang::En => format!("With a mixing zone this thick, brackish water would already reach the roots under {list} before the project; those vegas are fresh today, so the mixing zone there must be thinner."),
        });
    }
    let reached = vegas
        .iter()
        .filter_map(|(s, c)| c.first_contact_year.map(|y| (y, *s)))
        .min_by_key(|(y, _)| *y);
    if let Some((y, s)) = reached {
        let others = vegas
            .iter()
            .filter(|(o, c)| c.first_contact_year.is_some() && o.site != s.site)
            .count();
        let p = place(s);
        let more = match (lang, others) {
            (_, 0) => String::new(),
            (Lang::Es, 1) => format!("; bajo otra vega, antes de fin de {end}"),
            (Lang::Es, k) => format!("; bajo otras {k} vegas, antes de fin de {end}"),
            (Lang::En, 1) => format!("; under one other vega, before the end of {end}"),
            (Lang::En, k) => format!("; under {k} other vegas, before the end of {end}"),
        };
        out.push(match lang {
            Lang::Es => format!("Bajo {p}, el agua salobre de la zona de mezcla con la salmuera llega a las raíces (3 m bajo el suelo) en {y}{more}."),
            Lang::En => format!("Under {p}, brackish water from the mixing zone with the brine reaches the roots (3 m below ground) in {y}{more}."),
        });
    } else if let Some((s, c)) = vegas
        .iter()
        .filter(|(_, c)| !c.contact_at_start)
        .min_by(|a, b| a.1.min_m.total_cmp(&b.1.min_m))
    {
        let (p, m, y, m0) = (place(s), n(c.min_m, 0), c.year_of_min, n(c.initial_m, 0));
        out.push(match lang {
            Lang::Es => format!("El agua salobre de la zona de mezcla con la salmuera queda al menos {m} m por debajo de las raíces de las vegas hasta {end} (lo más cerca, bajo {p} hacia {y}; {m0} m antes del proyecto)."),
            Lang::En => format!("Brackish water from the mixing zone with the brine stays at least {m} m below the vegas' roots up to {end} (closest under {p}, by {y}; {m0} m before the project)."),
        });
    }
    for s in &ind.sites {
        let Some((c, w)) = s
            .clearance
            .as_ref()
            .and_then(|c| Some((c, c.well.as_ref()?)))
        else {
            continue;
        };
        if w.max_wells == 0 {
            continue;
        }
        let p = place(s);
        let (q, c0) = (
            n(w.rate_per_well_l_per_s, 0),
            n(w.initial_critical_rate_l_per_s, 0),
        );
        let wells = match (lang, w.max_wells) {
            (Lang::Es, 1) => "1 pozo".to_string(),
            (Lang::Es, k) => format!("{k} pozos"),
            (Lang::En, 1) => "1 well".to_string(),
            (Lang::En, k) => format!("{k} wells"),
        };
        let mut text = match lang {
            Lang::Es => format!("{p}: el proyecto usa hasta {wells} de {q} L/s. Antes del proyecto, cada pozo puede bombear hasta {c0} L/s sin que la salmuera suba en cono más de lo que se considera estable bajo su filtro"),
            Lang::En => format!("{p}: the project uses up to {wells} of {q} L/s. Before the project, each well can pump up to {c0} L/s before the brine cone beneath its screen rises beyond what is considered stable"),
        };
        // The safe rate shrinks as the interface rises toward the screens.
        let least = w.min_critical_rate_l_per_s;
        if least < 0.9 * w.initial_critical_rate_l_per_s {
            let yc = w.year_of_min_critical;
            // "Nothing" exactly when the rate prints as 0 L/s.
            text += &match (lang, rounded_sign(least, 0) > 0) {
                (Lang::Es, true) => format!("; hacia {yc}, solo {} L/s", n(least, 0)),
                (Lang::Es, false) => {
                    format!("; hacia {yc}, nada: la interfaz llega al fondo de los filtros")
                }
                (Lang::En, true) => format!("; by {yc}, only {} L/s", n(least, 0)),
                (Lang::En, false) => {
                    format!("; by {yc}, nothing: the interface reaches the bottom of the screens")
                }
            };
        }
        out.push(text + ".");
        let mut risk = Vec::new();
        if c.contact_at_start {
            risk.push(match lang {
                Lang::Es => "con una zona de mezcla tan ancha, el agua salobre ya llegaría a los filtros antes del proyecto".to_string(),
                Lang::En => "with a mixing zone this thick, brackish water would already reach the screens before the project".to_string(),
            });
        }
        if let Some(y) = w.first_unstable_year {
            risk.push(match lang {
                Lang::Es => format!(
                    "desde {y} los pozos bombean más que eso y el agua que sacan puede salinizarse"
                ),
                Lang::En => format!(
                    "from {y} the wells pump more than that and the water they draw can turn salty"
                ),
            });
        }
        if let Some(y) = c.first_contact_year {
            risk.push(match lang {
                Lang::Es => format!("el agua salobre llega a los filtros en {y}"),
                Lang::En => format!("brackish water reaches the screens in {y}"),
            });
        }
        if let Some(y) = w.first_dry_year {
            risk.push(match lang {
                Lang::Es => format!("en {y} la napa baja por debajo del fondo de los filtros y habría que profundizar los pozos (el modelo sigue bombeando como si se hiciera)"),
                Lang::En => format!("in {y} the water table falls below the bottom of the screens and the wells would have to be deepened (the model keeps pumping as if they were)"),
            });
        }
        out.push(if risk.is_empty() {
            match lang {
                Lang::Es => format!(
                    "El agua salobre queda al menos {} m por debajo de sus filtros hasta {end}.",
                    n(c.min_m, 0)
                ),
                Lang::En => format!(
                    "Brackish water stays at least {} m below their screens up to {end}.",
                    n(c.min_m, 0)
                ),
            }
        } else {
            // Every phrase starts with an ASCII letter; char::to_uppercase would ship Unicode's
            // case tables to the page for one letter.
            let mut joined = risk.join("; ");
            if let Some(first) = joined.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            joined + "."
        });
    }
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

    /// A change's sign is the printed number's: 0 exactly when every printed digit is 0 (a tie
    /// such as 0.5 prints "0"), else the sign of the value.
    #[test]
    fn a_sign_is_the_printed_numbers() {
        let xs = [
            0.0, -0.0, 0.4, 0.5, 0.51, 1.5, 2.5, -0.5, -0.51, 0.049, 0.05, 0.051, -0.05, 0.005,
            1e-9, -1e-9, 123.4,
        ];
        for x in xs {
            for d in 0..3 {
                let printed = fmt_num(x, d, Lang::En);
                let zero = printed.chars().all(|c| matches!(c, '0' | '.' | ',' | '-'));
                let want = match (zero, x > 0.0) {
                    (true, _) => 0,
                    (false, true) => 1,
                    (false, false) => -1,
                };
                assert_eq!(
                    rounded_sign(x, d),
                    want,
                    "{x} to {d} decimals prints {printed}"
                );
            }
        }
        assert_eq!(
            area_change(0.5, Lang::Es, "superficie verde", ""),
            "la misma superficie verde"
        );
        assert_eq!(
            area_change(-0.51, Lang::En, "", "green area"),
            "1 % more green area"
        );
    }

    /// A short project run whose indicators are then set to negative, zero and large values.
    fn project_results() -> Results {
        let basin = crate::Basin::default_basin();
        let s = crate::Scenario::default()
            .with(crate::LeverId::Production, 24_000.0)
            .with(crate::LeverId::StartYear, 2026.0)
            .with(crate::LeverId::Years, 5.0);
        crate::run(&basin, &s).unwrap()
    }

    fn joined(r: &Results, lang: Lang) -> String {
        sentences(r, lang).join(" ")
    }

    /// The interface sentences speak of the wetland where it moves most, in metres without a
    /// sign, and not of movements under a metre or under other sites.
    #[test]
    fn the_interface_sentences_name_the_largest_fall_and_rise_under_a_wetland() {
        let mut r = project_results();
        let say = |r: &Results| (joined(r, Lang::Es), joined(r, Lang::En));
        let says_nothing_of_the_interface = |r: &Results| {
            let (es, en) = say(r);
            assert!(
                !es.contains("salmuera sube") && !es.contains("límite entre"),
                "{es}"
            );
            assert!(
                !en.contains("brine rises") && !en.contains("boundary between"),
                "{en}"
            );
        };
        for s in &mut r.indicators.sites {
            s.interface_fall = None;
            s.interface_rise = None;
        }
        says_nothing_of_the_interface(&r);
        let at = |r: &mut Results, id: &str, fall: f64, rise: f64| {
            let s = r
                .indicators
                .sites
                .iter_mut()
                .find(|s| s.site == id)
                .unwrap();
            s.interface_fall = Some((fall, 2040));
            s.interface_rise = Some((rise, 2050));
        };
        at(&mut r, "vega_santa_rosa", 12.4, 0.9);
        at(&mut r, "vega_este", 30.2, 2.6);
        at(&mut r, "santa_rosa", 987.6, 987.6); // the village: not a wetland
        let (es, en) = say(&r);
        assert!(
            es.contains("baja hasta 30 m (en Vega del borde este, hacia 2040)"),
            "{es}"
        );
        assert!(
            en.contains("sinks by up to 30 m (at East-margin vega, by 2040)"),
            "{en}"
        );
        assert!(
            es.contains("Bajo Vega del borde este, la salmuera sube 3 m hacia 2050"),
            "{es}"
        );
        assert!(
            en.contains("Under East-margin vega, the brine rises 3 m by 2050"),
            "{en}"
        );
        assert!(!es.contains("988") && !en.contains("988"), "{en}");
        at(&mut r, "vega_este", 0.9, 0.9);
        at(&mut r, "vega_santa_rosa", 0.5, 0.5);
        says_nothing_of_the_interface(&r);
    }

    /// The project's part of each change reads as points of the total, "nada" / "none" when it
    /// rounds to zero, and as a loss or a gain when it runs against the total.
    #[test]
    fn the_projects_part_reads_as_points_of_the_total() {
        let mut r = project_results();
        let ind = &mut r.indicators;
        ind.against_today_climate = true;
        ind.vega_area_lost_pct = 40.4;
        ind.lagoon_area_lost_pct = -5.2; // a wetter climate: more open water
        ind.spring_flow_change_pct = -30.0;
        ind.by_project.vega_area_lost_pct = 12.3;
        ind.by_project.lagoon_area_lost_pct = 8.0;
        ind.by_project.spring_flow_change_pct = 0.2;
        let (es, en) = (joined(&r, Lang::Es), joined(&r, Lang::En));
        assert!(es.contains("las vegas tienen 40 % menos superficie verde y las lagunas 5 % más superficie de agua que con el clima de hoy y sin proyecto."), "{es}");
        assert!(es.contains("De estos cambios, el proyecto causa 12 de los 40 puntos en las vegas, una pérdida de 8 puntos en las lagunas y nada en las vertientes;"), "{es}");
        assert!(en.contains("Of these changes, the project causes 12 of the 40 points for the vegas, a loss of 8 points for the lagoons and none for the springs;"), "{en}");
        assert!(es.contains("en las vertientes; la diferencia con el total es el efecto del clima de este escenario."), "{es}");
        assert!(en.contains("for the springs; the difference from the total is the effect of this scenario's climate."), "{en}");
        assert!(!es.contains("que sin proyecto."), "{es}");
        r.indicators.by_project.vega_area_lost_pct = -1.0;
        r.indicators.by_project.lagoon_area_lost_pct = 0.4;
        let es = joined(&r, Lang::Es);
        assert!(es.contains("una ganancia de 1 punto en las vegas"), "{es}");
        r.indicators.by_project.vega_area_lost_pct = 0.0;
        let (es, en) = (joined(&r, Lang::Es), joined(&r, Lang::En));
        assert!(es.contains("El proyecto no causa nada de estos cambios: todos se deben al clima de este escenario."), "{es}");
        assert!(
            en.contains("The project causes none of these changes"),
            "{en}"
        );
    }

    #[test]
    fn changes_read_as_rises_and_falls_not_signed_numbers() {
        let mut r = project_results();
        r.indicators.spring_flow_change_pct = -100.0;
        r.indicators.vega_area_lost_pct = 12.4;
        r.indicators.lagoon_area_lost_pct = -3.0;
        let es = joined(&r, Lang::Es);
        let en = joined(&r, Lang::En);
        assert!(es.contains("vertientes baja 100 %"), "{es}");
        assert!(en.contains("spring flow falls by 100 %"), "{en}");
        // A five-year run: the headline changes are means of all five years, and say so.
        assert_eq!(r.indicators.headline_years, (2025, 2029));
        assert!(
            es.contains("En 2025–2029 (promedio), las vegas tienen 12 %"),
            "{es}"
        );
        assert!(
            es.contains("En 2025–2029, el caudal de las vertientes baja"),
            "{es}"
        );
        assert!(
            en.contains("In 2025–2029 (on average), vegas have 12 %"),
            "{en}"
        );
        assert!(es.contains("12 % menos superficie verde"), "{es}");
        assert!(
            es.contains("las lagunas 3 % más superficie de agua"),
            "{es}"
        );
        assert!(en.contains("lagoons 3 % more open water"), "{en}");
        assert!(!es.contains("-") && !es.contains("−"), "{es}");
        assert!(!en.contains(" -") && !en.contains("−"), "{en}");

        r.indicators.spring_flow_change_pct = 1234.0;
        assert!(joined(&r, Lang::Es).contains("vertientes sube 1.234 %"));
        assert!(joined(&r, Lang::En).contains("spring flow rises by 1,234 %"));

        r.indicators.spring_flow_change_pct = -0.3; // rounds to zero
        r.indicators.vega_area_lost_pct = 0.2;
        let es = joined(&r, Lang::Es);
        assert!(es.contains("vertientes no cambia"), "{es}");
        assert!(es.contains("la misma superficie verde"), "{es}");
        assert!(joined(&r, Lang::En).contains("spring flow does not change"));

        r.indicators.net_extraction_share_of_recharge = 0.0;
        assert!(joined(&r, Lang::Es).contains("no llega al 1 % de la recarga"));
        r.indicators.net_extraction_share_of_recharge = 0.45;
        assert!(joined(&r, Lang::Es).contains("equivale al 45 % de la recarga"));
        r.indicators.net_extraction_share_of_recharge = 3.2;
        assert!(joined(&r, Lang::En).contains("equals 3.2 times"));

        r.indicators.reinjection_refused_pct = 0.9;
        assert!(!joined(&r, Lang::Es).contains("reinyectar"));
        r.indicators.reinjection_refused_pct = 46.8;
        let es = joined(&r, Lang::Es);
        assert!(
            es.contains("No se pudo reinyectar el 47 % de la salmuera agotada"),
            "{es}"
        );
        let en = joined(&r, Lang::En);
        assert!(
            en.contains("47 % of the spent brine meant for reinjection"),
            "{en}"
        );

        if let Some(site) = r.indicators.sites.iter_mut().find(|s| s.kind == "vega") {
            site.max_drawdown_m = -2.5;
            site.crossings.clear();
            let es = joined(&r, Lang::Es);
            assert!(
                es.contains("no baja: queda al menos 2,5 m más alta"),
                "{es}"
            );
        } else {
            panic!("the default basin has vega sites");
        }
    }
}
