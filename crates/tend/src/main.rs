//! `tend`: serves the web app and the API, and carries the command line tools.

mod admin;
mod cli;
mod demo;
mod demo_align;
mod demo_one_on_ones;
mod demo_recognition;
mod demo_surveys;
mod people_csv;
mod serve;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use crate::cli::{AdminCommand, Cli, Command, ExportCommand, ImportCommand, TokenCommand};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    cli::init_logging(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tend: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tend: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::serve(&args, cli::DEFAULT_DATABASE_URL).await,
        Command::Demo(args) => demo::run(&args).await,
        Command::Admin { command } => match command {
            AdminCommand::CreateUser(args) => admin::create_user(&args).await,
            AdminCommand::Token {
                command: TokenCommand::Create(args),
            } => admin::create_token(&args).await,
        },
        Command::Import {
            command: ImportCommand::People(args),
        } => people_csv::import(&args).await,
        Command::Export {
            command: ExportCommand::People(args),
        } => people_csv::export(&args).await,
    }
}
