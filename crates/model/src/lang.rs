//! The two languages of the interface and of every sentence the model writes, and numbers
//! formatted the way each language writes them ("1.300,5" / "1,300.5").

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    /// BCP 47 tag, for `<html lang>` and links.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Reads a tag such as `es`, `es-AR` or `en_GB`; any other language is `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
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

/// A positive number rounded to two significant figures (684,123 → 680,000).
pub fn round_two_figures(t: f64) -> f64 {
    // The step is a tenth of the largest power of ten ≤ t.
    let mut step = 0.1;
    while step * 100.0 <= t {
        step *= 10.0;
    }
    while step * 10.0 > t {
        step /= 10.0;
    }
    libm::round(t / step) * step
}

/// Tonnes with the two significant figures a 50-year projection can carry: "2,7 millones de t"
/// / "2.7 million t", "940.000 t" / "940,000 t" (no article: the caller says "unos"/"about").
pub fn fmt_tonnes_approx(t: f64, lang: Lang) -> String {
    let t = t.abs();
    if t == 0.0 {
        return "0 t".to_string();
    }
    let r = round_two_figures(t);
    if r >= 1e6 {
        let m = r / 1e6;
        let d = if m < 10.0 { 1 } else { 0 };
        match lang {
            Lang::Es => format!("{} millones de t", fmt_num(m, d, lang)),
            Lang::En => format!("{} million t", fmt_num(m, d, lang)),
        }
    } else {
        let d = if r < 1.0 {
            2
        } else if r < 10.0 {
            1
        } else {
            0
        };
        format!("{} t", fmt_num(r, d, lang))
    }
}

/// Longest piece of untrusted text (a link's part, a file's field) quoted back to the reader:
/// enough to recognise it, never a wall of text.
pub const QUOTE_CHARS: usize = 40;

/// Keeps a piece of untrusted text short and printable (control characters removed), to be
/// shown as plain text, never as markup. Links and observation files quote through it.
pub fn quote_untrusted(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > QUOTE_CHARS {
        let mut short: String = clean.chars().take(QUOTE_CHARS).collect();
        short.push('…');
        short
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tonnes_carry_two_significant_figures() {
        assert_eq!(
            fmt_tonnes_approx(2_698_686.0, Lang::Es),
            "2,7 millones de t"
        );
        assert_eq!(fmt_tonnes_approx(2_698_686.0, Lang::En), "2.7 million t");
        assert_eq!(fmt_tonnes_approx(935_896.0, Lang::Es), "940.000 t");
        assert_eq!(fmt_tonnes_approx(935_896.0, Lang::En), "940,000 t");
        assert_eq!(fmt_tonnes_approx(1_449_732.0, Lang::En), "1.4 million t");
        // 999,600 rounds up into the millions; 12.3 million keeps no decimal.
        assert_eq!(fmt_tonnes_approx(999_600.0, Lang::En), "1.0 million t");
        assert_eq!(
            fmt_tonnes_approx(12_345_678.0, Lang::Es),
            "12 millones de t"
        );
        assert_eq!(fmt_tonnes_approx(47.0, Lang::En), "47 t");
        assert_eq!(fmt_tonnes_approx(0.0, Lang::En), "0 t");
    }

    #[test]
    fn tags_round_trip() {
        for lang in [Lang::Es, Lang::En] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("es-AR"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_tag("<script>"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
