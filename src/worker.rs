//! The parse Web Worker: file bytes in, parsed documents (or an error) out,
//! so a large file never blocks the page. Messages cross as bincode (the
//! gloo-worker codec); `tests/core_transfer.rs` checks the results survive it.

use gloo::worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::report::input::parse_file;

/// A file to parse.
#[derive(Serialize, Deserialize)]
pub struct ParseRequest {
    pub id: u64,
    pub name: String,
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// The parsed file: the session's own input type.
pub type ParseResponse = crate::session::Parsed;

pub struct ParseWorker;

impl Worker for ParseWorker {
    type Message = ();
    type Input = ParseRequest;
    type Output = ParseResponse;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        ParseWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: ParseRequest, who: HandlerId) {
        let result = parse_file(&msg.name, &msg.bytes);
        scope.respond(
            who,
            ParseResponse {
                id: msg.id,
                name: msg.name,
                result,
            },
        );
    }
}
