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

    /// Shares (0–100 %), scaled to the whole 100 rather than to the largest.
    pub fn percentages(rows: Vec<(String, u64)>) -> Self {
        let scale = |v: u64| ((v.min(100) as f64 / 100.0) * f64::from(BAR_SPACE)).round() as u32;
        let bars: Vec<Bar> = rows
            .into_iter()
            .enumerate()
            .map(|(i, (label, value))| Bar {
                width: scale(value),
                y: 8 + ROW * i as u32,
                label,
                value,
                highlight: false,
                muted: false,
            })
            .collect();
        Self {
            height: 16 + ROW * bars.len().max(1) as u32,
            marker_x: None,
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

/// A line chart of means over waves: one line per dimension, the y axis the scale's range.
pub struct LineChart {
    pub lines: Vec<Line>,
    pub labels: Vec<(u32, String)>,
    pub width: u32,
    pub height: u32,
    pub min: f64,
    pub max: f64,
}

pub struct Line {
    pub name: String,
    /// `x,y x,y …` for an SVG polyline.
    pub points: String,
    /// Where its name is written (after its last point).
    pub end: (u32, u32),
    /// Which of the few line styles it takes.
    pub style: usize,
}

const LINE_LEFT: u32 = 30;
const LINE_STEP: u32 = 70;
const LINE_TOP: u32 = 10;
const LINE_HEIGHT: u32 = 120;

impl LineChart {
    /// `series`: per dimension, its mean at each point (`None`: not shown there).
    pub fn new(
        points: Vec<String>,
        series: Vec<(String, Vec<Option<f64>>)>,
        min: f64,
        max: f64,
    ) -> Self {
        let span = (max - min).max(1.0);
        let y = |v: f64| LINE_TOP + (((max - v) / span) * f64::from(LINE_HEIGHT)).round() as u32;
        let x = |i: usize| LINE_LEFT + LINE_STEP * i as u32;
        let lines: Vec<Line> = series
            .into_iter()
            .enumerate()
            .map(|(style, (name, values))| {
                let drawn: Vec<(u32, u32)> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| (x(i), y(v.clamp(min, max)))))
                    .collect();
                Line {
                    points: drawn
                        .iter()
                        .map(|(a, b)| format!("{a},{b}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    end: drawn
                        .last()
                        .map_or((LINE_LEFT, LINE_TOP), |&(a, b)| (a + 6, b + 4)),
                    name,
                    style: style % 4,
                }
            })
            .collect();
        // Names at the lines' ends, moved apart where the lines end close together.
        let mut lines: Vec<Line> = lines;
        let mut order: Vec<usize> = (0..lines.len()).collect();
        order.sort_by_key(|&i| lines[i].end.1);
        let mut last: Option<u32> = None;
        for i in order {
            if let Some(previous) = last {
                lines[i].end.1 = lines[i].end.1.max(previous + 14);
            }
            last = Some(lines[i].end.1);
        }
        let width = x(points.len().saturating_sub(1)) + 110;
        Self {
            labels: points
                .into_iter()
                .enumerate()
                .map(|(i, l)| (x(i), l))
                .collect(),
            lines,
            width,
            height: LINE_TOP + LINE_HEIGHT + 28,
            min,
            max,
        }
    }

    pub fn axis_y(&self) -> u32 {
        LINE_TOP + LINE_HEIGHT
    }

    pub fn top(&self) -> u32 {
        LINE_TOP
    }

    pub fn label_y(&self) -> u32 {
        LINE_TOP + LINE_HEIGHT + 18
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
