//! Regular grids: a `[grid]` table expands into cells and connections.

use super::load::{Tab, MAX_CONDUCTANCE, MAX_ELEV_M, MIN_ELEV_M};
use super::*;

impl Basin {
    /// Expand `[grid]` into `nx·ny` cells `g_<i>_<j>` (i along x, j along y) and 4-neighbour
    /// connections with `C = T · (face width) / (centre distance)`.
    pub(super) fn expand_grid(&mut self, g: &Tab) -> Result<(), BasinError> {
        let nx = g
            .opt_int("nx", 1, 2000)?
            .ok_or_else(|| BasinError::Missing { key: g.key("nx") })? as usize;
        let ny = g
            .opt_int("ny", 1, 2000)?
            .ok_or_else(|| BasinError::Missing { key: g.key("ny") })? as usize;
        if nx * ny > 40_000 {
            return Err(BasinError::Invalid {
                key: g.key("nx"),
                message: format!("and ny give {} cells; at most 40000 are allowed", nx * ny),
            });
        }
        let dx = g.num("dx_m", 1.0e-3, 1.0e6, "m")?;
        let dy = g.num("dy_m", 1.0e-3, 1.0e6, "m")?;
        let top = g.num("top_m", MIN_ELEV_M, MAX_ELEV_M, "m")?;
        let bottom = g.num("bottom_m", MIN_ELEV_M, top - 0.1, "m")?;
        let t = match g.opt_num("t_m2_per_day", 0.0, 1.0e7, "m2/day")? {
            Some(t) => t,
            None => g.num("k_m_per_day", 0.0, 1.0e4, "m/day")? * (top - bottom),
        };
        let sy = g.num("sy", 0.0, 0.5, "-")?;
        let ss = g.num("ss", 0.0, 1.0e-2, "1/m")?;
        let h0 = g.num("initial_head_m", MIN_ELEV_M, MAX_ELEV_M, "m")?;
        let edge_c = g.opt_num(
            "edge_conductance_m2_per_day",
            0.0,
            MAX_CONDUCTANCE,
            "m2/day",
        )?;
        if sy + ss * (top - bottom) <= 0.0 {
            return Err(BasinError::Invalid {
                key: g.key("sy"),
                message: "and ss give no storage; sy + ss * thickness must be positive".into(),
            });
        }
        for j in 0..ny {
            for i in 0..nx {
                let edge = i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
                let (x0, y0) = (i as f64 * dx / 1000.0, j as f64 * dy / 1000.0);
                let (x1, y1) = (x0 + dx / 1000.0, y0 + dy / 1000.0);
                self.cells.push(Cell {
                    id: format!("g_{i}_{j}"),
                    name_es: format!("celda {i},{j}"),
                    name_en: format!("cell {i},{j}"),
                    kind: CellKind::Aquifer,
                    area_m2: dx * dy,
                    ground_m: top,
                    bottom_m: bottom,
                    sy,
                    ss,
                    porosity: 0.25,
                    li_mg_per_l: 0.0,
                    evap: EvapZone::None,
                    spring: None,
                    spill: None,
                    max_wells: None,
                    pump_depth_m: None,
                    boundary: match (edge, edge_c) {
                        (true, Some(c)) => Some(HeadBoundary {
                            head_m: h0,
                            conductance_m2_per_day: c,
                        }),
                        _ => None,
                    },
                    brine_weight: 0.0,
                    initial_head_m: Some(h0),
                    initial_interface_m: None,
                    lens: false,
                    polygon: vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
                });
            }
        }
        for j in 0..ny {
            for i in 0..nx {
                let k = j * nx + i;
                if i + 1 < nx {
                    self.connections.push(Connection {
                        a: k,
                        b: k + 1,
                        conductance_m2_per_day: t * dy / dx,
                        face_thickness_m: top - bottom,
                    });
                }
                if j + 1 < ny {
                    self.connections.push(Connection {
                        a: k,
                        b: k + nx,
                        conductance_m2_per_day: t * dx / dy,
                        face_thickness_m: top - bottom,
                    });
                }
            }
        }
        Ok(())
    }
}
