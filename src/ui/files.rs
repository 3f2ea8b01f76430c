//! Reading user files: each is read into an `ArrayBuffer` that goes on to
//! its parse worker transferred, so the page never copies a file into its
//! own wasm memory (nor through a JS string).
//!
//! Files come from the file picker, the folder picker (each with its path
//! inside the chosen folder), or a drop (files, or folders read recursively).
//! The path names the file in messages and labels the reports that have no
//! principal in their data (`roles/ci-deployer/page-1.json`).

use std::cell::Cell;
use std::rc::Rc;

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

/// A file's id and name, and its bytes or why they could not be read.
pub type FileRead = (u64, String, Result<Source, Error>);

/// A file chosen or dropped, with its path when known already (a dropped
/// folder's entries); a chosen file's path is asked of the browser by
/// [`named`] (a property of the `File`: no round trip, unlike starting its
/// read, which [`read_all`] spreads over tasks).
pub type Picked = (Option<String>, web_sys::File);

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

/// A file to read: its id, its name (its path), its size when asked (0
/// when not: see [`named`]).
pub struct Chosen {
    pub id: u64,
    pub name: String,
    pub size: usize,
    pub file: web_sys::File,
}

/// The files to read, each named by its path and given an id by `id`,
/// hidden ones left out. A few files' sizes are asked at once (a round
/// trip each: shown while they are read, and a large one's decides sooner
/// than a read's first event, which waits for the page's thread); a
/// thousand files are not sized ahead.
pub fn named(files: Vec<Picked>, mut id: impl FnMut() -> u64) -> Vec<Chosen> {
    let sized = files.len() <= SIZED_UP_TO;
    files
        .into_iter()
        .map(|(path, file)| (path.unwrap_or_else(|| path_of(&file)), file))
        .filter(|(name, _)| !hidden(name))
        .map(|(name, file)| Chosen {
            id: id(),
            name,
            size: if sized { file.size() as usize } else { 0 },
            file,
        })
        .collect()
}

/// Collect the files of a `FileList` (from an input); their paths are
/// asked of the browser by [`named`].
pub fn from_list(list: Option<FileList>) -> Vec<Picked> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| (None, f))
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
                if let Some(f) = file_of(entry.unchecked_ref::<FileSystemFileEntry>()).await {
                    out.push((Some(path), f));
                }
            }
        }
        // Paths are unique within a drop, so an unstable sort is the same
        // order (and 0.8 KB less of the page than a stable one).
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
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

/// How a file's read ended.
enum Read {
    Bytes(js_sys::ArrayBuffer),
    /// It is [`FILE_AT`] bytes or more: left unread (its size).
    Large(usize),
    Failed(String),
}

/// Read a file, unless it turns out large: its size comes with the read's
/// first event (`loadstart`, else its first `progress`), and a large file's
/// read stops there. A file's `size`, asked for before any read, costs
/// the page a synchronous round trip to the browser's file system each
/// (a thousand files chosen at once: 0.5-1 s in one task).
async fn read_file(file: &web_sys::File) -> Read {
    let Ok(reader) = web_sys::FileReader::new() else {
        return Read::Failed("no FileReader".into());
    };
    let large: Rc<Cell<Option<usize>>> = Rc::default();
    let onsize = {
        let (reader, large) = (reader.clone(), large.clone());
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            let total = e.total() as usize;
            if e.length_computable() && total >= FILE_AT && large.get().is_none() {
                large.set(Some(total));
                reader.abort();
            }
        })
    };
    reader.set_onloadstart(Some(onsize.as_ref().unchecked_ref()));
    reader.set_onprogress(Some(onsize.as_ref().unchecked_ref()));
    let done = js_sys::Promise::new(&mut |resolve, _| reader.set_onloadend(Some(&resolve)));
    if let Err(e) = reader.read_as_array_buffer(file) {
        return Read::Failed(format!("{e:?}"));
    }
    let _ = JsFuture::from(done).await;
    drop(onsize);
    if let Some(total) = large.get() {
        return Read::Large(total);
    }
    if let Some(e) = reader.error() {
        return Read::Failed(e.message());
    }
    match reader.result().map(|r| r.dyn_into::<js_sys::ArrayBuffer>()) {
        Ok(Ok(buffer)) => Read::Bytes(buffer),
        _ => Read::Failed("no bytes".into()),
    }
}

/// Read every file (see [`named`]) and report each one as it finishes. A
/// large one ([`FILE_AT`]) is handed over unread, for its parse worker to
/// read; one over the size limit is refused without being read.
pub fn read_all(files: Vec<Chosen>, onread: Callback<FileRead>) {
    spawn_local(async move {
        for (i, chosen) in files.into_iter().enumerate() {
            // Reads start a task per [`STARTED_PER_TASK`] files (a thousand
            // in one task took 60-100 ms: starting a read costs the page a
            // round trip to the browser, 0.25-0.5 ms a file on a slow machine).
            if i > 0 && i % STARTED_PER_TASK == 0 {
                gloo::timers::future::TimeoutFuture::new(0).await;
            }
            spawn_local(read_one(chosen, onread.clone()));
        }
    });
}

/// Reads started in one task by [`read_all`].
const STARTED_PER_TASK: usize = 20;

/// Up to this many files chosen at once, [`named`] asks each one's size.
const SIZED_UP_TO: usize = 8;

async fn read_one(chosen: Chosen, onread: Callback<FileRead>) {
    let Chosen {
        id,
        name,
        size,
        file,
    } = chosen;
    // A large file's size, known ahead, saves the read's first event: for a
    // 38 MB file its parts went to the parse workers 15-25 ms sooner.
    let large = (size >= FILE_AT).then_some(size);
    let read = match large {
        Some(size) => Read::Large(size),
        None => read_file(&file).await,
    };
    let read = match read {
        Read::Large(bytes) if bytes > MAX_INPUT_BYTES => {
            let kind = ErrorKind::TooLarge {
                bytes,
                limit: MAX_INPUT_BYTES,
            };
            Err(Error::new(kind).in_file(name.clone()))
        }
        Read::Large(_) => Ok(Source::File(file.into())),
        // Read whole when the browser gave no size: the parser refuses it
        // if over the limit (`input::parse_file`).
        Read::Bytes(b) => Ok(Source::Bytes(b)),
        Read::Failed(why) => Err(Error::new(ErrorKind::InvalidField {
            message: format!("the browser could not read the file: {why}"),
        })
        .in_file(name.clone())),
    };
    onread.emit((id, name, read));
}
