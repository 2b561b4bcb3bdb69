//! Local files fortiprobe reads as text (target files, case and schema
//! files, `deviations.yaml`, baseline snapshots): only regular files, or
//! symlinks to them, of at most 16 MiB. A FIFO, a device or a socket is
//! refused by its type before it is opened, so that reading never blocks;
//! a larger file is refused by its size, and never read past the bound.

use std::io::Read as _;
use std::path::Path;

/// The largest file read: far above any real case, schema or target file.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The text of the file at `path`, or why it is not read (to follow the
/// file's name: `cases/x.yaml: a FIFO (named pipe), not a regular file`).
pub fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        let via = match std::fs::symlink_metadata(path) {
            Ok(l) if l.file_type().is_symlink() => "a symlink to ",
            _ => "",
        };
        return Err(format!(
            "{via}{}, not a regular file: refused (reading it could block forever or never end)",
            kind(&meta.file_type())
        ));
    }
    if meta.len() > MAX_BYTES {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| format!("cannot read: not UTF-8 text ({e})"))
}

fn too_big(len: u64) -> String {
    format!("{len} bytes, over the 16 MiB a case, schema or target file may have: refused")
}

#[cfg(unix)]
fn kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_by_type() {
        let e = read_text(Path::new("/dev/zero")).unwrap_err();
        assert!(e.contains("a character device"), "{e}");
        let e = read_text(Path::new("/")).unwrap_err();
        assert!(e.contains("a folder"), "{e}");
    }

    #[test]
    fn a_file_over_the_bound_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_BYTES + 1).unwrap();
        let e = read_text(&path).unwrap_err();
        assert!(e.contains("over the 16 MiB"), "{e}");
        std::fs::write(&path, "a: 1\n").unwrap();
        assert_eq!(read_text(&path).unwrap(), "a: 1\n");
    }
}
