//! One chart of the analytics page as inline SVG: bars or a line over the weeks or months (or the five star
//! buckets), its scale, the first and last label, and each value on its mark (`data-label`, `data-value`). The SVG is
//! one image for assistive technology (`role="img"`, its name and every value in `aria-label`); the same numbers
//! are in the page's table. Geometry from `crate::chart`; the `viewBox` scales with its container.

use leptos::prelude::*;

use crate::chart::{self, BOTTOM, HEIGHT, LEFT, Mark, TOP, WIDTH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Bars,
    Line,
}

/// `name`: the chart's `data-chart` (for tests); `summary`: every value in words, read with the title; `fixed_max`:
/// the top of the scale when the measure has one (5 stars, 100 %).
#[component]
pub fn ChartSvg(
    name: &'static str,
    title: String,
    summary: String,
    shape: Shape,
    values: Vec<(String, Option<f64>)>,
    fixed_max: Option<f64>,
) -> impl IntoView {
    let max = chart::scale_max(
        &values.iter().map(|(_, value)| *value).collect::<Vec<_>>(),
        fixed_max,
    );
    let value_text = |mark: &Mark| mark.value.map(|value| value.to_string());
    let (marks, path) = match shape {
        Shape::Bars => (chart::bars(&values, max), String::new()),
        Shape::Line => chart::line(&values, max),
    };
    let first = marks.first().map(|mark| (mark.x, mark.label.clone()));
    let last = (marks.len() > 1)
        .then(|| marks.last().map(|mark| (mark.x, mark.label.clone())))
        .flatten();
    let drawn = marks
        .iter()
        .map(|mark| match shape {
            Shape::Bars => view! {
                <rect class="bar" x=mark.x y=mark.y width=mark.width height=mark.height
                    data-label=mark.label.clone() data-value=value_text(mark)></rect>
            }
            .into_any(),
            Shape::Line => view! {
                <circle class="point" cx=mark.x cy=mark.y r=if mark.value.is_some() { 4 } else { 0 }
                    data-label=mark.label.clone() data-value=value_text(mark)></circle>
            }
            .into_any(),
        })
        .collect_view();
    let baseline = HEIGHT - BOTTOM;
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-label=format!("{title}: {summary}")
                data-chart=name
                data-max=max.to_string()
            >
                <line class="grid" x1=LEFT y1=TOP x2=WIDTH y2=TOP></line>
                <line class="axis" x1=LEFT y1=baseline x2=WIDTH y2=baseline></line>
                <text class="tick" x=LEFT - 6.0 y=TOP + 5.0 text-anchor="end">{chart::label_number(max)}</text>
                <text class="tick" x=LEFT - 6.0 y=baseline text-anchor="end">"0"</text>
                {(shape == Shape::Line).then(|| view! { <path class="line" d=path.clone()></path> })}
                {drawn}
                {first.map(|(x, label)| view! { <text class="tick" x=x y=HEIGHT - 6.0 text-anchor="middle">{label}</text> })}
                {last.map(|(x, label)| view! { <text class="tick" x=x y=HEIGHT - 6.0 text-anchor="middle">{label}</text> })}
            </svg>
        </figure>
    }
}
