//! `demarche kb ...`: convert the public sources, look entities up, check user files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Subcommand;
use demarche_kb::{Day, Kb};

#[derive(Subcommand)]
pub enum KbCmd {
    /// Regenerate kb/generated/ from ../shared/data/kb-sources.
    Convert {
        /// The sources folder.
        #[arg(long, default_value = "../shared/data/kb-sources")]
        sources: PathBuf,
        /// Output folder.
        #[arg(long, default_value = "kb/generated")]
        out: PathBuf,
        /// The curated organisations file (Phoenix duplicates of these are left out).
        #[arg(long, default_value = "kb/curated/organisations.jsonl")]
        curated: PathBuf,
    },
    /// Look a name up: the entity, its roles on a date, its aliases.
    Lookup {
        /// A name, alias, acronym or id.
        name: String,
        /// The date roles are checked on (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// Extra KB files or folders.
        #[arg(long)]
        kb: Vec<PathBuf>,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Validate KB files (with the built-in KB, so references resolve); errors name file and
    /// line.
    Check {
        /// Files or folders of `.jsonl` KB files.
        files: Vec<PathBuf>,
    },
}

pub fn run(cmd: KbCmd, out: &mut impl Write) -> Result<bool> {
    match cmd {
        KbCmd::Convert {
            sources,
            out: dir,
            curated,
        } => {
            let cur = std::fs::read_to_string(&curated).ok();
            let r = demarche_kb::convert::convert(&sources, &dir, cur.as_deref())
                .map_err(anyhow::Error::msg)?;
            for (f, n) in r.counts {
                writeln!(out, "{n:>7}  {}", dir.join(f).display())?;
            }
            for (why, n) in r.skipped {
                writeln!(out, "skipped {n:>6}  {why}")?;
            }
            Ok(true)
        }
        KbCmd::Lookup {
            name,
            date,
            kb,
            json,
        } => {
            let kb = load(&kb)?;
            let day = match &date {
                Some(d) => Some(Day::parse(d).ok_or_else(|| {
                    anyhow::anyhow!("--date {d:?}: expected YYYY, YYYY-MM or YYYY-MM-DD")
                })?),
                None => None,
            };
            let found = kb.lookup(&name, day);
            if found.is_empty() {
                writeln!(out, "no entity named {name:?}")?;
                return Ok(false);
            }
            for e in found {
                let roles: Vec<_> = match day {
                    Some(d) => e.roles_on(d).collect(),
                    None => e.roles.iter().collect(),
                };
                if json {
                    let v = serde_json::json!({"entity": e, "roles_on_date": roles, "date": date});
                    writeln!(out, "{v}")?;
                    continue;
                }
                writeln!(out, "{}  {}  ({})", e.id, e.name, e.kind.name())?;
                let label = match &date {
                    Some(d) => format!("roles on {d}"),
                    None => "roles".to_string(),
                };
                if roles.is_empty() {
                    writeln!(out, "  {label}: none")?;
                }
                for r in roles {
                    let of =
                        r.of.as_deref()
                            .and_then(|o| kb.get(o))
                            .map(|o| o.name.as_str())
                            .unwrap_or("");
                    writeln!(
                        out,
                        "  {label}: {} {of} ({}–{}) [{}]",
                        r.role,
                        r.from.as_deref().unwrap_or("?"),
                        r.to.as_deref().unwrap_or(""),
                        r.source.as_deref().unwrap_or("")
                    )?;
                }
                let names: Vec<String> = e
                    .all_names()
                    .map(|n| match n {
                        demarche_kb::Name::Full { text, from, to, .. }
                            if from.is_some() || to.is_some() =>
                        {
                            format!(
                                "{text} ({}–{})",
                                from.as_deref().unwrap_or(""),
                                to.as_deref().unwrap_or("")
                            )
                        }
                        _ => n.text().to_string(),
                    })
                    .collect();
                writeln!(out, "  aliases: {}", names.join(" · "))?;
                if let Some(s) = &e.source {
                    writeln!(out, "  source: {s}")?;
                }
            }
            Ok(true)
        }
        KbCmd::Check { files } => {
            if files.is_empty() {
                bail!("kb check: name at least one file or folder");
            }
            match Kb::builtin_with(&files) {
                Ok(kb) => {
                    writeln!(
                        out,
                        "ok: {} entities with the built-in KB",
                        kb.entities().len()
                    )?;
                    Ok(true)
                }
                Err(errs) => {
                    for e in &errs {
                        writeln!(out, "{e}")?;
                    }
                    writeln!(out, "{} error(s)", errs.len())?;
                    Ok(false)
                }
            }
        }
    }
}

/// The built-in KB plus user files.
pub fn load(extra: &[PathBuf]) -> Result<Kb> {
    if extra.is_empty() {
        return Ok(Kb::builtin());
    }
    Kb::builtin_with(extra).map_err(|errs| {
        anyhow::anyhow!(
            "{}",
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}
