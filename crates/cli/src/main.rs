//! `cuenca`: the basin model from a terminal. The commands arrive with the model (issue 3).

fn main() {
    println!(
        "cuenca {} — the basin model is being written",
        cuenca_model::MODEL_VERSION
    );
}
