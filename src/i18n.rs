//! The interface's two languages and language-aware number formatting.

/// Interface language. Spanish is the default: the basin's people read Spanish.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
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

    /// Reads a tag such as `es`, `es-AR` or `en-GB`; anything else is `None`.
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

    /// The language to show for a browser's preference list: Spanish unless the first
    /// recognised preference is English.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or_default()
    }
}

/// Formats `value` with `decimals` decimals and grouped thousands, as each language writes
/// numbers: `1.300,5` in Spanish (Argentina), `1,300.5` in English.
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let (group, decimal) = match lang {
        Lang::Es => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    // A value that rounds to zero is written without a minus sign.
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, digit) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !frac_part.is_empty() {
        out.push(decimal);
        out.push_str(frac_part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_uses_decimal_comma_and_point_thousands() {
        assert_eq!(format_number(0.8, 1, Lang::Es), "0,8");
        assert_eq!(format_number(1300.0, 0, Lang::Es), "1.300");
        assert_eq!(format_number(1234567.891, 2, Lang::Es), "1.234.567,89");
    }

    #[test]
    fn english_uses_decimal_point_and_comma_thousands() {
        assert_eq!(format_number(0.8, 1, Lang::En), "0.8");
        assert_eq!(format_number(150000.0, 0, Lang::En), "150,000");
        assert_eq!(format_number(-2500.25, 1, Lang::En), "-2,500.2");
    }

    #[test]
    fn negative_zero_and_non_finite() {
        assert_eq!(format_number(-0.04, 1, Lang::Es), "0,0");
        assert_eq!(format_number(f64::NAN, 1, Lang::Es), "–");
        assert_eq!(format_number(f64::INFINITY, 0, Lang::En), "–");
    }

    #[test]
    fn language_from_browser_preferences() {
        assert_eq!(Lang::from_preferences(["es-AR", "en"]), Lang::Es);
        assert_eq!(Lang::from_preferences(["fr-FR", "en-GB", "es"]), Lang::En);
        assert_eq!(Lang::from_preferences(["de"]), Lang::Es);
        assert_eq!(Lang::from_preferences([]), Lang::Es);
    }
}
