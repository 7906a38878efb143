//! The command line. Every setting (database, listen address, base URL, log format, demo size
//! and seed) can also be given as a `TEND_*` environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tracing_subscriber::EnvFilter;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://tend.db";
pub const DEFAULT_DEMO_DATABASE_URL: &str = "sqlite://tend-demo.db";

#[derive(Parser)]
#[command(
    name = "tend",
    version,
    about = "Tend: a self-hosted workspace for leading people, not just managing work."
)]
pub struct Cli {
    /// How log lines are written.
    #[arg(long, env = "TEND_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the web app and the API.
    Serve(ServeArgs),
    /// Create a demo organisation (if its database is empty) and serve it.
    Demo(DemoArgs),
    /// Manage accounts and tokens.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Import data from CSV.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Export data as CSV.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
}

#[derive(Args, Clone)]
pub struct DatabaseArgs {
    /// `sqlite://FILE` (created if missing) or `postgres://USER@HOST/DB`. Default:
    /// `sqlite://tend.db`, or `sqlite://tend-demo.db` for `demo`.
    #[arg(long, env = "TEND_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    pub fn url_or<'a>(&'a self, default: &'a str) -> &'a str {
        self.database_url.as_deref().unwrap_or(default)
    }
}

#[derive(Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "TEND_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Where people reach Tend (used in links; `https://` makes cookies Secure). Defaults to
    /// `http://` and the listen address.
    #[arg(long, env = "TEND_BASE_URL")]
    pub base_url: Option<String>,
    /// Addresses of reverse proxies whose `X-Forwarded-For` header names the client (comma
    /// separated). Without it, every client behind a proxy shares the proxy's sign-in throttle.
    #[arg(long, env = "TEND_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Send no webhook deliveries from this process; they wait in the database for a process
    /// that does (a staging copy of a production database, say, must not post to its chat).
    #[arg(long, env = "TEND_NO_WEBHOOKS")]
    pub no_webhooks: bool,
}

#[derive(Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub serve: ServeArgs,
    /// How many people the demo organisation has.
    #[arg(long, env = "TEND_DEMO_PEOPLE", default_value_t = 40)]
    pub people: usize,
    /// The same seed makes the same organisation.
    #[arg(long, env = "TEND_DEMO_SEED", default_value_t = 1)]
    pub seed: u64,
    /// Create the organisation, then exit instead of serving it.
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create a person and print a one-time link for them to set their password.
    CreateUser(CreateUserArgs),
    /// Personal API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Args)]
pub struct CreateUserArgs {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// Make the person an admin (manages accounts and settings; reads no private content).
    #[arg(long)]
    pub admin: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Where people reach Tend, for the link.
    #[arg(long, env = "TEND_BASE_URL", default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a personal API token and print it, alone on its line, to standard output.
    Create(TokenArgs),
}

#[derive(Args)]
pub struct TokenArgs {
    #[arg(long)]
    pub email: String,
    /// A name to recognise the token by in Settings.
    #[arg(long, default_value = "command line")]
    pub name: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// People from a CSV with the columns email,name,manager_email,team,role. Every row is
    /// checked first; if any is bad nothing is written. Importing the same file again changes nothing.
    People(ImportArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Active people as CSV (email,name,manager_email,team,role), the format import reads.
    People(ExportArgs),
}

#[derive(Args)]
pub struct ExportArgs {
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_env("TEND_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
