//! Prism: installed from the npm registry into `target/prism` at a pinned version, and started
//! on 127.0.0.1 for one document at a time.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The Prism release the contract is checked against.
const VERSION: &str = "5.14.2";

/// How long a document may take to load; large documents take minutes.
const STARTUP: Duration = Duration::from_secs(1200);

/// The `prism` script, installed when missing or at another version.
pub fn install(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target/prism");
    let bin = prefix.join("node_modules/.bin/prism");
    let installed = prefix.join("node_modules/@stoplight/prism-cli/package.json");
    let current = std::fs::read_to_string(&installed).ok().and_then(|text| {
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        value["version"].as_str().map(str::to_owned)
    });
    if current.as_deref() != Some(VERSION) || !bin.exists() {
        eprintln!("installing @stoplight/prism-cli@{VERSION} into {}", prefix.display());
        std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("@stoplight/prism-cli@{VERSION}"))
            .status()
            .map_err(|e| format!("cannot run npm (node 18+ and npm are needed): {e}"))?;
        if !status.success() {
            return Err(format!("npm install @stoplight/prism-cli@{VERSION} failed"));
        }
    }
    Ok(bin)
}

/// A running Prism, stopped when dropped.
pub struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts Prism on a free port of 127.0.0.1 and waits until it listens.
    pub fn start(prism: &Path, document: &Path) -> Result<Server, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let started = std::time::Instant::now();
        let mut child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            // Dynamic responses are generated from a fixed seed (reset per request), so a run
            // is reproducible and the exceptions list the same problems every time.
            .args(["--seed", "contract"])
            .arg(document)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start prism: {e}"))?;
        let stdout = child.stdout.take().ok_or("prism has no stdout")?;
        let (tx, rx) = mpsc::channel();
        // The log is read to the end on its own thread, so Prism never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("Prism is listening") {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(());
                    }
                } else if tx.is_some() && (line.contains("error") || line.contains("fatal")) {
                    // Problems loading the document; once it listens, the driver reports per request.
                    eprintln!("prism: {line}");
                }
            }
        });
        let mut server = Server { child, port };
        match rx.recv_timeout(STARTUP) {
            Ok(()) => {
                eprintln!("{}: prism ready in {:.1} s", document.display(), started.elapsed().as_secs_f64());
                Ok(server)
            }
            Err(_) => {
                server.stop();
                Err(format!("prism did not start on {} within {} s", document.display(), STARTUP.as_secs()))
            }
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
