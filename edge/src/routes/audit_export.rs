//! `GET /v1/admin/audit?from=&to=&format=ndjson|csv`: the tenant's archive in chain order, streamed page by page,
//! as NDJSON (one row per line, exactly as stored, so the hash chain can be verified) or CSV for spreadsheets
//! (cells beginning with `=`, `+`, `-`, `@`, tab or carriage return are prefixed with `'` so no formula runs).
//!
//! Never includes another tenant's rows; never rewrites a stored value in NDJSON. Every export first appends its own
//! archive row (`archive_exported`: who, with which credential, the period and the format), so an export that
//! reaches the present shows itself last. `Content-Disposition` names the file (exposed to browsers by `cors`).

use candor_domain::Role;
use candor_domain::archive::ArchiveExported;
use futures_util::stream;
use worker::{Env, Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::http;
use crate::ops::archived_read;
use crate::store::{AuditRow, Store};

const PAGE_ROWS: u32 = 500;
/// 10000-01-01: an open `to`.
const END_OF_TIME_MS: i64 = candor_domain::calendar::END_OF_TIME_MS;
const CSV_COLUMNS: [&str; 18] = [
    "seq",
    "at",
    "review_id",
    "review_seq",
    "action",
    "from_stage",
    "to_stage",
    "actor",
    "role",
    "reason_code",
    "note",
    "content_hash",
    "prev_hash",
    "row_hash",
    "person_id",
    "credential_id",
    "lineage_id",
    "hash_version",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Ndjson,
    Csv,
}

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&[Role::Compliance, Role::Owner, Role::Admin])?;
    let url = request.url()?;
    let query = |name: &str| http::query_param(&url, name);
    let format = match query("format").as_deref() {
        None | Some("ndjson") => Format::Ndjson,
        Some("csv") => Format::Csv,
        Some(_) => {
            return Err(ApiError::invalid(
                "format",
                "invalid_choice",
                "format must be ndjson or csv.",
            ));
        }
    };
    let from_ms = match query("from") {
        None => 0,
        Some(text) => parse_time(&text).ok_or_else(|| bad_time("from"))?,
    };
    let to_ms = match query("to") {
        None => END_OF_TIME_MS,
        Some(text) => parse_time(&text).ok_or_else(|| bad_time("to"))?,
    };
    if to_ms < from_ms {
        return Err(ApiError::invalid(
            "to",
            "out_of_range",
            "to must not be before from.",
        ));
    }
    // Archived before a byte is sent: an export the archive cannot record is refused.
    archived_read::record(
        &store,
        &staff,
        "archive_exported",
        &ArchiveExported {
            format: match format {
                Format::Ndjson => "ndjson",
                Format::Csv => "csv",
            },
            from: from_ms,
            to: to_ms,
        },
    )
    .await?;

    let env: Env = ctx.env.clone();
    let tenant = staff.tenant.clone();
    // State: the last seq sent (None once finished) and whether the CSV header went out.
    let pages = stream::unfold(Some((0i64, false)), move |state| {
        let env = env.clone();
        let tenant = tenant.clone();
        async move {
            let (after_seq, header_sent) = state?;
            if format == Format::Csv && !header_sent {
                let header = format!("{}\r\n", CSV_COLUMNS.join(","));
                return Some((
                    Ok::<Vec<u8>, worker::Error>(header.into_bytes()),
                    Some((after_seq, true)),
                ));
            }
            let page = match Store::open(&env) {
                Ok(store) => {
                    store
                        .audit_page(&tenant, from_ms, to_ms, after_seq, PAGE_ROWS)
                        .await
                }
                Err(error) => Err(error),
            };
            let rows = match page {
                Ok(rows) => rows,
                // Headers are gone by now: end the body early so the client sees a truncated download.
                Err(error) => {
                    return Some((Err(worker::Error::RustError(error.to_string())), None));
                }
            };
            if rows.is_empty() {
                return None;
            }
            let last = rows.last().map_or(after_seq, |row| row.seq);
            let more = rows.len() == PAGE_ROWS as usize;
            let mut chunk = String::new();
            for row in &rows {
                match format {
                    Format::Ndjson => {
                        chunk.push_str(&serde_json::to_string(row).unwrap_or_default());
                        chunk.push('\n');
                    }
                    Format::Csv => {
                        chunk.push_str(&csv_line(row));
                    }
                }
            }
            Some((Ok(chunk.into_bytes()), more.then_some((last, true))))
        }
    });
    let mut response = Response::from_stream(pages)?;
    let headers = response.headers_mut();
    let (content_type, extension) = match format {
        Format::Ndjson => ("application/x-ndjson", "ndjson"),
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    headers.set("Content-Type", content_type)?;
    headers.set(
        "Content-Disposition",
        &format!(
            "attachment; filename=\"candor-audit-{}.{extension}\"",
            staff.tenant
        ),
    )?;
    headers.set("Cache-Control", "no-store")?;
    Ok(response)
}

fn bad_time(field: &'static str) -> ApiError {
    ApiError::invalid(
        field,
        "invalid_time",
        format!(
            "{field} must be a date (YYYY-MM-DD, UTC midnight) or milliseconds since the Unix epoch."
        ),
    )
}

/// `YYYY-MM-DD` or milliseconds, as every staff report takes them (`candor_domain::calendar`).
fn parse_time(text: &str) -> Option<i64> {
    candor_domain::calendar::parse_instant(text)
}

fn csv_line(row: &AuditRow) -> String {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let cells = [
        row.seq.to_string(),
        row.at.to_string(),
        text(&row.review_id),
        row.review_seq
            .map(|seq| seq.to_string())
            .unwrap_or_default(),
        text(&row.action),
        text(&row.from_stage),
        text(&row.to_stage),
        row.actor.clone(),
        row.role.clone(),
        text(&row.reason_code),
        text(&row.note),
        row.content_hash.clone(),
        row.prev_hash.clone(),
        row.row_hash.clone(),
        text(&row.person_id),
        text(&row.credential_id),
        text(&row.lineage_id),
        row.hash_version.to_string(),
    ];
    candor_domain::csv::line(&cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_dates_or_milliseconds() {
        assert_eq!(parse_time("1970-01-01"), Some(0));
        assert_eq!(parse_time("2026-01-01"), Some(1_767_225_600_000));
        assert_eq!(parse_time("1767225600000"), Some(1_767_225_600_000));
        assert_eq!(parse_time("2026-13-01"), None);
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("-5"), None);
    }
}
