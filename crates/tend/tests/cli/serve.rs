//! `tend serve`: started as a child process and asked over plain HTTP/1.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::{Sandbox, tend};

const READY_PREFIX: &str = "Tend is running at http://";
const TIMEOUT: Duration = Duration::from_secs(30);

/// A running `tend serve`, killed when dropped so that a failing test leaves nothing behind.
struct Server {
    child: Child,
    stderr_path: std::path::PathBuf,
}

impl Server {
    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `tend serve` (with `options`) on a port the system picks and returns it with the
/// address it announced.
fn start(sandbox: &Sandbox, options: &[&str]) -> (Server, SocketAddr) {
    let stderr_path = sandbox.path().join("serve.stderr");
    let stderr = std::fs::File::create(&stderr_path).expect("a file for stderr");
    let mut child = tend(sandbox.path())
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url"])
        .arg(&sandbox.url)
        .args(options)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("tend serve starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let server = Server { child, stderr_path };

    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match received.recv_timeout(left) {
            Ok(line) => {
                if let Some(address) = line.strip_prefix(READY_PREFIX) {
                    let address = address
                        .trim()
                        .parse()
                        .unwrap_or_else(|e| panic!("`{line}` does not name an address: {e}"));
                    return (server, address);
                }
            }
            Err(error) => panic!(
                "tend serve did not announce itself ({error:?}); stderr:\n{}",
                server.stderr()
            ),
        }
    }
}

/// Sends `GET path` and returns the status code and the body.
fn get(address: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT).expect("a connection");
    stream.set_read_timeout(Some(TIMEOUT)).expect("a timeout");
    stream.set_write_timeout(Some(TIMEOUT)).expect("a timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("a response before the timeout");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers: {response:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status: {response:?}"));
    (status, body.to_owned())
}

#[test]
fn serve_announces_its_address_and_answers_healthz() {
    let sandbox = Sandbox::new();
    let (server, address) = start(&sandbox, &[]);
    assert!(address.ip().is_loopback());
    assert_ne!(address.port(), 0, "the announced port is the bound one");

    let (status, body) = get(address, "/healthz");
    assert_eq!(status, 200, "body: {body:?}; stderr:\n{}", server.stderr());
    assert_eq!(body.trim(), "ok");
    drop(server);
}

/// A receiver on a free local port that answers 200 to every request and hands each request's
/// head and body over.
fn receiver() -> (String, mpsc::Receiver<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (requests, received) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let _ = stream.set_read_timeout(Some(TIMEOUT));
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let mut request = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
                request.push_str(&line);
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            request.push_str(&String::from_utf8_lossy(&body));
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            if requests.send(request).is_err() {
                break;
            }
        }
    });
    (url, received)
}

/// A webhook to `url` with one delivery waiting, written while no server runs.
fn waiting_delivery(sandbox: &Sandbox, url: &str) {
    sandbox.with_store(async |store| {
        let webhook = store
            .create_webhook(url, "whsec_cli", None)
            .await
            .expect("a webhook");
        store
            .enqueue_webhook_delivery(webhook.id, None, r#"{"text":"Waiting since before"}"#)
            .await
            .expect("a delivery");
    });
}

#[test]
fn serve_sends_the_webhook_deliveries_that_wait() {
    let sandbox = Sandbox::new();
    let (url, received) = receiver();
    waiting_delivery(&sandbox, &url);
    let (server, _) = start(&sandbox, &[]);
    let request = received
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("nothing was delivered; stderr:\n{}", server.stderr()));
    assert!(request.starts_with("POST /hook "), "{request}");
    let lower = request.to_ascii_lowercase();
    assert!(lower.contains("x-tend-signature: v1="), "{request}");
    assert!(lower.contains("x-tend-timestamp: "), "{request}");
    assert!(
        request.ends_with(r#"{"text":"Waiting since before"}"#),
        "{request}"
    );
    drop(server);
}

#[test]
fn serve_with_no_webhooks_sends_nothing() {
    let sandbox = Sandbox::new();
    let (url, received) = receiver();
    waiting_delivery(&sandbox, &url);
    let (server, address) = start(&sandbox, &["--no-webhooks"]);
    assert_eq!(get(address, "/healthz").0, 200);
    assert!(
        received.recv_timeout(Duration::from_secs(3)).is_err(),
        "a process started with --no-webhooks sent a delivery"
    );
    drop(server);
}
