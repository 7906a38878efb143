//! SVG charts drawn by templates from plain geometry computed here: the template escapes every
//! label, carries a title and a description for screen readers, and the page needs no script or
//! font. (A chart crate such as plotters needs a font backend to lay out text; these charts are a
//! handful of rectangles.)

/// One bar of a horizontal bar chart.
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// The bar's length in chart units (0–`BAR_SPACE`).
    pub width: u32,
    /// The bar's top edge.
    pub y: u32,
    /// Drawn highlighted (e.g. above twice the median).
    pub highlight: bool,
    /// Drawn muted (e.g. none lately).
    pub muted: bool,
}

/// A horizontal bar chart's geometry.
pub struct BarChart {
    pub bars: Vec<Bar>,
    pub height: u32,
    /// Where a reference line (e.g. twice the median) is drawn, if inside the chart.
    pub marker_x: Option<u32>,
}

/// Room for labels on the left, bars in the middle, values on the right.
/// Small enough that a phone shows it at about its own size, so its text stays readable.
pub const LABEL_SPACE: u32 = 150;
pub const BAR_SPACE: u32 = 172;
pub const ROW: u32 = 26;

impl BarChart {
    /// Bars scaled to the largest value (or to `marker`, if larger), one row each.
    pub fn new(rows: Vec<(String, u64, bool, bool)>, marker: Option<f64>) -> Self {
        let max = rows
            .iter()
            .map(|r| r.1 as f64)
            .chain(marker)
            .fold(1.0_f64, f64::max);
        let scale = |v: f64| ((v / max) * f64::from(BAR_SPACE)).round() as u32;
        let bars: Vec<Bar> = rows
            .into_iter()
            .enumerate()
            .map(|(i, (label, value, highlight, muted))| Bar {
                width: scale(value as f64),
                y: 8 + ROW * i as u32,
                label,
                value,
                highlight,
                muted,
            })
            .collect();
        Self {
            height: 16 + ROW * bars.len().max(1) as u32,
            marker_x: marker.map(|m| LABEL_SPACE + scale(m)),
            bars,
        }
    }

    pub fn width(&self) -> u32 {
        LABEL_SPACE + BAR_SPACE + 38
    }

    pub fn label_space(&self) -> u32 {
        LABEL_SPACE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest() {
        let chart = BarChart::new(
            vec![
                ("a".into(), 4, true, false),
                ("b".into(), 1, false, false),
                ("c".into(), 0, false, true),
            ],
            Some(2.0),
        );
        assert_eq!(chart.bars[0].width, BAR_SPACE);
        assert_eq!(chart.bars[1].width, BAR_SPACE / 4);
        assert_eq!(chart.bars[2].width, 0);
        assert_eq!(chart.marker_x, Some(LABEL_SPACE + BAR_SPACE / 2));
        let empty = BarChart::new(vec![], None);
        assert!(empty.height > 0);
    }
}
