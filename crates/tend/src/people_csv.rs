//! `tend import people` and `tend export people`: the CSV columns `email,name,manager_email,team,role`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use tend_app::{App, ImportOutcome, Viewer};
use tend_domain::import::{
    ImportRow, PEOPLE_CSV_HEADER, RowProblem, TEAM_SEPARATOR, from_spreadsheet, spreadsheet_safe,
};
use tend_store::Store;

use crate::admin::explain;
use crate::cli::{DEFAULT_DATABASE_URL, ExportArgs, ImportArgs};

/// Reads every row; a malformed one is reported with its line and the reading goes on, so the
/// rows that did parse are still checked and every problem is reported in one go.
pub fn read_rows(path: &Path) -> anyhow::Result<(Vec<ImportRow>, Vec<RowProblem>)> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(file);
    let header: Vec<String> = reader
        .headers()
        .context("cannot read the header line")?
        .iter()
        .map(str::to_lowercase)
        .collect();
    if header != PEOPLE_CSV_HEADER {
        bail!(
            "line 1: the header must be `{}`, found `{}`",
            PEOPLE_CSV_HEADER.join(","),
            header.join(",")
        );
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.len() != PEOPLE_CSV_HEADER.len() {
                    problems.push(RowProblem {
                        line,
                        message: format!(
                            "has {} columns; expected {}",
                            record.len(),
                            PEOPLE_CSV_HEADER.len()
                        ),
                    });
                    continue;
                }
                let field =
                    |i: usize| from_spreadsheet(record.get(i).unwrap_or_default()).to_owned();
                rows.push(ImportRow {
                    line,
                    email: field(0),
                    name: field(1),
                    manager_email: field(2),
                    team: field(3),
                    role: field(4),
                });
            }
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                problems.push(RowProblem {
                    line,
                    message: format!("is not valid CSV: {error}"),
                });
            }
        }
    }
    Ok((rows, problems))
}

pub async fn import(args: &ImportArgs) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url_or(DEFAULT_DATABASE_URL)).await?;
    let app = App::new(store, "");
    let (rows, problems) = read_rows(&args.file)?;
    let bar = progress(rows.len() as u64, "importing");
    let outcome = app
        .import_people(&Viewer::COMMAND_LINE, &rows, problems, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await
        .map_err(explain)?;
    bar.finish_and_clear();
    let summary = match outcome {
        ImportOutcome::Imported(summary) => summary,
        ImportOutcome::Refused(problems) => return report(&args.file, &problems),
    };
    println!(
        "Imported {}: {} created, {} updated, {} unchanged; {} teams created, {} team memberships added.",
        args.file.display(),
        summary.created,
        summary.updated,
        summary.unchanged,
        summary.teams_created,
        summary.memberships_added
    );
    Ok(())
}

fn report(file: &Path, problems: &[RowProblem]) -> anyhow::Result<()> {
    for problem in problems {
        eprintln!("{}: {problem}", file.display());
    }
    bail!(
        "{} problem(s) in {}; nothing was imported",
        problems.len(),
        file.display()
    )
}

pub fn progress(total: u64, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar.set_message(message);
    bar
}

pub async fn export(args: &ExportArgs) -> anyhow::Result<()> {
    let store = Store::connect(args.database.url_or(DEFAULT_DATABASE_URL)).await?;
    let app = App::new(store, "");
    let people = app
        .export_people(&Viewer::COMMAND_LINE)
        .await
        .map_err(explain)?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(PEOPLE_CSV_HEADER)?;
    for person in &people {
        let teams = person.teams.join(&TEAM_SEPARATOR.to_string());
        writer.write_record(
            [
                person.email.as_str(),
                person.name.as_str(),
                person.manager_email.as_deref().unwrap_or_default(),
                teams.as_str(),
                person.role.as_str(),
            ]
            .map(|field| spreadsheet_safe(field).into_owned()),
        )?;
    }
    writer.flush()?;
    Ok(())
}
