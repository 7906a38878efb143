//! Markdown as people write it in one-on-one notes (and recognition messages), rendered to HTML
//! that can go into a page as it is.
//!
//! pulldown-cmark turns the Markdown into HTML; ammonia then keeps only an explicit allow-list of
//! tags and attributes, so raw HTML in the Markdown is sanitized rather than trusted. Nothing that
//! runs or loads survives: no script, event handler, `javascript:`/`data:`/`vbscript:` link,
//! iframe, object, form or style attribute. Images are dropped too (their alt text stays): a
//! remote image is a tracking pixel. Task-list boxes become the text "☐" / "☑", not inputs.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// The only tags that may reach a page.
const TAGS: [&str; 25] = [
    "p",
    "br",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
];

/// Tags dropped together with everything inside them (their content is not text to read).
const DROPPED_WITH_CONTENT: [&str; 11] = [
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
    "textarea", "select",
];

/// The only URL schemes a link may use; relative links (to other Tend pages) pass as they are.
const URL_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Every link opens without handing over the page, the referrer or any reputation.
const LINK_REL: &str = "noopener noreferrer nofollow";

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let alignments = HashSet::from(["left", "center", "right"]);
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from(TAGS))
        .clean_content_tags(HashSet::from(DROPPED_WITH_CONTENT))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href", "title"]))]))
        .tag_attribute_values(HashMap::from([
            ("th", HashMap::from([("align", alignments.clone())])),
            ("td", HashMap::from([("align", alignments)])),
        ]))
        .url_schemes(HashSet::from(URL_SCHEMES))
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    builder
});

/// Markdown to HTML that is safe to put in a page as it is.
pub fn render(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        // An image becomes its alt text: the events between start and end are that text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::TaskListMarker(done) => Some(Event::Text(if done { "☑ " } else { "☐ " }.into())),
        other => Some(other),
    });
    let mut unsafe_html = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER
        .clean(&cell_alignment_as_attribute(&unsafe_html))
        .to_string()
}

/// pulldown-cmark aligns table cells with a style attribute, which the sanitizer refuses; the
/// `align` attribute says the same (and is kept only with one of its three values).
fn cell_alignment_as_attribute(html: &str) -> String {
    let mut html = html.to_owned();
    for side in ["left", "center", "right"] {
        let style = format!(" style=\"text-align: {side}\">");
        if html.contains(&style) {
            html = html.replace(&style, &format!(" align=\"{side}\">"));
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tags of rendered HTML, lower-cased: `<a href="x" rel="y">`, `</a>`, ...
    fn tags(html: &str) -> Vec<String> {
        html.to_ascii_lowercase()
            .split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or(rest).to_owned())
            .collect()
    }

    /// The attribute names of one tag. The sanitizer writes every attribute as `name="value"`
    /// with `"` escaped in values, so names are the words before `=` outside quotes.
    fn attribute_names(tag: &str) -> Vec<String> {
        tag.split('"')
            .step_by(2)
            .flat_map(|outside| outside.split_whitespace())
            .filter_map(|word| word.strip_suffix('='))
            .map(str::to_owned)
            .collect()
    }

    /// Renders `markdown` and checks nothing in the result can run, load or restyle anything.
    fn assert_inert(markdown: &str) -> String {
        let html = render(markdown);
        let lower = html.to_ascii_lowercase();
        for needle in [
            "<script",
            "<iframe",
            "<img",
            "<svg",
            "<object",
            "<embed",
            "<form",
            "<input",
            "<style",
            "<div",
            "style=",
            "onerror",
            "onload",
            "onclick",
            "onmouseover",
        ] {
            assert!(
                !lower.contains(needle),
                "{markdown:?} rendered {html:?}, which contains {needle:?}"
            );
        }
        for tag in tags(&html) {
            for name in attribute_names(&tag) {
                assert!(
                    ["href", "title", "rel", "align"].contains(&name.as_str()),
                    "{markdown:?} rendered {html:?}, with attribute {name:?}"
                );
            }
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(
                    !tag.contains(scheme),
                    "{markdown:?} rendered {html:?}, with {scheme:?} in a tag"
                );
            }
        }
        html
    }

    #[test]
    fn emphasis_strong_and_strikethrough_render() {
        assert_eq!(
            render("*one* **two** ~~three~~"),
            "<p><em>one</em> <strong>two</strong> <del>three</del></p>\n"
        );
    }

    #[test]
    fn lists_headings_quotes_and_rules_render() {
        let html = render("# Title\n\n- one\n- two\n\n1. first\n\n> said\n\n---\n");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(
            html.contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
            "{html}"
        );
        assert!(html.contains("<ol>\n<li>first</li>\n</ol>"), "{html}");
        assert!(
            html.contains("<blockquote>\n<p>said</p>\n</blockquote>"),
            "{html}"
        );
        assert!(html.contains("<hr>"), "{html}");
    }

    #[test]
    fn links_keep_their_target_and_get_a_safe_rel() {
        let html = render("[Tend](https://example.com/a?b=1&c=2 \"The title\")");
        assert_eq!(
            html,
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"The title\" \
             rel=\"noopener noreferrer nofollow\">Tend</a></p>\n"
        );
        let html = render("<https://example.com> and [mail](mailto:ana@example.com)");
        assert!(html.contains("<a href=\"https://example.com\" rel=\"noopener noreferrer nofollow\">https://example.com</a>"), "{html}");
        assert!(html.contains("href=\"mailto:ana@example.com\""), "{html}");
    }

    #[test]
    fn relative_links_to_other_pages_are_kept() {
        let html = render("[their goals](/people/3/goals)");
        assert!(html.contains("href=\"/people/3/goals\""), "{html}");
    }

    #[test]
    fn code_is_escaped() {
        let html =
            render("```rust\nif a < b && c > d { \"<script>\" }\n```\n\nand `<b>inline</b>`");
        assert!(
            html.contains(
                "<pre><code>if a &lt; b &amp;&amp; c &gt; d { \"&lt;script&gt;\" }\n</code></pre>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<code>&lt;b&gt;inline&lt;/b&gt;</code>"),
            "{html}"
        );
        assert_inert("```\n<script>alert(1)</script>\n```");
    }

    #[test]
    fn tables_render_with_alignment_but_no_style() {
        let html = assert_inert("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<th align=\"left\">a</th>"), "{html}");
        assert!(html.contains("<th align=\"center\">b</th>"), "{html}");
        assert!(html.contains("<td align=\"right\">3</td>"), "{html}");
    }

    #[test]
    fn task_lists_render_as_text_boxes_not_inputs() {
        let html = assert_inert("- [ ] to do\n- [x] done\n");
        assert!(html.contains("☐ to do"), "{html}");
        assert!(html.contains("☑ done"), "{html}");
    }

    #[test]
    fn harmless_raw_html_is_kept_and_plain_text_is_escaped() {
        assert_eq!(render("a <em>b</em> c"), "<p>a <em>b</em> c</p>\n");
        assert_eq!(render("1 < 2 & 3 > 2"), "<p>1 &lt; 2 &amp; 3 &gt; 2</p>\n");
        assert_eq!(render(""), "");
    }

    #[test]
    fn script_is_dropped_with_its_content() {
        let html = assert_inert("<script>alert(1)</script>");
        assert!(!html.contains("alert"), "{html}");
        assert_inert("text <script>alert(1)</script> more");
    }

    #[test]
    fn img_with_an_event_handler_is_dropped() {
        assert_inert("<img src=x onerror=alert(1)>");
        assert_inert("hello <img src=x onerror=alert(1)> there");
    }

    #[test]
    fn javascript_links_lose_their_href() {
        for markdown in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x]( javascript:alert(1) )",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "[x][ref]\n\n[ref]: javascript:alert(1)",
        ] {
            let html = assert_inert(markdown);
            assert!(!html.contains("href"), "{markdown:?} rendered {html:?}");
            assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
            assert!(html.contains('x'), "{markdown:?} lost its text: {html:?}");
        }
    }

    #[test]
    fn data_and_vbscript_links_lose_their_href() {
        for markdown in [
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox(1))",
        ] {
            let html = assert_inert(markdown);
            assert!(!html.contains("href"), "{markdown:?} rendered {html:?}");
        }
    }

    #[test]
    fn an_autolink_to_javascript_is_left_as_text_only() {
        // The link loses its target; what was typed stays visible as inert text.
        let html = assert_inert("<javascript:alert(1)>");
        assert!(!html.contains("href"), "{html}");
    }

    #[test]
    fn svg_iframe_and_event_handlers_are_dropped() {
        assert_inert("<svg onload=alert(1)>");
        assert_inert("<svg><script>alert(1)</script></svg>");
        assert_inert("<iframe src=//evil>");
        assert_inert("<object data=x></object><embed src=x><form action=x><input></form>");
        let html = assert_inert("<div onmouseover=\"x\">hi</div>");
        assert!(html.contains("hi"), "{html}");
    }

    #[test]
    fn style_and_handlers_are_stripped_from_allowed_tags() {
        assert_eq!(
            assert_inert("<p style=\"x\" onclick=\"y\">t</p>"),
            "<p>t</p>"
        );
        assert_inert("<a href=\"https://ok.example\" onclick=\"y\" style=\"x\">x</a>");
    }

    #[test]
    fn images_are_dropped_but_their_alt_text_stays() {
        let html = assert_inert("![a](http://tracker/pixel.png)");
        assert_eq!(html, "<p>a</p>\n");
        let html = assert_inert("[![logo](http://tracker/p.png)](https://example.com)");
        assert!(html.contains(">logo</a>"), "{html}");
        assert!(!html.contains("tracker"), "{html}");
    }

    #[test]
    fn comments_are_stripped() {
        assert_eq!(render("a <!-- hidden --> b"), "<p>a  b</p>\n");
    }
}
