//! A report folder that is never half-written: files go into a temporary
//! sibling folder, which is renamed into place only when every file is
//! complete. An existing folder is replaced only with `--force`.
//!
//! Temporary folders being written are registered process-wide, so that an
//! interrupted run (Ctrl-C, `kill`) can delete them before it exits
//! ([`remove_partial_folders`], called by the binary's signal handler):
//! a killed 5 GB run would otherwise leave tens of GB in a hidden folder.

use crate::error::{Error, Result};
use crate::report::StreamFile;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

/// The temporary folders of this process's unfinished reports.
static PARTIAL: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn register(tmp: &Path) {
    if let Ok(mut p) = PARTIAL.lock() {
        p.push(tmp.to_path_buf());
    }
}

fn unregister(tmp: &Path) {
    if let Ok(mut p) = PARTIAL.lock() {
        p.retain(|t| t != tmp);
    }
}

/// Delete the temporary folders of every report still being written and
/// return how many there were. For a signal handler about to exit the
/// process: files still being written may keep a folder from going on the
/// first try, so each removal is tried a few times.
pub fn remove_partial_folders() -> usize {
    remove_registered(|_| true)
}

/// [`remove_partial_folders`] for the registered folders that `which` picks.
fn remove_registered(which: impl Fn(&Path) -> bool) -> usize {
    let folders: Vec<PathBuf> = match PARTIAL.lock() {
        Ok(mut p) => {
            let (picked, kept) = p.drain(..).partition(|t| which(t));
            *p = kept;
            picked
        }
        Err(_) => return 0,
    };
    for tmp in &folders {
        for _ in 0..3 {
            if fs::remove_dir_all(tmp).is_ok() || !tmp.exists() {
                break;
            }
        }
    }
    folders.len()
}

/// A report folder being written.
#[derive(Debug)]
pub struct ReportFolder {
    target: PathBuf,
    tmp: PathBuf,
    force: bool,
    done: bool,
    /// Files closed and being synced to disk, each on its own thread.
    syncs: Mutex<Vec<JoinHandle<Result<()>>>>,
}

impl ReportFolder {
    /// Check `target` can be written (refusing an existing folder without
    /// `force`) and create the temporary folder beside it.
    pub fn create(target: &Path, force: bool) -> Result<ReportFolder> {
        let shown = target.display().to_string();
        if target.exists() && !force {
            return Err(Error::Usage(format!(
                "{shown} already exists: add --force to replace it, or choose another folder with --out"
            )));
        }
        if target.exists() && !target.is_dir() {
            return Err(Error::Usage(format!(
                "{shown} exists and is not a folder: choose another --out"
            )));
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io(parent.display().to_string(), e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| Error::io(tmp.display().to_string(), e))?;
        }
        fs::create_dir(&tmp).map_err(|e| Error::io(tmp.display().to_string(), e))?;
        register(&tmp);
        Ok(ReportFolder {
            target: target.to_path_buf(),
            tmp,
            force,
            done: false,
            syncs: Mutex::new(Vec::new()),
        })
    }

    /// Create a file in the folder, buffered.
    pub fn file(&self, name: &str) -> Result<BufWriter<File>> {
        let path = self.tmp.join(name);
        let f = File::create(&path).map_err(|e| Error::io(self.shown(name), e))?;
        Ok(BufWriter::with_capacity(1 << 16, f))
    }

    /// Create a large file in the folder, written on a thread of its own
    /// (see [`StreamFile`]); close it with [`ReportFolder::close_stream`].
    pub fn stream(&self, name: &str) -> Result<StreamFile> {
        StreamFile::create(&self.tmp.join(name), &self.shown(name))
    }

    /// The path a file will have once the folder is committed.
    pub fn shown(&self, name: &str) -> String {
        self.target.join(name).display().to_string()
    }

    /// Flush the buffered file `w` (shown as `name` in errors) and sync it
    /// to disk on a background thread, so that the disk writes a large table
    /// while the next ones are computed; [`ReportFolder::commit`] waits for
    /// every sync and reports the first failure (a full disk shows there,
    /// as delayed allocation may report it only at the sync).
    pub fn close(&self, w: BufWriter<File>, name: &str) -> Result<()> {
        let f = w
            .into_inner()
            .map_err(|e| Error::io(name, e.into_error()))?;
        let name = name.to_string();
        self.wait_later(std::thread::spawn(move || {
            f.sync_all().map_err(|e| Error::io(&name, e))
        }))
    }

    /// Keep `sync`, a thread syncing a file, for [`ReportFolder::commit`].
    fn wait_later(&self, sync: JoinHandle<Result<()>>) -> Result<()> {
        self.syncs
            .lock()
            .map_err(|_| Error::Internal("a file-sync list was poisoned".into()))?
            .push(sync);
        Ok(())
    }

    /// Hand the last bytes of `f` to its writer, whose sync
    /// [`ReportFolder::commit`] waits for like those of
    /// [`ReportFolder::close`].
    pub fn close_stream(&self, f: StreamFile) -> Result<()> {
        self.wait_later(f.finish()?)
    }

    /// Wait for the syncs started by [`ReportFolder::close`].
    fn wait_for_syncs(&mut self) -> Result<()> {
        let mut first = Ok(());
        let syncs = match self.syncs.get_mut() {
            Ok(s) => std::mem::take(s),
            Err(_) => return Err(Error::Internal("a file-sync list was poisoned".into())),
        };
        for h in syncs {
            let r = h
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("a file-sync thread panicked".into())));
            if first.is_ok() {
                first = r;
            }
        }
        first
    }

    /// Wait until every closed file is on disk, then move the finished
    /// folder into place (replacing the old one when forced).
    pub fn commit(mut self) -> Result<PathBuf> {
        self.wait_for_syncs()?;
        let shown = self.target.display().to_string();
        if self.target.exists() {
            if !self.force {
                return Err(Error::Usage(format!(
                    "{shown} appeared while the report was written: add --force to replace it"
                )));
            }
            let old = self.tmp.with_extension("old");
            fs::rename(&self.target, &old).map_err(|e| Error::io(&shown, e))?;
            fs::rename(&self.tmp, &self.target).map_err(|e| Error::io(&shown, e))?;
            fs::remove_dir_all(&old).map_err(|e| Error::io(old.display().to_string(), e))?;
        } else {
            fs::rename(&self.tmp, &self.target).map_err(|e| Error::io(&shown, e))?;
        }
        self.done = true;
        unregister(&self.tmp);
        Ok(self.target.clone())
    }
}

impl Drop for ReportFolder {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.wait_for_syncs();
            let _ = fs::remove_dir_all(&self.tmp);
            unregister(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn refuses_existing_without_force_and_commits_atomically() {
        let base = std::env::temp_dir().join(format!("framelens-folder-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let target = base.join("out");
        let f = ReportFolder::create(&target, false).unwrap();
        let mut w = f.file("a.csv").unwrap();
        w.write_all(b"x\n").unwrap();
        f.close(w, "a.csv").unwrap();
        assert!(!target.exists(), "nothing visible before commit");
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "x\n");
        assert!(ReportFolder::create(&target, false).is_err());
        {
            let f = ReportFolder::create(&target, true).unwrap();
            drop(f); // abandoned: the old report is untouched
        }
        assert!(target.join("a.csv").exists());
        let f = ReportFolder::create(&target, true).unwrap();
        f.commit().unwrap();
        assert!(!target.join("a.csv").exists(), "replaced");
        let leftovers = fs::read_dir(&base).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary folders left behind");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn an_interrupted_report_leaves_no_temporary_folder() {
        let base = std::env::temp_dir().join(format!("framelens-partial-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let f = ReportFolder::create(&base.join("out"), false).unwrap();
        let mut w = f.file("a.csv").unwrap();
        w.write_all(b"x\n").unwrap();
        f.close(w, "a.csv").unwrap();
        assert_eq!(
            fs::read_dir(&base).unwrap().count(),
            1,
            "the temporary folder"
        );
        // what the signal handler does, limited to this test's folder (the
        // other tests, running in parallel, keep theirs)
        assert_eq!(remove_registered(|t| t.starts_with(&base)), 1);
        assert_eq!(
            fs::read_dir(&base).unwrap().count(),
            0,
            "nothing left behind"
        );
        f.commit().unwrap_err();
        fs::remove_dir_all(&base).unwrap();
    }
}
