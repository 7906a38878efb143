//! A survey's results as CSV, written from the gated computation only: a hidden result is one
//! row saying why; a hidden item, dimension or cell is a row with no numbers.

use tend_app::ResultsView;
use tend_domain::survey::results::Results;

const HEADER: [&str; 10] = [
    "level",
    "id",
    "label",
    "dimension",
    "hidden",
    "n",
    "mean",
    "sd",
    "favorable_share",
    "enps",
];

/// Text a person typed, made safe for a spreadsheet: a cell that starts like a formula is
/// written with a leading apostrophe, so opening the CSV runs nothing.
fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_default()
}

fn count(value: Option<usize>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn results_csv(view: &ResultsView) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut row = |fields: [String; 10]| {
        // Writing to memory cannot fail.
        let _ = out.write_record(fields);
    };
    row(HEADER.map(str::to_owned));
    match &view.results {
        Results::Hidden { reason } => row([
            "hidden".into(),
            String::new(),
            reason.clone(),
            String::new(),
            "true".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]),
        Results::Shown(shown) => {
            for d in &shown.dimensions {
                row([
                    "dimension".into(),
                    text(&d.dimension),
                    text(&d.dimension),
                    text(&d.dimension),
                    d.hidden.to_string(),
                    count(d.n),
                    number(d.mean),
                    number(d.sd),
                    number(d.favorable_share),
                    number(d.enps.map(|e| e.enps)),
                ]);
            }
            for i in &shown.items {
                row([
                    "item".into(),
                    text(&i.id),
                    text(&i.text),
                    text(&i.dimension),
                    i.hidden.to_string(),
                    count(i.n),
                    number(i.mean),
                    number(i.sd),
                    number(i.favorable_share),
                    number(i.enps.map(|e| e.enps)),
                ]);
            }
            for b in &shown.breakdowns {
                for c in &b.cells {
                    row([
                        "team".into(),
                        b.team_id.map(|t| t.to_string()).unwrap_or_default(),
                        text(&b.name),
                        text(&c.dimension),
                        c.hidden.to_string(),
                        count(c.n),
                        number(c.mean),
                        String::new(),
                        number(c.favorable_share),
                        String::new(),
                    ]);
                }
            }
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}
