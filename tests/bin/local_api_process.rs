//! `local-api` built inside the test package, so that a test can start it as a process
//! (`CARGO_BIN_EXE_local-api-process`), kill it with SIGKILL and start it again on the same
//! database.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    local_api::run_from_env().await
}
