//! One attribute question of a product as a table row: its labels in English and Chinese and its order, saved with
//! `PATCH /v1/admin/attributes/{product}.{key}` (only what changed is sent), and archiving or restoring it. Refused
//! fields are shown in the row.

use candor_domain::catalogue::{AttributePatch, AttributeView, CatalogueSubject};
use leptos::prelude::*;

use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::item_history::ItemHistory;

/// The patch from what is in the row to what was stored: `None` when nothing changed.
fn patch_of(stored: &AttributeView, en: &str, zh: &str, position: &str) -> Option<AttributePatch> {
    let changed = |now: &str, before: &str| (now.trim() != before).then(|| now.trim().to_owned());
    let position = position.trim();
    let patch = AttributePatch {
        label_en: changed(en, &stored.label_en),
        label_zh: changed(zh, &stored.label_zh),
        // Anything that is not a whole number is sent as 0, which the edge refuses with the field's rule.
        position: (position != stored.position.to_string())
            .then(|| position.parse::<i64>().unwrap_or(0)),
        archived: None,
    };
    (patch != AttributePatch::default()).then_some(patch)
}

#[component]
pub fn AttributeRow(attribute: AttributeView) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let stored = RwSignal::new(attribute.clone());
    let history_item = attribute.id.clone();
    let label_en = RwSignal::new(attribute.label_en.clone());
    let label_zh = RwSignal::new(attribute.label_zh.clone());
    let position = RwSignal::new(attribute.position.to_string());
    let saved = RwSignal::new(false);
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let (en_problem, zh_problem, position_problem) = (
        action.field("label_en"),
        action.field("label_zh"),
        action.field("position"),
    );
    let path = StoredValue::new(format!(
        "/v1/admin/attributes/{}",
        client::encode(&attribute.id)
    ));
    let stored_answer = move |updated: AttributeView| {
        label_en.set(updated.label_en.clone());
        label_zh.set(updated.label_zh.clone());
        position.set(updated.position.to_string());
        stored.set(updated);
        saved.set(true);
    };
    let save = move |_| {
        saved.set(false);
        let Some(body) = stored.with_untracked(|stored| {
            patch_of(
                stored,
                &label_en.get_untracked(),
                &label_zh.get_untracked(),
                &position.get_untracked(),
            )
        }) else {
            saved.set(true);
            return;
        };
        action.send("PATCH", path.get_value(), body, stored_answer);
    };
    let archive = move |_| {
        saved.set(false);
        let body = AttributePatch {
            archived: Some(!stored.with_untracked(|stored| stored.archived)),
            ..AttributePatch::default()
        };
        action.send("PATCH", path.get_value(), body, stored_answer);
    };
    let name = StoredValue::new(format!("{} · {}", attribute.product, attribute.key));
    let label = move |what: fn(&crate::i18n::Words) -> &'static str| {
        move || format!("{}: {}", name.get_value(), what(words()))
    };
    let (en_label, zh_label, position_label) = (
        label(|w| w.label_en),
        label(|w| w.label_zh),
        label(|w| w.order),
    );
    view! {
        <tr data-attribute=attribute.id.clone()>
            <th scope="row"><code>{attribute.key.clone()}</code></th>
            <td>
                <input type="text" maxlength="80" lang="en" aria-label=en_label data-field="label_en"
                    aria-invalid=move || en_problem().is_some().then_some("true")
                    prop:value=move || label_en.get() on:input=move |event| label_en.set(event_target_value(&event))/>
                <p class="problem">{en_problem}</p>
            </td>
            <td>
                <input type="text" maxlength="80" lang="zh-CN" aria-label=zh_label data-field="label_zh"
                    aria-invalid=move || zh_problem().is_some().then_some("true")
                    prop:value=move || label_zh.get() on:input=move |event| label_zh.set(event_target_value(&event))/>
                <p class="problem">{zh_problem}</p>
            </td>
            <td>
                <input type="number" min="1" max="1000" class="narrow" aria-label=position_label
                    aria-invalid=move || position_problem().is_some().then_some("true")
                    prop:value=move || position.get() on:input=move |event| position.set(event_target_value(&event))/>
                <p class="problem">{position_problem}</p>
            </td>
            <td>{move || stored.with(|stored| stored.archived).then(|| view! { <span class="badge">{words().archived}</span> })}</td>
            <td>
                <div class="actions tight">
                    <button type="button" disabled=move || busy.get() on:click=save>{move || words().save}</button>
                    <button type="button" class="secondary" disabled=move || busy.get() on:click=archive>
                        {move || if stored.with(|stored| stored.archived) { words().restore } else { words().archive_item }}
                    </button>
                </div>
                <span role="status" class="saved">{move || saved.get().then(|| words().saved)}</span>
                <p class="problem" role="alert">{move || problem.get()}</p>
                <ItemHistory subject=CatalogueSubject::Attribute item=history_item/>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fees() -> AttributeView {
        AttributeView {
            id: "savings.fees".to_owned(),
            product: "savings".to_owned(),
            key: "fees".to_owned(),
            label_en: "Fees".to_owned(),
            label_zh: "费用".to_owned(),
            position: 1,
            archived: false,
        }
    }

    #[test]
    fn only_what_changed_is_sent() {
        assert_eq!(patch_of(&fees(), "Fees ", "费用", "1"), None);
        assert_eq!(
            patch_of(&fees(), "Fees", "手续费", "1"),
            Some(AttributePatch {
                label_zh: Some("手续费".to_owned()),
                ..AttributePatch::default()
            })
        );
        assert_eq!(
            patch_of(&fees(), "Fees", "费用", "x").and_then(|patch| patch.position),
            Some(0),
            "not a number: sent for the edge to refuse with its rule"
        );
    }
}
