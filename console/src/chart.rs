//! The geometry of the console's charts, in our own few lines instead of a chart library: values become bars or the
//! points and path of a line inside a fixed `viewBox` (the SVG scales to its container, so it reads at 375 px as at
//! 1280 px). Pure: the chart component draws what this computes.

/// The drawing area of every chart, in `viewBox` units.
pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 200.0;
/// Room on the left for the scale's labels and at the bottom for the first and last bucket's label.
pub const LEFT: f64 = 44.0;
pub const BOTTOM: f64 = 24.0;
pub const TOP: f64 = 10.0;

/// One value placed in the chart: a bar (`x`, `y`, `width`, `height`) or a point of a line (`x`, `y`).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub label: String,
    /// `None`: no data in that bucket (no bar, a gap in the line).
    pub value: Option<f64>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The top of the scale: `fixed` when the measure has one (5 stars, 100 %), else the largest value rounded up to a
/// round number (at least 1).
pub fn scale_max(values: &[Option<f64>], fixed: Option<f64>) -> f64 {
    if let Some(fixed) = fixed {
        return fixed;
    }
    let largest = values.iter().flatten().copied().fold(0.0, f64::max);
    if largest <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(largest.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|candidate| *candidate >= largest)
        .unwrap_or(largest)
}

fn y_of(value: f64, max: f64) -> f64 {
    let plot = HEIGHT - TOP - BOTTOM;
    TOP + plot * (1.0 - (value / max).clamp(0.0, 1.0))
}

/// One bar per value, side by side over the plot's width.
pub fn bars(values: &[(String, Option<f64>)], max: f64) -> Vec<Mark> {
    let slot = (WIDTH - LEFT) / values.len().max(1) as f64;
    values
        .iter()
        .enumerate()
        .map(|(index, (label, value))| {
            let y = y_of(value.unwrap_or(0.0), max);
            Mark {
                label: label.clone(),
                value: *value,
                x: LEFT + slot * index as f64 + slot * 0.15,
                y,
                width: slot * 0.7,
                height: HEIGHT - BOTTOM - y,
            }
        })
        .collect()
}

/// One point per value at the centre of its slot, and the SVG path through them (a missing value breaks the line).
pub fn line(values: &[(String, Option<f64>)], max: f64) -> (Vec<Mark>, String) {
    let slot = (WIDTH - LEFT) / values.len().max(1) as f64;
    let marks: Vec<Mark> = values
        .iter()
        .enumerate()
        .map(|(index, (label, value))| Mark {
            label: label.clone(),
            value: *value,
            x: LEFT + slot * (index as f64 + 0.5),
            y: value.map_or(HEIGHT - BOTTOM, |value| y_of(value, max)),
            width: 0.0,
            height: 0.0,
        })
        .collect();
    let mut path = String::new();
    let mut drawing = false;
    for mark in &marks {
        if mark.value.is_none() {
            drawing = false;
            continue;
        }
        path.push_str(if drawing { " L" } else { " M" });
        path.push_str(&format!("{:.1} {:.1}", mark.x, mark.y));
        drawing = true;
    }
    (marks, path.trim_start().to_owned())
}

/// A number as a chart label: whole numbers plain, others with one decimal.
pub fn label_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(list: &[Option<f64>]) -> Vec<(String, Option<f64>)> {
        list.iter()
            .enumerate()
            .map(|(index, value)| (format!("W{index}"), *value))
            .collect()
    }

    #[test]
    fn scales_round_up_to_a_round_number() {
        assert_eq!(scale_max(&[Some(3.0)], Some(5.0)), 5.0);
        assert_eq!(scale_max(&[None, Some(0.0)], None), 1.0);
        assert_eq!(scale_max(&[Some(7.0), Some(3.0)], None), 10.0);
        assert_eq!(scale_max(&[Some(23.0)], None), 25.0);
        assert_eq!(scale_max(&[Some(120.0)], None), 200.0);
    }

    #[test]
    fn bars_grow_with_their_values_inside_the_plot() {
        let marks = bars(&values(&[Some(10.0), Some(5.0), None]), 10.0);
        assert_eq!(marks.len(), 3);
        assert_eq!(marks[0].y, TOP);
        assert_eq!(marks[0].height, HEIGHT - BOTTOM - TOP);
        assert!((marks[1].height - marks[0].height / 2.0).abs() < 1e-9);
        assert_eq!(marks[2].height, 0.0);
        assert!(
            marks
                .iter()
                .all(|mark| mark.x >= LEFT && mark.x + mark.width <= WIDTH)
        );
    }

    #[test]
    fn a_line_breaks_where_a_value_is_missing() {
        let (marks, path) = line(&values(&[Some(5.0), Some(0.0), None, Some(2.5)]), 5.0);
        assert_eq!(marks[0].y, TOP);
        assert_eq!(marks[1].y, HEIGHT - BOTTOM);
        assert_eq!(path.matches('M').count(), 2, "{path}");
        assert_eq!(path.matches('L').count(), 1, "{path}");
        assert_eq!(label_number(4.0), "4");
        assert_eq!(label_number(3.25), "3.2");
    }
}
