//! Open Graph and Twitter card tags for public `/u/` pages, injected server-side into
//! the SPA's `index.html` so link previews (which never run JavaScript) show the learner.

/// What a preview shows. Every value is escaped on output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Absolute URL of the page.
    pub url: String,
    /// Absolute URL of an image, if any.
    pub image: Option<String>,
}

/// Escapes text for an HTML attribute value or element content.
pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Descriptions are cut to what previews show anyway, on a character boundary.
fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let mut cut: String = text.chars().take(max_chars - 1).collect();
    cut.push('…');
    cut
}

pub fn tags(meta: &PageMeta) -> String {
    let mut tags = Vec::new();
    let mut property = |name: &str, value: &str| {
        tags.push(format!(
            r#"<meta property="{name}" content="{}">"#,
            escape_html(value)
        ));
    };
    let description = shorten(&meta.description, 200);
    property("og:type", "profile");
    property("og:site_name", "Codestead");
    property("og:title", &meta.title);
    property("og:description", &description);
    property("og:url", &meta.url);
    if let Some(image) = &meta.image {
        property("og:image", image);
    }
    // Avatars are square: the small card fits them better than the large image card.
    tags.push(r#"<meta name="twitter:card" content="summary">"#.to_owned());
    tags.push(format!(
        r#"<meta name="twitter:title" content="{}">"#,
        escape_html(&meta.title)
    ));
    tags.push(format!(
        r#"<meta name="twitter:description" content="{}">"#,
        escape_html(&description)
    ));
    tags.join("\n    ")
}

/// `html` with the tags inserted just before `</head>` (and the `<title>` replaced).
/// A document without a head is returned unchanged.
pub fn inject(html: &str, meta: &PageMeta) -> String {
    let Some(head_end) = find_ascii_ci(html, "</head>") else {
        return html.to_owned();
    };
    let mut out = String::with_capacity(html.len() + 1024);
    let before = &html[..head_end];
    let title = format!("<title>{}</title>", escape_html(&meta.title));
    match (
        find_ascii_ci(before, "<title>"),
        find_ascii_ci(before, "</title>"),
    ) {
        (Some(start), Some(end)) if start < end => {
            out.push_str(&before[..start]);
            out.push_str(&title);
            out.push_str(&before[end + "</title>".len()..]);
        }
        _ => {
            out.push_str(before);
            out.push_str(&title);
        }
    }
    out.push_str("\n    ");
    out.push_str(&tags(meta));
    out.push('\n');
    out.push_str(&html[head_end..]);
    out
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_leave_the_attribute() {
        let meta = PageMeta {
            title: "Eve".into(),
            description: r#""><script>alert(1)</script>"#.into(),
            url: "https://x/u/eve".into(),
            image: None,
        };
        let html = inject(
            "<html><head><title>App</title></head><body></body></html>",
            &meta,
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("&quot;&gt;&lt;script&gt;"));
        assert!(html.contains("<title>Eve</title>"));
        assert_eq!(html.matches("<title>").count(), 1);
    }

    #[test]
    fn long_descriptions_are_shortened() {
        let long = "word ".repeat(100);
        let out = shorten(&long, 50);
        assert_eq!(out.chars().count(), 50);
        assert!(out.ends_with('…'));
    }
}
