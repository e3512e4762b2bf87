//! Prism serving `spec/openapi.yaml` as a mock API, in dynamic mode: it
//! validates every request against the document (a request that breaks it
//! gets a 4xx) and answers with random data generated from the response
//! schemas. Used by `cargo xtask example` and by the contract and example
//! tests, so the start-up lives here once.
//!
//! Prism comes from the committed `package-lock.json` (`npm ci`).

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};

/// How long Prism may take to load the document and listen.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A running Prism mock server; stopped when dropped.
pub struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism on a free local port, serving `spec/openapi.yaml` of the
    /// repository at `root`, and waits until it accepts connections. Its
    /// output goes to `target/prism-<label>.log` (one file per label, so
    /// servers started side by side do not share a log).
    pub fn start(root: &Path, label: &str) -> anyhow::Result<Prism> {
        Prism::start_document(root, label, &root.join("spec/openapi.yaml"))
    }

    /// [`Prism::start`] serving another document (a test's variant of the
    /// spec).
    pub fn start_document(root: &Path, label: &str, document: &Path) -> anyhow::Result<Prism> {
        let bin = prism_bin(root);
        ensure!(
            bin.exists(),
            "Prism is not installed at {}: run `npm ci` (cargo xtask test does)",
            bin.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .context("cannot find a free port")?
            .port();
        std::fs::create_dir_all(root.join("target"))?;
        let log = root.join(format!("target/prism-{label}.log"));
        let file = std::fs::File::create(&log)
            .with_context(|| format!("cannot create {}", log.display()))?;
        let child = Command::new(&bin)
            .args([
                "mock",
                "--dynamic",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .arg(document)
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(file.try_clone()?)
            .stderr(file)
            .spawn()
            .with_context(|| format!("cannot start {}", bin.display()))?;
        let mut prism = Prism {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            log,
        };
        prism.wait_until_listening()?;
        Ok(prism)
    }

    fn wait_until_listening(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + START_TIMEOUT;
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "Prism exited ({status}) before listening; see {}",
                    self.log.display()
                );
            }
            if Instant::now() >= deadline {
                bail!(
                    "Prism did not listen within {} s; see {}",
                    START_TIMEOUT.as_secs(),
                    self.log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(())
    }

    /// Where Prism listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give a client (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The file Prism's output goes to.
    pub fn log(&self) -> &Path {
        &self.log
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where `npm ci` installs Prism's launcher.
pub fn prism_bin(root: &Path) -> PathBuf {
    root.join("node_modules/.bin/prism")
}
