//! Archive rows as a table — who, what, when, why — for a review's trail and the archive view. Hashes are shown
//! short; the full row is in the export.

use candor_domain::archive::AuditRow;
use leptos::prelude::*;

use crate::components::app::Console;
use crate::i18n::stage_name;
use crate::time;

#[component]
pub fn TrailTable(rows: Vec<AuditRow>, caption: &'static str) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let rows = StoredValue::new(rows);
    view! {
        <table class="trail">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">"#"</th>
                <th scope="col">{move || words().when}</th>
                <th scope="col">{move || words().who}</th>
                <th scope="col">{move || words().what}</th>
                <th scope="col">{move || words().why}</th>
                <th scope="col">"Hash"</th>
            </tr></thead>
            <tbody>
                {move || {
                    let lang = console.lang.get();
                    rows.get_value()
                        .into_iter()
                        .map(|row| {
                            let what = match (&row.from_stage, &row.to_stage) {
                                (Some(from), Some(to)) => format!(
                                    "{} → {}",
                                    stage_name(lang, from),
                                    stage_name(lang, to)
                                ),
                                _ => row.action.clone().unwrap_or_default(),
                            };
                            let who = match &row.person_id {
                                Some(person) => format!("{} ({}, {})", row.actor, row.role, person),
                                None => format!("{} ({})", row.actor, row.role),
                            };
                            // Staff changes archive their content as JSON: folded away, one click to read.
                            let (note, content) = match row.note.clone() {
                                Some(note) if note.starts_with('{') => (None, Some(note)),
                                other => (other, None),
                            };
                            let why = [row.reason_code.clone(), note]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(" — ");
                            let content = content.map(|content| view! {
                                <details><summary>{words().details}</summary><code>{content}</code></details>
                            });
                            view! {
                                <tr>
                                    <td>{row.seq}</td>
                                    <td>{time::utc(row.at)}</td>
                                    <td>{who}</td>
                                    <td>{what}</td>
                                    <td class="why">{why}{content}</td>
                                    <td><code title=row.row_hash.clone()>{row.row_hash.chars().take(10).collect::<String>()}</code></td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}
