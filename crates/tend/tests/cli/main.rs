//! Integration tests of the `tend` binary: each test runs the real executable against its own
//! SQLite database in a temporary directory, and checks what it printed, its exit code and what
//! it wrote (through the store).

mod admin;
mod config;
mod demo;
mod people;
mod serve;

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;
use tend_store::{ExportedPerson, Store};

/// A `tend` command that runs in `dir` and inherits no `TEND_*` variable from the environment.
fn tend(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tend"));
    command.current_dir(dir);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("TEND_") {
            command.env_remove(key);
        }
    }
    command
}

/// What a finished `tend` printed and how it ended.
#[derive(Debug)]
struct Run {
    success: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(command: &mut Command) -> Self {
        let output = command.output().expect("the tend binary runs");
        Self {
            success: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    #[track_caller]
    fn assert_success(&self) -> &Self {
        assert!(self.success, "tend failed: {self:#?}");
        self
    }

    #[track_caller]
    fn assert_failure(&self) -> &Self {
        assert!(!self.success, "tend should have failed: {self:#?}");
        assert_ne!(self.code, Some(0), "{self:#?}");
        self
    }
}

/// A temporary directory with its own database, `sqlite://<dir>/t.db`.
struct Sandbox {
    dir: TempDir,
    url: String,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        Self { dir, url }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `tend ARGS --database-url <this sandbox's database>`.
    fn tend(&self, args: &[&str]) -> Run {
        Run::of(
            tend(self.path())
                .args(args)
                .args(["--database-url", &self.url]),
        )
    }

    /// Writes a file into the sandbox and returns its path.
    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, contents).expect("the file is written");
        path
    }

    /// Runs `tend import people FILE` on a file written with `contents`.
    fn import(&self, contents: &str) -> Run {
        let file = self.write("people.csv", contents);
        self.tend(&["import", "people", file.to_str().expect("a UTF-8 path")])
    }

    /// `tend export people`'s standard output; panics if it fails.
    fn export(&self) -> String {
        self.tend(&["export", "people"])
            .assert_success()
            .stdout
            .clone()
    }

    /// Opens the database through the store and runs `read` on it.
    fn with_store<T>(&self, read: impl AsyncFnOnce(&Store) -> T) -> T {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let store = Store::connect(&self.url).await.expect("the database opens");
            let value = read(&store).await;
            store.close().await;
            value
        })
    }

    fn stored_people(&self) -> Vec<ExportedPerson> {
        self.with_store(async |store| store.people_for_export().await.expect("people"))
    }

    fn count_people(&self) -> i64 {
        self.with_store(async |store| store.count_people().await.expect("a count"))
    }
}
