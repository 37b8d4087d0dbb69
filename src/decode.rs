//! Bytes to text, whatever encoding they came in: a seed file saved by a
//! Windows editor, a page whose charset says ISO-8859-1, an upload. Below both
//! the corpus (which reads `seeds/`) and [`crate::ingest`] (which fetches and
//! uploads), so each reads text the same way and neither imports the other.
//!
//! The order is the one browsers follow (the WHATWG encoding standard, which
//! `encoding_rs` implements): a byte order mark wins; then what the sender
//! declared (the HTTP `charset`, else a page's `<meta charset>`); then UTF-8
//! when the bytes are valid UTF-8; else `chardetng`'s guess, the detector
//! Firefox uses for undeclared legacy text.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8};

/// How far into a page a `<meta charset>` is looked for: the HTML standard's
/// prescan reads the first 1,024 bytes.
const META_PRESCAN_BYTES: usize = 1024;

/// `bytes` as text: byte order mark, else the `declared` charset label, else
/// UTF-8 when valid, else the detected legacy encoding. A declared UTF-8 that
/// the bytes are not is a wrong declaration, and the bytes are detected.
pub fn text(bytes: &[u8], declared: Option<&str>) -> String {
    let encoding = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    decode_with(bytes, encoding)
}

/// An HTML page as text: as [`text`], where the `header` charset (HTTP) comes
/// before the page's own `<meta charset>` / `http-equiv` declaration.
pub fn html(bytes: &[u8], header: Option<&str>) -> String {
    let encoding = header
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    decode_with(bytes, encoding)
}

/// The charset parameter of a `Content-Type` value: `text/html; charset=ISO-8859-1`.
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// The encoding a page declares in its first bytes, as `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`. A page
/// cannot declare UTF-16 this way (its bytes would not be ASCII), so that label
/// reads as UTF-8, as the HTML standard says.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)"#).expect("a valid regex")
    });
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let label = META.captures(head)?.get(1)?.as_bytes();
    Encoding::for_label(label).map(Encoding::output_encoding)
}

fn decode_with(bytes: &[u8], declared: Option<&'static Encoding>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return normalise(&encoding.decode_without_bom_handling(&bytes[bom..]).0);
    }
    if let Some(encoding) = declared.filter(|e| *e != UTF_8 || std::str::from_utf8(bytes).is_ok()) {
        return normalise(&encoding.decode_without_bom_handling(bytes).0);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return normalise(text);
    }
    // Invalid UTF-8 is not UTF-8, and ISO-2022-JP is no news article's encoding.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(None, chardetng::Utf8Detection::Deny);
    normalise(&guessed.decode_without_bom_handling(bytes).0)
}

/// Line ends as `\n`, whatever system wrote the text.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_is_and_a_bom_is_dropped() {
        assert_eq!(text("caffè\r\nlatte".as_bytes(), None), "caffè\nlatte");
        assert_eq!(text("\u{feff}caffè".as_bytes(), None), "caffè");
    }

    #[test]
    fn a_windows_1252_text_without_declaration_is_detected() {
        let bytes = b"Il valore dell\x92accordo \xe8 di 10 miliardi: \x93una cifra record\x94, perch\xe9 cos\xec.";
        assert_eq!(
            text(bytes, None),
            "Il valore dell’accordo è di 10 miliardi: “una cifra record”, perché così."
        );
    }

    #[test]
    fn a_declared_charset_is_honoured_and_iso_8859_1_reads_as_windows_1252() {
        assert_eq!(text(b"caff\xe8", Some("ISO-8859-1")), "caffè");
        assert_eq!(text(b"\xe0\xe8", Some("iso-8859-15")), "àè");
    }

    #[test]
    fn a_page_declares_its_charset_in_meta_or_the_header_wins() {
        let page = b"<html><head><meta charset=\"windows-1252\"><title>Caff\xe8</title>";
        assert!(html(page, None).contains("Caffè"));
        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>\xe8</p>";
        assert!(html(http_equiv, None).contains("<p>è</p>"));
        assert!(html("<p>è</p>".as_bytes(), Some("utf-8")).contains('è'));
    }

    #[test]
    fn a_wrong_utf8_declaration_falls_back_to_detection() {
        let bytes = b"Il valore dell\x92accordo \xe8 di dieci miliardi di dollari, perch\xe9 cos\xec.";
        assert!(text(bytes, Some("utf-8")).contains("è di dieci"));
    }

    #[test]
    fn the_charset_parameter_is_read_from_a_content_type() {
        assert_eq!(charset_of("text/html; charset=\"ISO-8859-1\""), Some("ISO-8859-1"));
        assert_eq!(charset_of("text/html;Charset=utf-8"), Some("utf-8"));
        assert_eq!(charset_of("text/html"), None);
    }
}
