//! `lastaccessed` on the command line: the same engine as the app, for
//! scheduled audits, CI gates and evidence files. Inputs are the app's:
//! files, folders (recursively), `.zip`, `.json.gz`, every serialisation,
//! `-` for standard input. Exports are the app's own bytes: the command asks
//! the engine for them as the page does.
//!
//! Exit codes: 0 ok; 1 a `check` rule failed; 2 usage, or an input that
//! could not be read (each named on standard error, as the app names it).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::id::Id;
use crate::report::input::parse_file;
use crate::report::policy::Shape;
use crate::report::share::embed_in_html;
use crate::report::staleness::{reference_time, ReferenceMode};
use crate::report::table::{action_rows, service_rows, Staleness, Tally};
use crate::session::engine::Engine;
use crate::session::protocol::{Export, Reply, Request};
use crate::session::{in_matrix, Command, Parsed};

const EXAMPLES: &str = "Examples:
  lastaccessed summary out/123456789012/
  lastaccessed summary --json account.zip
  lastaccessed export services --csv roles/ci-deployer/ -o services.csv
  lastaccessed export fleet --csv account.zip -o fleet.csv
  lastaccessed rewrite account.zip authorization-details.json -o rewrite/
  lastaccessed suggest --report role/ci-deployer account.zip
  lastaccessed suggest --shape scp org_o-a1b2c3d4e5_r-f6g7_page-*.json -o scp.json
  lastaccessed check --fail-on unused-principal --fail-on incomplete account.zip
  lastaccessed html account.zip -o report.html

Exit codes: 0 ok, 1 a check failed, 2 usage or unreadable input.";

/// Review AWS IAM last-accessed data: summaries, exports, policy rewrites,
/// least-privilege documents and checks, as the lastaccessed app makes them.
#[derive(Parser)]
#[command(name = "lastaccessed", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Args, Clone)]
struct Inputs {
    /// Days without use before a service counts as stale.
    #[arg(long, default_value_t = 90)]
    threshold: u32,
    /// Measure ages from each report's date, or from now.
    #[arg(long, value_enum, default_value_t = Reference::Report)]
    reference: Reference,
    /// Files, folders (read recursively), .zip or .json.gz; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Reference {
    Report,
    Now,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum What {
    Services,
    Actions,
    Fleet,
    Matrix,
}

/// A shape of suggestion, by the id the app uses (`data-shape`).
fn shape_arg() -> impl TypedValueParser<Value = Shape> {
    PossibleValuesParser::new(Shape::ALL.map(Shape::id))
        .try_map(|id: String| Shape::from_id(&id).ok_or(format!("no shape {id}")))
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Debug)]
enum Rule {
    /// A service not used within the threshold (stale or never).
    StaleServices,
    /// Unused Write or Permissions management access granted (needs the authorization details).
    UnusedWrite,
    /// A principal that used nothing within the threshold.
    UnusedPrincipal,
    /// A report whose last page says more pages exist.
    Incomplete,
}

#[derive(Subcommand)]
enum Cmd {
    /// A table per report: services and tracked actions, recent / stale / never.
    Summary {
        #[command(flatten)]
        inputs: Inputs,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The app's exports, byte for byte.
    Export {
        what: What,
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        #[arg(long)]
        json: bool,
        /// For services and actions: the report (label or ARN, as a part of it); the newest by default.
        #[arg(long)]
        report: Option<String>,
        /// Write here instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// The policy rewrite (lastaccessed-rewrite.json), the account's policies
    /// a row each (lastaccessed-policies.csv), and the apply and rollback scripts.
    Rewrite {
        #[command(flatten)]
        inputs: Inputs,
        /// Folder to write the three files into.
        #[arg(short = 'o', long, default_value = ".")]
        output: PathBuf,
    },
    /// The least-privilege documents the app suggests for one report, each
    /// with where it goes (a principal's Deny, boundary, SCP and Allow of
    /// what it used; an Organizations report's two SCPs), as JSON.
    Suggest {
        /// The report (label or ARN, as a part of it); the newest by default.
        #[arg(long)]
        report: Option<String>,
        /// One document alone, as the app shows it (exit 2, with why, when
        /// that shape has none for this report).
        #[arg(long, value_parser = shape_arg())]
        shape: Option<Shape>,
        /// Write here instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Exit 1 with the offenders when a rule fails, 0 otherwise.
    Check {
        #[arg(long = "fail-on", value_enum, required = true)]
        fail_on: Vec<Rule>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// The single-file app with the reports and a default view in it.
    Html {
        #[command(flatten)]
        inputs: Inputs,
        #[arg(short = 'o', long, required = true)]
        output: PathBuf,
        /// Keep account IDs and principal names (redacted by default).
        #[arg(long)]
        no_redact: bool,
        /// The single-file app to start from (default: the one built into
        /// this command by `make cli`, else dist-single/lastaccessed.html).
        #[arg(long)]
        template: Option<PathBuf>,
    },
}

/// Every file under `paths` (folders recursively, sorted; hidden files and
/// folders such as `.DS_Store` and the collection script's markers left
/// out), as (name, path).
fn files(paths: &[PathBuf]) -> Result<Vec<(String, Option<PathBuf>)>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            if p.is_dir() {
                walk(&p, out)?;
            } else {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(("standard input".to_string(), None));
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            out.extend(
                found
                    .into_iter()
                    .map(|f| (f.to_string_lossy().replace('\\', "/"), Some(f))),
            );
        } else if p.exists() {
            out.push((p.to_string_lossy().replace('\\', "/"), Some(p.clone())));
        } else {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    Ok(out)
}

/// Load every input into an engine, as the app would. Returns the engine
/// and whether every input was read.
fn load(inputs: &Inputs) -> Result<(Engine, bool), String> {
    let now = chrono::Utc::now();
    let mut engine = Engine::new(now);
    let list = files(&inputs.paths)?;
    let progress = indicatif::ProgressBar::new(list.len() as u64);
    if list.len() < 50 || !std::io::stderr().is_terminal() {
        progress.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let mut batch = Vec::with_capacity(list.len());
    for (id, (name, path)) in list.into_iter().enumerate() {
        let bytes = match &path {
            Some(p) => std::fs::read(p).map_err(|e| format!("{name}: {e}"))?,
            None => {
                let mut b = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut b)
                    .map_err(|e| format!("standard input: {e}"))?;
                b
            }
        };
        let id = id as u64;
        engine.request(Request::Command(Command::Queue {
            id,
            name: name.clone(),
            size: bytes.len(),
        }));
        batch.push(Parsed {
            id,
            result: parse_file(&name, &bytes),
            name,
        });
        progress.inc(1);
    }
    progress.finish_and_clear();
    engine.request(Request::Command(Command::Parsed(batch)));
    engine.request(Request::Command(Command::SetThreshold(inputs.threshold)));
    let mode = match inputs.reference {
        Reference::Report => ReferenceMode::ReportDate,
        Reference::Now => ReferenceMode::Now,
    };
    engine.request(Request::Command(Command::SetReference { mode, now }));
    engine.settle();
    let errors = &engine.session().errors;
    for e in errors {
        eprintln!("lastaccessed: {e}");
    }
    let ok = errors.is_empty();
    Ok((engine, ok))
}

/// The app's file for an export: its text.
fn exported(engine: &mut Engine, what: Export) -> Result<String, String> {
    let replies = engine.request(Request::Export(what));
    for r in replies {
        match r {
            Reply::Download { text, .. } => return Ok(text),
            Reply::Snapshot(_) => {
                if let Some(e) = engine.session().errors.last() {
                    return Err(e.to_string());
                }
            }
            Reply::Html { .. } | Reply::Scripts(_) => {}
        }
    }
    Err("nothing to export".into())
}

/// Select the report whose label or principal holds `needle` (else the
/// one the engine shows first, the newest).
fn select(engine: &mut Engine, needle: &Option<String>) -> Result<(), String> {
    let Some(needle) = needle else {
        return Ok(());
    };
    let s = engine.session();
    let id = s
        .reports
        .iter()
        .find(|r| {
            s.label_of(r).contains(needle.as_str())
                || r.principal
                    .as_deref()
                    .is_some_and(|p| p.contains(needle.as_str()))
        })
        .map(|r| r.key.id())
        .ok_or_else(|| format!("no report matches {needle:?}"))?;
    engine.request(Request::Command(Command::SelectReport(id)));
    engine.settle();
    Ok(())
}

/// The selected report's suggestions as JSON (each document as a JSON
/// value), or one shape's document alone.
fn suggested(engine: &Engine, shape: Option<Shape>) -> Result<String, String> {
    let s = engine.session();
    let rows = s
        .rows
        .as_ref()
        .ok_or("no report with services to suggest from")?;
    let all = rows.suggestions();
    if let Some(wanted) = shape {
        let sug = all
            .shape(wanted)
            .ok_or("no such suggestion for this report")?;
        return match &sug.document {
            Some(doc) => {
                // What to know before applying it, beside the document.
                for note in all.notes_of(wanted) {
                    eprintln!("lastaccessed: note: {note}");
                }
                Ok(format!("{doc}\n"))
            }
            None => Err(format!(
                "no {} document for this report: {}",
                wanted.id(),
                all.notes_of(wanted).cloned().collect::<Vec<_>>().join(" ")
            )),
        };
    }
    let report = s
        .reports
        .iter()
        .find(|r| r.key.id() == rows.report_id())
        .ok_or("the selected report is gone")?;
    let shapes: Vec<serde_json::Value> = all
        .iter()
        .map(|sug| {
            serde_json::json!({
                "shape": sug.shape.id(),
                "title": sug.title,
                "placement": sug.placement,
                "document": sug.document.as_deref().map(serde_json::from_str::<serde_json::Value>).transpose().ok().flatten(),
                "notes": sug.notes,
            })
        })
        .collect();
    let out = serde_json::json!({
        "report": s.label_of(report),
        "principal": rows.principal(),
        "threshold_days": s.threshold_days,
        "notes": all.notes,
        "suggestions": shapes,
    });
    serde_json::to_string_pretty(&out)
        .map(|t| t + "\n")
        .map_err(|e| e.to_string())
}

fn write_out(output: &Option<PathBuf>, text: &str) -> Result<(), String> {
    match output {
        Some(p) => std::fs::write(p, text).map_err(|e| format!("{}: {e}", p.display())),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string()),
    }
}

/// Colour only on a terminal, and never with NO_COLOR set.
fn paint(code: &str, text: String) -> String {
    let on = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text
    }
}

fn summary(engine: &Engine, json: bool) -> String {
    let s = engine.session();
    let mut out = Vec::new();
    for r in s.reports.iter() {
        let st = Staleness {
            reference: reference_time(r, s.reference, s.now),
            threshold_days: s.threshold_days,
        };
        let services = Tally::of(service_rows(r, st).iter().map(|x| x.status));
        let actions = Tally::of(action_rows(r, st).iter().map(|x| x.status));
        out.push((
            s.label_of(r),
            r.principal.clone(),
            services,
            actions,
            r.pages,
            r.complete,
        ));
    }
    if json {
        let reports: Vec<serde_json::Value> = out
            .iter()
            .map(|(label, principal, sv, ac, pages, complete)| {
                serde_json::json!({
                    "label": label, "principal": principal,
                    "services": sv.total, "recent": sv.recent, "stale": sv.stale, "never": sv.never,
                    "actions": ac.total, "actions_recent": ac.recent, "actions_stale": ac.stale, "actions_never": ac.never,
                    "pages": pages, "complete": complete,
                })
            })
            .collect();
        return serde_json::to_string_pretty(&serde_json::json!({ "reports": reports }))
            .unwrap_or_default()
            + "\n";
    }
    let width = out
        .iter()
        .map(|o| o.0.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut text = format!(
        "{:width$}  {:>8} {:>6} {:>6} {:>6}  {:>7} {:>6} {:>6} {:>6}  {:>5}  complete\n",
        "report",
        "services",
        "recent",
        "stale",
        "never",
        "actions",
        "recent",
        "stale",
        "never",
        "pages"
    );
    for (label, _, sv, ac, pages, complete) in &out {
        text.push_str(&format!(
            "{label:width$}  {:>8} {:>6} {} {}  {:>7} {:>6} {:>6} {:>6}  {:>5}  {}\n",
            sv.total,
            sv.recent,
            paint("33", format!("{:>6}", sv.stale)),
            paint("31", format!("{:>6}", sv.never)),
            ac.total,
            ac.recent,
            ac.stale,
            ac.never,
            pages,
            if *complete { "yes" } else { "NO" }
        ));
    }
    text.push_str(&format!(
        "threshold {} days, ages from {}\n",
        s.threshold_days,
        match s.reference {
            ReferenceMode::ReportDate => "each report's date",
            ReferenceMode::Now => "now",
        }
    ));
    text
}

fn check(engine: &Engine, rules: &[Rule]) -> Result<Vec<String>, String> {
    let s = engine.session();
    let fleet = s.build_fleet();
    let mut offenders = Vec::new();
    for rule in rules {
        match rule {
            Rule::StaleServices => {
                for r in fleet.rows.iter().filter(|r| r.stale + r.never > 0) {
                    offenders.push(format!(
                        "stale-services: {}: {} stale, {} never used",
                        r.label, r.stale, r.never
                    ));
                }
            }
            Rule::UnusedWrite => {
                if s.authz.pages == 0 {
                    return Err("--fail-on unused-write needs the account's authorization details (aws iam get-account-authorization-details) among the inputs".into());
                }
                for r in fleet
                    .rows
                    .iter()
                    .filter(|r| r.unused_risky.unwrap_or(0) > 0)
                {
                    offenders.push(format!(
                        "unused-write: {}: {} unused Write or Permissions management actions granted",
                        r.label,
                        r.unused_risky.unwrap_or(0)
                    ));
                }
            }
            Rule::UnusedPrincipal => {
                for r in fleet.rows.iter().filter(|r| r.unused()) {
                    offenders.push(format!(
                        "unused-principal: {}: nothing used in the last {} days",
                        r.label, s.threshold_days
                    ));
                }
            }
            Rule::Incomplete => {
                for r in s.reports.iter().filter(|r| in_matrix(r) && !r.complete) {
                    offenders.push(format!(
                        "incomplete: {}: more pages exist (--marker {})",
                        s.label_of(r),
                        r.next_marker.clone().unwrap_or_default()
                    ));
                }
            }
        }
    }
    Ok(offenders)
}

/// The single-file app: given, built in by `make cli`, or beside the sources.
fn template(given: &Option<PathBuf>) -> Result<String, String> {
    if let Some(p) = given {
        return std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    }
    let built_in = include_str!(concat!(env!("OUT_DIR"), "/lastaccessed.html"));
    if !built_in.is_empty() {
        return Ok(built_in.to_string());
    }
    let local = Path::new("dist-single/lastaccessed.html");
    std::fs::read_to_string(local).map_err(|_| {
        "no single-file app to start from: pass --template PATH (make build writes dist-single/lastaccessed.html; make cli builds it in)".to_string()
    })
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let unreadable = |ok: bool| {
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        }
    };
    match cli.command {
        Cmd::Summary { inputs, json } => {
            let (engine, ok) = load(&inputs)?;
            print!("{}", summary(&engine, json));
            Ok(unreadable(ok))
        }
        Cmd::Export {
            what,
            csv,
            json,
            report,
            output,
            inputs,
        } => {
            let (mut engine, ok) = load(&inputs)?;
            let json = json && !csv;
            select(&mut engine, &report)?;
            let text = match (what, json) {
                (What::Services, false) => exported(&mut engine, Export::Services { all: true })?,
                (What::Actions, false) => exported(&mut engine, Export::Actions { all: true })?,
                (What::Services | What::Actions, true) => {
                    exported(&mut engine, Export::ReportJson)?
                }
                (What::Fleet, false) => exported(&mut engine, Export::Fleet)?,
                (What::Fleet, true) => {
                    let f = engine.session().build_fleet();
                    serde_json::to_string_pretty(&f.rows).map_err(|e| e.to_string())? + "\n"
                }
                (What::Matrix, json) => {
                    let m = engine
                        .session()
                        .matrix
                        .clone()
                        .ok_or("the matrix needs two reports or more")?;
                    if json {
                        serde_json::to_string_pretty(&*m).map_err(|e| e.to_string())? + "\n"
                    } else {
                        let (rows, columns) =
                            ((0..m.rows.len()).collect(), (0..m.columns.len()).collect());
                        exported(&mut engine, Export::Matrix { rows, columns })?
                    }
                }
            };
            write_out(&output, &text)?;
            Ok(unreadable(ok))
        }
        Cmd::Rewrite { inputs, output } => {
            let (mut engine, ok) = load(&inputs)?;
            if engine.session().authz.pages == 0 {
                return Err("the rewrite needs the account's authorization details (aws iam get-account-authorization-details) among the inputs".into());
            }
            std::fs::create_dir_all(&output).map_err(|e| format!("{}: {e}", output.display()))?;
            for (what, name) in [
                (Export::Rewrite, "lastaccessed-rewrite.json"),
                (Export::Policies, "lastaccessed-policies.csv"),
                (Export::ApplyScript, "lastaccessed-apply.sh"),
                (Export::RollbackScript, "lastaccessed-rollback.sh"),
            ] {
                let text = exported(&mut engine, what)?;
                let path = output.join(name);
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
            Ok(unreadable(ok))
        }
        Cmd::Suggest {
            report,
            shape,
            output,
            inputs,
        } => {
            let (mut engine, ok) = load(&inputs)?;
            select(&mut engine, &report)?;
            write_out(&output, &suggested(&engine, shape)?)?;
            Ok(unreadable(ok))
        }
        Cmd::Check { fail_on, inputs } => {
            let (engine, ok) = load(&inputs)?;
            if !ok {
                return Ok(ExitCode::from(2));
            }
            let offenders = check(&engine, &fail_on)?;
            if offenders.is_empty() {
                println!(
                    "ok: {} reports, no rule failed ({:?})",
                    engine.session().reports.len(),
                    fail_on
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for o in &offenders {
                    println!("{o}");
                }
                Ok(ExitCode::from(1))
            }
        }
        Cmd::Html {
            inputs,
            output,
            no_redact,
            template: given,
        } => {
            let source = template(&given)?;
            let (mut engine, ok) = load(&inputs)?;
            let replies = engine.request(Request::Export(Export::Html {
                redacted: !no_redact,
            }));
            let fragment = replies
                .into_iter()
                .find_map(|r| match r {
                    Reply::Html { fragment, .. } => Some(fragment),
                    _ => None,
                })
                .ok_or("no report to put in the page")?;
            std::fs::write(&output, embed_in_html(&source, &fragment))
                .map_err(|e| format!("{}: {e}", output.display()))?;
            eprintln!("wrote {}", output.display());
            Ok(unreadable(ok))
        }
    }
}

/// The command's entry point.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("lastaccessed: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
