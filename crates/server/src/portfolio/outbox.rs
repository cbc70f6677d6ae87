//! Reads back the `.eml` files the outbox mailer writes, for the admin page: with no
//! SMTP server configured this is how an operator sees verification and reset mail.

use std::path::Path;

use base64::Engine as _;
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct OutboxMail {
    /// The file name (`<uuidv7>.eml`).
    pub id: String,
    pub to: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    /// The text part, transfer-decoded.
    pub body: String,
}

/// The newest `limit` mails in `dir`, newest first. A missing directory is an empty outbox.
pub async fn list(dir: &Path, limit: usize) -> std::io::Result<Vec<OutboxMail>> {
    let mut names = Vec::new();
    let mut entries = match tokio::fs::read_dir(dir).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Dot-files are mails still being written (see OutboxMailer).
        if name.ends_with(".eml") && !name.starts_with('.') {
            names.push(name);
        }
    }
    // UUIDv7 names sort by creation time.
    names.sort_unstable_by(|a, b| b.cmp(a));
    let mut mails = Vec::new();
    for name in names.into_iter().take(limit) {
        let Ok(raw) = tokio::fs::read(dir.join(&name)).await else {
            continue;
        };
        let created_at = created_at_of(&name, &raw);
        let mut mail = parse(&String::from_utf8_lossy(&raw));
        mail.body = redact_tokens(&mail.body);
        mail.id = name;
        mail.created_at = created_at;
        mails.push(mail);
    }
    Ok(mails)
}

/// Replaces the value of every `token=` in a mail's text by `[redacted]`. A reset or
/// verification link is a credential for someone else's account: an administrator may
/// see that a mail went out, not use it. (The operator reads the files themselves.)
pub fn redact_tokens(body: &str) -> String {
    const MARK: &str = "token=";
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(MARK) {
        let (head, tail) = rest.split_at(at + MARK.len());
        out.push_str(head);
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(tail.len());
        if end > 0 {
            out.push_str("[redacted]");
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn created_at_of(name: &str, raw: &[u8]) -> DateTime<Utc> {
    let from_name = name
        .strip_suffix(".eml")
        .and_then(|stem| uuid::Uuid::parse_str(stem).ok())
        .and_then(|id| id.get_timestamp())
        .and_then(|ts| {
            let (secs, nanos) = ts.to_unix();
            DateTime::from_timestamp(secs as i64, nanos)
        });
    from_name
        .or_else(|| {
            let text = String::from_utf8_lossy(raw);
            header(&headers_of(&text), "date")
                .and_then(|d| DateTime::parse_from_rfc2822(&d).ok())
                .map(|d| d.with_timezone(&Utc))
        })
        .unwrap_or_default()
}

fn headers_of(text: &str) -> Vec<(String, String)> {
    let head = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .map_or(text, |(h, _)| h);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            // A folded continuation of the previous header.
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    headers
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

/// Parses one single-part text mail as the outbox mailer writes it.
pub fn parse(text: &str) -> OutboxMail {
    let headers = headers_of(text);
    let body = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .map_or("", |(_, b)| b);
    let encoding = header(&headers, "content-transfer-encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body = match encoding.as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_else(|_| body.to_owned())
        }
        _ => body.to_owned(),
    };
    OutboxMail {
        id: String::new(),
        to: header(&headers, "to").unwrap_or_default(),
        subject: decode_encoded_words(&header(&headers, "subject").unwrap_or_default()),
        created_at: DateTime::default(),
        body: body.replace("\r\n", "\n"),
    }
}

fn decode_quoted_printable(body: &str) -> String {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            // Soft line break.
            if bytes.get(i + 1..i + 3) == Some(b"\r\n") {
                i += 3;
                continue;
            }
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 2047 `=?charset?B|Q?text?=` words (lettre encodes non-ASCII subjects so).
fn decode_encoded_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        let Some(decoded) = decode_word(&rest[start..]) else {
            break;
        };
        let before = &rest[..start];
        // Whitespace between two encoded words is not part of the text.
        if !before.trim().is_empty() || out.is_empty() {
            out.push_str(before);
        }
        out.push_str(&decoded.0);
        rest = &rest[start + decoded.1..];
    }
    out.push_str(rest);
    out
}

/// Decodes the encoded word at the start of `s`: (text, bytes consumed).
fn decode_word(s: &str) -> Option<(String, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (_charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let payload = &rest[..end];
    let consumed = s.len() - rest.len() + end + 2;
    let bytes = match encoding.to_ascii_lowercase().as_str() {
        "b" => base64::engine::general_purpose::STANDARD
            .decode(payload)
            .ok()?,
        "q" => decode_quoted_printable(&payload.replace('_', " ")).into_bytes(),
        _ => return None,
    };
    Some((String::from_utf8_lossy(&bytes).into_owned(), consumed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_links_are_redacted() {
        assert_eq!(
            redact_tokens("Open https://x/reset-password?token=Ab-c_9 now; token=q."),
            "Open https://x/reset-password?token=[redacted] now; token=[redacted]."
        );
        assert_eq!(redact_tokens("no links"), "no links");
    }

    #[test]
    fn a_quoted_printable_mail_is_decoded() {
        let raw = "From: Codestead <noreply@example.org>\r\nTo: ada@example.org\r\n\
                   Subject: =?utf-8?b?VsOpcmlmeQ==?= =?utf-8?q?_now?=\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\n\
                   Open https://x/verify?token=3Dabc=\r\ndef today.\r\n";
        let mail = parse(raw);
        assert_eq!(mail.to, "ada@example.org");
        assert_eq!(mail.subject, "Vérify now");
        assert_eq!(mail.body, "Open https://x/verify?token=abcdef today.\n");
    }

    #[test]
    fn a_folded_header_is_joined() {
        let mail = parse("To: a@b.c\r\nSubject: one\r\n two\r\n\r\nhi");
        assert_eq!(mail.subject, "one two");
        assert_eq!(mail.body, "hi");
    }
}
