//! The web app is embedded from `web/dist`. A checkout that has not built it yet still
//! compiles (the server then serves a page saying how to build it).
fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/dist");
    if !dist.exists() {
        std::fs::create_dir_all(&dist).expect("creating web/dist");
    }
    println!("cargo:rerun-if-changed=../../web/dist");
}
