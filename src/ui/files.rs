//! Reading user files: bytes go from the browser's `ArrayBuffer` straight
//! into wasm memory (`Vec<u8>`), never through a JS string.

use gloo::file::File;
use web_sys::FileList;
use yew::platform::spawn_local;
use yew::Callback;

use crate::report::input::MAX_INPUT_BYTES;
use crate::report::{Error, ErrorKind};

/// A file's name and its bytes, or why they could not be read.
pub type FileRead = (String, Result<Vec<u8>, Error>);

/// Collect the files of a `FileList` (from an input or a drop).
pub fn from_list(list: Option<FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Read every file and report each one as it finishes. A file over the size
/// limit is refused before it is read into memory.
pub fn read_all(files: Vec<web_sys::File>, onread: Callback<FileRead>) {
    for f in files {
        let file = File::from(f);
        let name = file.name();
        let size = file.size() as usize;
        if size > MAX_INPUT_BYTES {
            let too_large = ErrorKind::TooLarge {
                bytes: size,
                limit: MAX_INPUT_BYTES,
            };
            onread.emit((name.clone(), Err(Error::new(too_large).in_file(name))));
            continue;
        }
        let onread = onread.clone();
        spawn_local(async move {
            let bytes = gloo::file::futures::read_as_bytes(&file)
                .await
                .map_err(|e| {
                    Error::new(ErrorKind::InvalidField {
                        message: format!("the browser could not read the file: {e}"),
                    })
                    .in_file(name.clone())
                });
            onread.emit((name, bytes));
        });
    }
}
