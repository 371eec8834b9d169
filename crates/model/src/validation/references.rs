//! The brief's sources the validation table cites ([S27] and the like): the citation and where
//! to read it, so that the trust pages can link each key to its source. Taken from the source
//! list of the project's domain brief (§ "Source keys").

/// One source of the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The key without brackets: `S27`.
    pub key: &'static str,
    pub citation: &'static str,
    pub url: &'static str,
}

/// Every source a validation check cites, in key order.
pub const REFERENCES: &[Reference] = &[
    Reference {
        key: "S5",
        citation: "Millennial Lithium maiden resource release, 27 Nov 2017 (Table 1)",
        url: "https://markettrendnews.com/index.php/featured-news/726-11-27-17ml-v",
    },
    Reference {
        key: "S6",
        citation: "Millennial Lithium updated resource release, 17 Apr 2019",
        url: "https://news.canadianminingreport.com/company/news/millennial-lithium-announces-approximately-100-percent",
    },
    Reference {
        key: "S7",
        citation: "Millennial Lithium Feasibility Study release, 29 Jul 2019 (Worley + Montgomery & Associates); PEA release 31 Jan 2018",
        url: "https://markettrendnews.com/index.php/featured-news/1403-07-29-19ml-v",
    },
    Reference {
        key: "S8",
        citation: "Panorama Minero – extended pumping test PGPW16-01 (27.7 L/s, 60 h, 9.04 m at 24 h, 351 m deep)",
        url: "https://panorama-minero.com/semanales/millennial-lithium-i-extended-pumping-tests-indicate-robust-pastos-grandes-lithium-aquifer/",
    },
    Reference {
        key: "S9",
        citation: "Caesars Report – second production-scale well (15 L/s, 23 days, 57 m drawdown, 24-day recovery, T≈40 m²/d, Mg/Li 5.3)",
        url: "https://www.caesarsreport.com/blog/millennial-lithium-reports-second-pumping-well-at-15-liters-per-second/",
    },
    Reference {
        key: "S10",
        citation: "Panorama Minero – Sal de la Puna first resource (560 kt LCE inferred)",
        url: "https://panorama-minero.com/es/news/arena-minerals-anuncia-una-estimacion-de-recursos-de-salmuera-equivalente-a-560-000-toneladas-de-carbonato-de-litio-en-sal-de-la-puna",
    },
    Reference {
        key: "S13",
        citation: "MQ World (13 Nov 2025) PPG scoping study (15.1 Mt M&I, 150 kt/yr in 3 stages, 30 yr, hybrid)",
        url: "https://mqworld.com/2025/11/13/lithium-argentina-and-ganfeng-outline-plan-for-150-000-t-y-ppg-project",
    },
    Reference {
        key: "S15",
        citation: "LSC Lithium – Pozuelos property page",
        url: "https://www.lsclithium.com/properties/Pozuelos/default.html",
    },
    Reference {
        key: "S19",
        citation: "Minvielle & Garreaud (2011) \"Projecting rainfall changes over the South American Altiplano\", J. Climate",
        url: "https://studylib.net/doc/8280311/projecting-rainfall-changes-over-the-south-american-altip...",
    },
    Reference {
        key: "S23",
        citation: "Frau et al. (2021) \"Hydroclimatological patterns and limnological characteristics of unique wetland systems on the Argentine High Andean Plateau\", Hydrology 8:164",
        url: "https://www.mdpi.com/2306-5338/8/4/164",
    },
    Reference {
        key: "S24",
        citation: "Carmona et al. (2019) \"Evaporation process study… Tres Quebradas salt flat\", Revista de Teledetección",
        url: "https://polipapers.upv.es/index.php/raet/article/view/12264",
    },
    Reference {
        key: "S25",
        citation: "Johnson et al. (2010) \"Evaporation from shallow groundwater in closed basins in the Chilean Altiplano\", Hydrol. Sci. J",
        url: "https://repositorio.uc.cl/dspace/items/d650753b-4396-484f-ba10-0fd8ce90ee3f",
    },
    Reference {
        key: "S26",
        citation: "Kampf et al. (2005) \"Evaporation and land surface energy budget at the Salar de Atacama\", J. Hydrol.",
        url: "https://doi.org/10.1016/j.jhydrol.2005.01.005",
    },
    Reference {
        key: "S27",
        citation: "\"Questioning the endorheic paradigm: water balance dynamics in the Salar del Huasco basin, Chile\", EGUsphere preprint 2025-2984",
        url: "https://egusphere.copernicus.org/preprints/2025/egusphere-2025-2984",
    },
    Reference {
        key: "S28",
        citation: "Marazuela et al. (2019) \"Hydrodynamics of salt flat basins: the Salar de Atacama example\", Sci. Total Environ",
        url: "https://www.readbyqxmd.com/read/30245423/hydrodynamics-of-salt-flat-basins-the-salar-de-atacama-example",
    },
    Reference {
        key: "S31",
        citation: "Boutt et al. (2021) \"Imbalance in the modern hydrologic budget of topographic catchments along the western slope of the Andes (21–25°S)\", Hydrogeol. J. 29:985–1007",
        url: "https://doi.org/10.1007/s10040-021-02309-z",
    },
    Reference {
        key: "S32",
        citation: "Kirshen et al. (2025) \"Quantifying water availability in basins holding the majority of global lithium resources\", Communications Earth & Environment",
        url: "http://www.nature.com/articles/s43247-025-02130-6",
    },
    Reference {
        key: "S37",
        citation: "elDiarioAR – \"La mina de litio que abastece a Tesla, BMW y General Motors secó una vega en Catamarca\"",
        url: "https://eldiarioar.com/sociedad/mina-litio-tesla-bmw-vega-catamarca_1_10796148.html",
    },
    Reference {
        key: "S45",
        citation: "Mining Journal – \"Millennial on hunt for Pastos Grandes funding\" (FS: up to 30 wells, lime pre-treatment, 3 % Li concentrate)",
        url: "https://mining-journal.com/energy-minerals/news/1368360/millennial-hunt-pastos-grades-funding",
    },
];

/// The keys in a check's source (`"[S27][S31]"` → `S27`, `S31`), in order.
pub fn keys_in(source: &str) -> Vec<&str> {
    source
        .split('[')
        .filter_map(|part| part.split_once(']').map(|(k, _)| k))
        .filter(|k| k.len() > 1 && k.starts_with('S') && k[1..].bytes().all(|b| b.is_ascii_digit()))
        .collect()
}

/// The source of a key (`S27`), if the table has it.
pub fn reference(key: &str) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_from_brackets_and_nothing_else() {
        assert_eq!(keys_in("[S27][S31]"), ["S27", "S31"]);
        assert_eq!(keys_in("[S7]; Theis (1935)"), ["S7"]);
        assert_eq!(keys_in("Theis (1935) [analytical]"), Vec::<&str>::new());
        assert_eq!(keys_in("[S] [Sx] [S12"), Vec::<&str>::new());
    }
}
