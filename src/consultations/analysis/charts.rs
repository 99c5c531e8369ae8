//! Heat-map colours and server-rendered SVG charts.
// placeholder until the analysis branch merges

/// One class of the heat map (PuOr, 7 classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeatClass {
    pub class: u8,
    pub background: &'static str,
    pub text: &'static str,
    pub border: bool,
    pub label: &'static str,
}

const LEGEND: [HeatClass; 7] = [
    HeatClass { class: 0, background: "#b35806", text: "#ffffff", border: false, label: "Mostly removed" },
    HeatClass { class: 1, background: "#f1a340", text: "#000000", border: false, label: "Often removed" },
    HeatClass { class: 2, background: "#fee0b6", text: "#000000", border: true, label: "Leaning remove" },
    HeatClass { class: 3, background: "#f7f7f7", text: "#000000", border: true, label: "Mixed or no view" },
    HeatClass { class: 4, background: "#d8daeb", text: "#000000", border: true, label: "Leaning keep" },
    HeatClass { class: 5, background: "#998ec3", text: "#000000", border: false, label: "Often kept" },
    HeatClass { class: 6, background: "#542788", text: "#ffffff", border: false, label: "Mostly kept" },
];

pub fn heat_class(net: f64) -> HeatClass {
    let class = ((net.clamp(-1.0, 1.0) + 1.0) / 2.0 * 7.0).floor().min(6.0) as usize;
    LEGEND[class]
}

pub fn heat_legend() -> [HeatClass; 7] {
    LEGEND
}

pub struct Bar {
    pub label: String,
    pub value: f64,
    pub display: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn bar_chart_svg(id: &str, title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let h = bars.len() * 28 + 8;
    let mut svg = format!(
        "<svg role=\"img\" aria-labelledby=\"{id}-t\" viewBox=\"0 0 600 {h}\" width=\"100%\"><title id=\"{id}-t\">{}</title>",
        esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i * 28 + 4;
        let w = (b.value / max * 300.0).max(1.0);
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"14\">{}</text><rect x=\"200\" y=\"{y}\" width=\"{w:.1}\" height=\"20\" fill=\"#542788\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"14\">{}</text>",
            y + 15,
            esc(&b.label),
            206.0 + w,
            y + 15,
            esc(&b.display)
        ));
    }
    svg.push_str("</svg>");
    svg
}
