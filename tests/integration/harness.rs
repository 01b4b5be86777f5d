//! Run the real binary; compare CSVs with goldens side by side.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fixture path.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/integration/fixtures")
        .join(rel)
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success, got:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn fails_with(self, code: i32, needle: &str) -> Run {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Run `framelens ARGS…`.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run framelens");
    finish(out)
}

/// Run `framelens ARGS…` with `input` on standard input.
pub fn run_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], input: &[u8]) -> Run {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_framelens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run framelens");
    child.stdin.take().unwrap().write_all(input).unwrap();
    finish(child.wait_with_output().unwrap())
}

/// Read a file to a string.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compare a produced CSV with its golden; with FRAMELENS_BLESS=1 write the
/// golden instead. On mismatch, show expected and got side by side.
#[track_caller]
pub fn assert_golden(got: &Path, golden: &Path) {
    let got_text = read(got);
    if std::env::var_os("FRAMELENS_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(golden, &got_text).unwrap();
        return;
    }
    let want = read(golden);
    if want != got_text {
        let mut table = String::new();
        let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got_text.lines().collect());
        for i in 0..w.len().max(g.len()) {
            let (a, b) = (w.get(i).unwrap_or(&""), g.get(i).unwrap_or(&""));
            let mark = if a == b { ' ' } else { '≠' };
            table.push_str(&format!("{mark} {a:<60} | {b}\n"));
        }
        panic!(
            "{} differs from {}\n  expected{:<52} | got\n{table}",
            got.display(),
            golden.display(),
            ""
        );
    }
}

/// Parse a CSV file into header + rows of strings.
pub fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// One column of a parsed CSV by name.
pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}
