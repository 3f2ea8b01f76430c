//! Reading user files: bytes go from the browser's `ArrayBuffer` straight
//! into wasm memory (`Vec<u8>`), never through a JS string.

use gloo::file::File;
use web_sys::FileList;
use yew::platform::spawn_local;
use yew::Callback;

/// A file's name and its bytes, or a read error.
pub type FileRead = (String, Result<Vec<u8>, String>);

/// Collect the files of a `FileList` (from an input or a drop).
pub fn from_list(list: Option<FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Read every file and report each one as it finishes.
pub fn read_all(files: Vec<web_sys::File>, onread: Callback<FileRead>) {
    for f in files {
        let file = File::from(f);
        let onread = onread.clone();
        spawn_local(async move {
            let name = file.name();
            let bytes = gloo::file::futures::read_as_bytes(&file)
                .await
                .map_err(|e| e.to_string());
            onread.emit((name, bytes));
        });
    }
}
