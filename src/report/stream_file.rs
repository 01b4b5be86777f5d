//! A large table written on a thread of its own, past the page cache.
//!
//! `frame_hits.csv` can be several times the size of the corpus (1.8 GB for
//! the 500 MB benchmark corpus). Written through the page cache, every byte
//! is copied by the kernel into pages it must first find, on the threads
//! that count; on the benchmark's virtual machine that cost 2 to 6 s of
//! kernel time per run, more than the writing thread's share of the count.
//! A [`StreamFile`] fills aligned blocks and hands each full one to a writer
//! thread, which writes it with direct I/O (`O_DIRECT` on Linux): the disk
//! reads the block from memory this process reuses, and the writer waits
//! for the disk without holding a core. Where the file system refuses
//! direct I/O (tmpfs, some network file systems, other systems), the writer
//! falls back to ordinary writes, still on its own thread.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Alignment of direct I/O (addresses, lengths and offsets): one page,
/// a multiple of every common logical block size.
const ALIGN: usize = 4096;
/// Bytes per block handed to the writer thread.
const BLOCK: usize = 1 << 20;
/// Blocks queued for the writer while the next one fills: at most
/// `QUEUED + 3` blocks exist (the queue, the one being written, the full
/// one waiting for room in the queue, the next one), and only as many as
/// the writer ever fell behind by are made. When every core counts, the
/// writer thread may wait tens of milliseconds for one; a queue of two
/// blocks then filled and put the counting thread to sleep until the disk
/// took a block (0.2–0.45 s of sleep per counting thread on the 500 MB
/// benchmark at 2 threads, 340–620 sleeps), 32 blocks absorb it (0.04–0.13
/// s, 6–50 sleeps) for 8 MiB more peak RSS.
const QUEUED: usize = 32;

/// Room past a full block in a new one: the rows of one document are
/// formatted straight into the block ([`StreamFile::append_with`]) and may
/// run past its end; what does is moved to the next block. A document whose
/// rows need more makes the vector grow (its bytes are then cut into blocks
/// the slow way).
const SLACK: usize = 64 << 10;

/// A buffer whose bytes from `data[off]` start on an [`ALIGN`] boundary:
/// `data[off..]` is what the block holds (at most [`BLOCK`] bytes once
/// handed to the writer).
struct Block {
    data: Vec<u8>,
    off: usize,
}

impl Block {
    /// An empty block with room for [`BLOCK`] bytes and [`SLACK`] more
    /// (not zeroed: only what is written is touched).
    fn new() -> Block {
        let mut data: Vec<u8> = Vec::with_capacity(ALIGN + BLOCK + SLACK);
        let off = data.as_ptr().align_offset(ALIGN);
        data.resize(off, 0);
        Block { data, off }
    }

    /// A placeholder that holds nothing.
    fn none() -> Block {
        Block {
            data: Vec::new(),
            off: 0,
        }
    }

    fn len(&self) -> usize {
        self.data.len() - self.off
    }

    fn filled(&self) -> &[u8] {
        &self.data[self.off..]
    }

    fn clear(&mut self) {
        self.data.truncate(self.off);
    }

    /// Whether the bytes still start on an [`ALIGN`] boundary (not when
    /// the vector grew and moved).
    fn is_aligned(&self) -> bool {
        (self.data.as_ptr() as usize + self.off) % ALIGN == 0
    }
}

/// A file written by a thread of its own, in blocks; see the module doc.
pub struct StreamFile {
    block: Block,
    to_writer: Option<SyncSender<Block>>,
    recycled: Receiver<Block>,
    writer: Option<JoinHandle<Result<()>>>,
    shown: String,
}

impl StreamFile {
    /// Create (truncate) `path`, shown as `shown` in errors.
    pub fn create(path: &Path, shown: &str) -> Result<StreamFile> {
        let sink = Sink::open(path).map_err(|e| Error::io(shown, e))?;
        StreamFile::start(sink, shown)
    }

    /// Start the writer thread on `sink`.
    fn start(sink: Sink, shown: &str) -> Result<StreamFile> {
        let (to_writer, blocks) = mpsc::sync_channel::<Block>(QUEUED);
        let (give_back, recycled) = mpsc::channel::<Block>();
        let name = shown.to_string();
        let writer = std::thread::Builder::new()
            .name("framelens-writer".into())
            .spawn(move || sink.run(blocks, give_back).map_err(|e| Error::io(&name, e)))
            .map_err(|e| Error::io(shown, e))?;
        Ok(StreamFile {
            block: Block::new(),
            to_writer: Some(to_writer),
            recycled,
            writer: Some(writer),
            shown: shown.to_string(),
        })
    }

    /// An empty block: a recycled one when the writer has given one back.
    fn next_block(&mut self) -> Block {
        let mut next = self.recycled.try_recv().unwrap_or_else(|_| Block::new());
        next.clear();
        next
    }

    /// Hand the current block to the writer and start another.
    fn send(&mut self) -> io::Result<()> {
        let next = self.next_block();
        let full = std::mem::replace(&mut self.block, next);
        self.deliver(full)
    }

    /// Append to the file what `f` appends to the vector it is given: the
    /// file's current block, so the bytes are formatted in place instead of
    /// in a buffer of the caller's and then copied. `f` must leave the
    /// vector's bytes before its end as they are.
    pub fn append_with(&mut self, f: impl FnOnce(&mut Vec<u8>)) -> io::Result<()> {
        f(&mut self.block.data);
        let (len, aligned) = (self.block.len(), self.block.is_aligned());
        if len < BLOCK && aligned {
            return Ok(());
        }
        let mut next = self.next_block();
        if len < 2 * BLOCK && aligned {
            // the usual case: the bytes past the block start the next one
            let end = self.block.off + BLOCK;
            next.data.extend_from_slice(&self.block.data[end..]);
            self.block.data.truncate(end);
            let full = std::mem::replace(&mut self.block, next);
            return self.deliver(full);
        }
        // the block grew past its room (and moved, or holds more than two
        // blocks): cut its bytes into blocks
        let grown = std::mem::replace(&mut self.block, next);
        self.write_all(grown.filled())
    }

    /// Queue `full` for the writer.
    fn deliver(&mut self, full: Block) -> io::Result<()> {
        let sent = self.to_writer.as_ref().map(|t| t.send(full));
        if let Some(Ok(())) = sent {
            return Ok(());
        }
        // the writer stopped on an error (a full disk, say): that error
        self.to_writer = None;
        match self.writer.take().map(|w| w.join()) {
            Some(Ok(Err(Error::Io { err, .. }))) => Err(err),
            _ => Err(io::Error::other("the writer thread stopped")),
        }
    }

    /// Write the last block and return the writer thread, which syncs the
    /// file to disk and returns the first error it met; join it before
    /// relying on the file.
    pub fn finish(mut self) -> Result<JoinHandle<Result<()>>> {
        if self.block.len() > 0 {
            let last = std::mem::replace(&mut self.block, Block::none());
            self.deliver(last).map_err(|e| Error::io(&self.shown, e))?;
        }
        self.to_writer = None;
        self.writer
            .take()
            .ok_or_else(|| Error::io(&self.shown, io::Error::other("the writer thread stopped")))
    }
}

impl Write for StreamFile {
    fn write(&mut self, mut bytes: &[u8]) -> io::Result<usize> {
        let n = bytes.len();
        while !bytes.is_empty() {
            let k = (BLOCK - self.block.len()).min(bytes.len());
            self.block.data.extend_from_slice(&bytes[..k]);
            bytes = &bytes[k..];
            if self.block.len() == BLOCK {
                self.send()?;
            }
        }
        Ok(n)
    }

    /// Blocks go to the writer when full or at [`StreamFile::finish`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for StreamFile {
    fn drop(&mut self) {
        // an abandoned file: stop the writer (its result no longer matters)
        self.to_writer = None;
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

/// The writer thread's end: the file, opened for direct I/O when the
/// system allows it.
struct Sink {
    path: PathBuf,
    file: File,
    direct: bool,
    written: u64,
}

impl Sink {
    fn open(path: &Path) -> io::Result<Sink> {
        match open_direct(path) {
            Some(file) => Ok(Sink {
                path: path.to_path_buf(),
                file,
                direct: true,
                written: 0,
            }),
            None => Sink::ordinary(path),
        }
    }

    /// `path` created (truncated) for ordinary writes.
    fn ordinary(path: &Path) -> io::Result<Sink> {
        Ok(Sink {
            path: path.to_path_buf(),
            file: File::create(path)?,
            direct: false,
            written: 0,
        })
    }

    /// Write every block received, giving each back; then the length and
    /// a sync.
    fn run(mut self, blocks: Receiver<Block>, give_back: mpsc::Sender<Block>) -> io::Result<()> {
        for mut block in blocks {
            self.write_block(&mut block)?;
            let _ = give_back.send(block);
        }
        self.file.set_len(self.written)?;
        self.file.sync_all()
    }

    fn write_block(&mut self, block: &mut Block) -> io::Result<()> {
        let len = block.len();
        if self.direct {
            // direct I/O writes whole aligned blocks: the last one is padded
            // with zeros, cut off again by `set_len` in `run`
            let padded = len.next_multiple_of(ALIGN);
            block.data.resize(block.off + padded, 0);
            let written = self.file.write_all(block.filled());
            block.data.truncate(block.off + len);
            match written {
                Ok(()) => {
                    self.written += len as u64;
                    if padded != len {
                        // only the last block is short; should another
                        // follow, it goes after the real bytes (at an
                        // unaligned offset, so the ordinary way)
                        self.file.seek(SeekFrom::Start(self.written))?;
                    }
                    return Ok(());
                }
                // refused (alignment, a file system that accepted the flag
                // but not the write) or cut short: write it again, and the
                // rest of the file, the ordinary way
                Err(_) => self.leave_direct()?,
            }
        }
        self.file.write_all(block.filled())?;
        self.written += len as u64;
        Ok(())
    }

    /// Reopen the file without direct I/O, positioned after the bytes
    /// written so far.
    fn leave_direct(&mut self) -> io::Result<()> {
        let mut file = OpenOptions::new().write(true).open(&self.path)?;
        file.seek(SeekFrom::Start(self.written))?;
        self.file = file;
        self.direct = false;
        Ok(())
    }
}

/// `path` created (truncated) for direct I/O, or `None` where it cannot be.
#[cfg(target_os = "linux")]
fn open_direct(path: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(libc::O_DIRECT)
        .open(path)
        .ok()
}

/// Direct I/O is used on Linux only.
#[cfg(not(target_os = "linux"))]
fn open_direct(_path: &Path) -> Option<File> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("framelens-stream-{}-{name}", std::process::id()))
    }

    /// Bytes that show a misplaced block: position-dependent.
    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i % 251) as u8 ^ (i / 4096) as u8).collect()
    }

    /// Write `pattern(n)` for each of `sizes` with `write` (given the
    /// write's index), through a direct or an ordinary sink, and check
    /// the file holds exactly those bytes.
    fn round_trip_with(
        name: &str,
        sizes: &[usize],
        direct: bool,
        write: impl Fn(&mut StreamFile, usize, &[u8]),
    ) {
        let path = temp(&format!("{name}-{direct}-{}", sizes.len()));
        let sink = if direct {
            Sink::open(&path)
        } else {
            // what a file system without direct I/O leads to
            Sink::ordinary(&path)
        };
        let mut f = StreamFile::start(sink.unwrap(), "t.csv").unwrap();
        let mut expected = Vec::new();
        for (i, &n) in sizes.iter().enumerate() {
            let bytes = pattern(n);
            write(&mut f, i, &bytes);
            expected.extend_from_slice(&bytes);
        }
        f.finish().unwrap().join().unwrap().unwrap();
        let got = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(got.len(), expected.len(), "{sizes:?}");
        assert!(got == expected, "content differs for {sizes:?}");
    }

    fn round_trip(sizes: &[usize], direct: bool) {
        round_trip_with("write", sizes, direct, |f, _, b| f.write_all(b).unwrap());
    }

    #[test]
    fn bytes_appended_in_place_arrive_in_order_whatever_their_sizes() {
        let sizes = [
            10,
            BLOCK - 19,
            32,
            SLACK + 8,
            BLOCK + 4,
            3 * BLOCK + 12,
            7,
            BLOCK + 6,
            2 * BLOCK + 8,
        ];
        for direct in [true, false] {
            // every third write the ordinary way, between appends in place
            round_trip_with("in-place", &sizes, direct, |f, i, bytes| {
                if i % 3 == 2 {
                    f.write_all(bytes).unwrap();
                } else {
                    f.append_with(|out| out.extend_from_slice(bytes)).unwrap();
                }
            });
        }
    }

    #[test]
    fn every_byte_arrives_in_order_whatever_the_sizes_of_the_writes() {
        for direct in [true, false] {
            round_trip(&[], direct);
            round_trip(&[1], direct);
            round_trip(&[ALIGN - 1, 1, ALIGN + 1], direct);
            round_trip(&[BLOCK], direct);
            round_trip(&[BLOCK - 3, 7, 2 * BLOCK + 5], direct);
            round_trip(&[100; 30_000], direct);
        }
    }

    fn block(off: usize, text: &[u8]) -> Block {
        let mut b = Block::new();
        b.off += off;
        b.data.resize(b.off, 0);
        b.data.extend_from_slice(text);
        b
    }

    /// Write `blocks` straight through a sink; whether it still wrote
    /// directly at the end, and what the file holds.
    fn through_sink(name: &str, blocks: Vec<Block>) -> (bool, bool, Vec<u8>) {
        let path = temp(name);
        let mut sink = Sink::open(&path).unwrap();
        let started_direct = sink.direct;
        for mut b in blocks {
            sink.write_block(&mut b).unwrap();
        }
        let ended_direct = sink.direct;
        let (to_writer, rest) = mpsc::sync_channel::<Block>(1);
        drop(to_writer);
        sink.run(rest, mpsc::channel::<Block>().0).unwrap();
        let got = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        (started_direct, ended_direct, got)
    }

    #[test]
    fn refused_direct_writes_are_written_again_the_ordinary_way() {
        let cases: [(&str, Vec<Block>, &[u8]); 2] = [
            // the second block starts at an unaligned offset
            (
                "short",
                vec![block(0, b"0123456789"), block(0, b"abcde")],
                b"0123456789abcde",
            ),
            // the first block is at a misaligned address
            (
                "refused",
                vec![block(1, b"XYZ"), block(0, b"abc")],
                b"XYZabc",
            ),
        ];
        for (name, blocks, want) in cases {
            let (direct, still, got) = through_sink(name, blocks);
            assert_eq!(got, want, "{name}");
            if direct {
                assert!(!still, "{name}: the refused write left direct I/O");
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_reported_with_the_systems_reason() {
        let sink = Sink::ordinary(Path::new("/dev/full")).unwrap();
        let mut f = StreamFile::start(sink, "out/frame_hits.csv").unwrap();
        let chunk = pattern(BLOCK);
        // the writer fails on the first block; a later write or the finish
        // reports it, whichever comes first
        let err = (0..QUEUED + 4)
            .find_map(|_| {
                f.write_all(&chunk)
                    .err()
                    .map(|e| Error::io("out/frame_hits.csv", e))
            })
            .or_else(|| match f.finish() {
                Err(e) => Some(e),
                Ok(w) => w.join().unwrap().err(),
            })
            .unwrap();
        let text = err.to_string();
        assert!(text.contains("out/frame_hits.csv"), "{text}");
        assert!(text.contains("No space left"), "{text}");
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let path = temp("no-such-folder").join("t.csv");
        let err = StreamFile::create(&path, "out/t.csv").err().unwrap();
        assert!(err.to_string().contains("out/t.csv"), "{err}");
    }
}
