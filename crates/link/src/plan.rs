//! The compact text of an early-warning trigger, as a link and the CLI's `--trigger` carry it:
//! `SITE:RISE_M:TARGET:CUT_PERCENT:DELAY_MONTHS[:PERSISTENCE]`, e.g. `vega_este:0.3:brine:25:6`
//! ("at the east vega, a water table more than 0.3 m below its baseline for 3 months cuts brine
//! pumping by 25 %, 6 months later"). TARGET is `brine`, `fresh` or `all`; PERSISTENCE (the
//! consecutive monthly readings over the threshold before it fires) defaults to
//! [`DEFAULT_PERSISTENCE_MONTHS`] and is written only when it differs. The site is checked against
//! the basin when the plan runs, not here.

use cuenca_model::negotiation::plan::{CutTarget, Trigger, DEFAULT_PERSISTENCE_MONTHS};

/// Largest rise a trigger may ask for, m: beyond it no water table of the basin can go.
pub const MAX_RISE_M: f64 = 100.0;
/// Longest delay from firing to the cut, months (a whole horizon).
pub const MAX_DELAY_MONTHS: u32 = 1200;
/// Longest persistence, months.
pub const MAX_PERSISTENCE_MONTHS: u32 = 120;

const FORM: &str =
    "SITE:RISE_M:TARGET:CUT_PERCENT:DELAY_MONTHS[:PERSISTENCE], e.g. vega_este:0.3:brine:25:6";

/// Read a trigger from its compact text; the error is a sentence naming the part at fault.
pub fn parse_trigger(text: &str) -> Result<Trigger, String> {
    let bad = |why: String| format!("The trigger \"{text}\" {why} ({FORM}).");
    let parts: Vec<&str> = text.trim().split(':').collect();
    let (site, rise, target, cut, delay, persistence) = match parts[..] {
        [s, r, t, c, d] => (s, r, t, c, d, None),
        [s, r, t, c, d, p] => (s, r, t, c, d, Some(p)),
        _ => {
            return Err(bad(format!(
                "has {} parts where it needs five or six separated by `:`",
                parts.len()
            )))
        }
    };
    if site.is_empty()
        || !site
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(bad(format!(
            "needs a site id of lower-case letters, digits and `_`, not \"{site}\""
        )));
    }
    let rise_m: f64 = rise
        .parse()
        .ok()
        .filter(|r: &f64| r.is_finite() && *r > 0.0 && *r <= MAX_RISE_M)
        .ok_or_else(|| {
            bad(format!(
                "needs a rise in metres above 0 and at most {MAX_RISE_M}, not \"{rise}\""
            ))
        })?;
    let target = CutTarget::from_key(target).ok_or_else(|| {
        bad(format!(
            "needs a target that is brine, fresh or all, not \"{target}\""
        ))
    })?;
    let percent: f64 = cut
        .parse()
        .ok()
        .filter(|c: &f64| (0.0..=100.0).contains(c))
        .ok_or_else(|| bad(format!("needs a cut from 0 to 100 %, not \"{cut}\"")))?;
    let delay_months: u32 = delay
        .parse()
        .ok()
        .filter(|d| *d <= MAX_DELAY_MONTHS)
        .ok_or_else(|| {
            bad(format!(
                "needs a delay in whole months from 0 to {MAX_DELAY_MONTHS}, not \"{delay}\""
            ))
        })?;
    let persistence_months = match persistence {
        None => DEFAULT_PERSISTENCE_MONTHS,
        Some(p) => p
            .parse()
            .ok()
            .filter(|p| (1..=MAX_PERSISTENCE_MONTHS).contains(p))
            .ok_or_else(|| {
                bad(format!(
                    "needs a persistence in whole months from 1 to {MAX_PERSISTENCE_MONTHS}, not \"{p}\""
                ))
            })?,
    };
    Ok(Trigger {
        site: site.to_string(),
        rise_m,
        persistence_months,
        target,
        cut: percent / 100.0,
        delay_months,
    })
}

/// The cut as the shortest percentage that reads back to the same share. A cut that came from
/// text (a percentage with up to a dozen decimals) always has one; any other share falls back to
/// Rust's shortest text of `cut × 100`, which may differ from it in the last bit.
fn percent_text(cut: f64) -> String {
    let p = cut * 100.0;
    (0..=15)
        .map(|decimals| format!("{p:.decimals$}"))
        .find(|s| s.parse::<f64>().map(|q| q / 100.0) == Ok(cut))
        .unwrap_or_else(|| format!("{p}"))
}

/// The compact text of a trigger; [`parse_trigger`] reads it back to the same trigger.
pub fn trigger_text(t: &Trigger) -> String {
    let mut s = format!(
        "{}:{}:{}:{}:{}",
        t.site,
        t.rise_m,
        t.target.key(),
        percent_text(t.cut),
        t.delay_months
    );
    if t.persistence_months != DEFAULT_PERSISTENCE_MONTHS {
        s.push_str(&format!(":{}", t.persistence_months));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_example_reads_as_the_issue_says() {
        let t = parse_trigger("vega_este:0.3:brine:25:6").unwrap();
        assert_eq!(
            t,
            Trigger {
                site: "vega_este".into(),
                rise_m: 0.3,
                persistence_months: 3,
                target: CutTarget::Brine,
                cut: 0.25,
                delay_months: 6,
            }
        );
        assert_eq!(trigger_text(&t), "vega_este:0.3:brine:25:6");
        let t = parse_trigger("vega_santa_rosa:0.5:all:100:0:6").unwrap();
        assert_eq!((t.persistence_months, t.cut), (6, 1.0));
        assert_eq!(trigger_text(&t), "vega_santa_rosa:0.5:all:100:0:6");
        // The default persistence written out reads the same and prints short.
        let t = parse_trigger("vega_este:0.3:fresh:12.5:6:3").unwrap();
        assert_eq!(trigger_text(&t), "vega_este:0.3:fresh:12.5:6");
    }

    #[test]
    fn bad_parts_are_named_in_a_sentence() {
        for (text, says) in [
            ("vega_este:0.3:brine:25", "has 4 parts"),
            ("vega_este:0.3:brine:25:6:3:1", "has 7 parts"),
            ("Vega Este:0.3:brine:25:6", "site id"),
            (":0.3:brine:25:6", "site id"),
            ("vega_este:-0.3:brine:25:6", "rise in metres"),
            ("vega_este:0:brine:25:6", "rise in metres"),
            ("vega_este:NaN:brine:25:6", "rise in metres"),
            (
                "vega_este:0.3:water:25:6",
                "brine, fresh or all, not \"water\"",
            ),
            ("vega_este:0.3:brine:125:6", "cut from 0 to 100"),
            ("vega_este:0.3:brine:25%:6", "cut from 0 to 100"),
            ("vega_este:0.3:brine:25:6.5", "delay in whole months"),
            ("vega_este:0.3:brine:25:-1", "delay in whole months"),
            ("vega_este:0.3:brine:25:6:0", "persistence"),
        ] {
            let e = parse_trigger(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
            assert!(e.starts_with(&format!("The trigger \"{text}\"")), "{e}");
            assert!(e.ends_with(").") && e.contains(FORM), "{e}");
        }
    }

    proptest! {
        /// Any trigger the text can say reads back from its text unchanged.
        #[test]
        fn a_trigger_round_trips_through_its_text(
            site in "[a-z][a-z0-9_]{0,20}",
            rise_m in 1e-6..MAX_RISE_M,
            target in prop::sample::select(vec![CutTarget::Brine, CutTarget::Fresh, CutTarget::All]),
            cut_millionths in 0u64..=100_000_000,
            delay_months in 0..=MAX_DELAY_MONTHS,
            persistence_months in 1..=MAX_PERSISTENCE_MONTHS,
        ) {
            // A cut as text can give it: a percentage with up to six decimals.
            let cut = format!("{}", cut_millionths as f64 / 1e6).parse::<f64>().unwrap() / 100.0;
            let t = Trigger { site, rise_m, persistence_months, target, cut, delay_months };
            let text = trigger_text(&t);
            prop_assert_eq!(parse_trigger(&text).unwrap(), t.clone(), "{}", text);
            prop_assert_eq!(trigger_text(&parse_trigger(&text).unwrap()), text);
        }

        /// Text with a short percentage prints back as it was written.
        #[test]
        fn short_text_prints_back_as_written(
            rise_cm in 1u32..1000, cut_tenths in 0u32..=1000, delay in 0u32..60
        ) {
            let rise = format!("{}", rise_cm as f64 / 100.0);
            let cut = format!("{}", cut_tenths as f64 / 10.0);
            let text = format!("vega_este:{rise}:all:{cut}:{delay}");
            prop_assert_eq!(trigger_text(&parse_trigger(&text).unwrap()), text);
        }
    }
}
