//! Reading user files: each is read into an `ArrayBuffer` that goes on to
//! its parse worker transferred, so the page never copies a file into its
//! own wasm memory (nor through a JS string).
//!
//! Files come from the file picker, the folder picker (each with its path
//! inside the chosen folder), or a drop (files, or folders read recursively).
//! The path names the file in messages and labels the reports that have no
//! principal in their data (`roles/ci-deployer/page-1.json`).

use gloo::file::File;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, FileList, FileSystemDirectoryEntry, FileSystemDirectoryReader, FileSystemEntry,
    FileSystemFileEntry,
};
use yew::platform::spawn_local;
use yew::Callback;

use crate::report::input::MAX_INPUT_BYTES;
use crate::report::{Error, ErrorKind};
use crate::worker::Source;

use super::loader::FILE_AT;

/// A file's name and its bytes, or why they could not be read.
pub type FileRead = (String, Result<Source, Error>);

/// A file chosen or dropped, with its path (its name when it has none).
pub type Picked = (String, web_sys::File);

/// The path of a file chosen with a folder picker, else its name.
fn path_of(f: &web_sys::File) -> String {
    js_sys::Reflect::get(f, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| f.name())
}

/// Files a folder holds that are not reports: hidden files (`.DS_Store`).
fn hidden(path: &str) -> bool {
    path.split(['/', '\\']).any(|seg| seg.starts_with('.'))
}

/// Collect the files of a `FileList` (from an input), with their paths.
pub fn from_list(list: Option<FileList>) -> Vec<Picked> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| (path_of(&f), f))
        .filter(|(p, _)| !hidden(p))
        .collect()
}

/// The files of a drop: folders are read recursively (their files named by
/// their path from the dropped folder), plain files as they are. The
/// entries must be taken while the drop event runs; they are read after.
pub fn from_drop(dt: &DataTransfer, onfiles: Callback<Vec<Picked>>) {
    let items = dt.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if !entries.iter().any(FileSystemEntry::is_directory) {
        let list = from_list(dt.files());
        if !list.is_empty() {
            onfiles.emit(list);
        }
        return;
    }
    spawn_local(async move {
        let mut out = Vec::new();
        let mut stack = entries;
        while let Some(entry) = stack.pop() {
            if entry.is_directory() {
                let reader = entry
                    .unchecked_into::<FileSystemDirectoryEntry>()
                    .create_reader();
                // readEntries answers in batches until an empty one.
                while let Some(batch) = read_entries(&reader).await.filter(|b| !b.is_empty()) {
                    stack.extend(batch);
                }
            } else if entry.is_file() {
                let path = entry.full_path().trim_start_matches('/').to_string();
                if hidden(&path) {
                    continue;
                }
                if let Some(f) = file_of(entry.unchecked_ref::<FileSystemFileEntry>()).await {
                    out.push((path, f));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        if !out.is_empty() {
            onfiles.emit(out);
        }
    });
}

/// One batch of a folder's entries (`None` when the browser refuses).
async fn read_entries(reader: &FileSystemDirectoryReader) -> Option<Vec<FileSystemEntry>> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if reader
            .read_entries_with_callback_and_callback(&resolve, &reject)
            .is_err()
        {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let list = JsFuture::from(promise).await.ok()?;
    let list: js_sys::Array = list.dyn_into().ok()?;
    Some(list.iter().filter_map(|e| e.dyn_into().ok()).collect())
}

async fn file_of(entry: &FileSystemFileEntry) -> Option<web_sys::File> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// Read every file and report each one as it finishes. A file over the size
/// limit is refused before it is read into memory; a large one
/// ([`FILE_AT`]) is handed over unread, for its parse worker to read.
pub fn read_all(files: Vec<Picked>, onread: Callback<FileRead>) {
    for (name, f) in files {
        let file = File::from(f);
        let size = file.size() as usize;
        if size > MAX_INPUT_BYTES {
            let too_large = ErrorKind::TooLarge {
                bytes: size,
                limit: MAX_INPUT_BYTES,
            };
            onread.emit((name.clone(), Err(Error::new(too_large).in_file(name))));
            continue;
        }
        if size >= FILE_AT {
            let blob: &web_sys::Blob = file.as_ref();
            onread.emit((name, Ok(Source::File(blob.clone()))));
            continue;
        }
        let onread = onread.clone();
        spawn_local(async move {
            let bytes = gloo::file::futures::read_as_array_buffer(&file)
                .await
                .map_err(|e| {
                    Error::new(ErrorKind::InvalidField {
                        message: format!("the browser could not read the file: {e}"),
                    })
                    .in_file(name.clone())
                })
                .map(Source::Bytes);
            onread.emit((name, bytes));
        });
    }
}
