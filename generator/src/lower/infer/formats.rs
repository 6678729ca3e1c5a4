//! String formats recognised in examples: RFC 3339 date-times, full dates and UUIDs.
//!
//! A string position whose every example has one of these formats gets the type an OpenAPI
//! `format` would give it (`DateTime<FixedOffset>`, `NaiveDate`, `Uuid`). The checks are strict
//! on purpose: a value the generated type could not decode must leave the position a `String`.
//! Dates and UUIDs are written back exactly as read; a date-time is written back as the same
//! instant and offset in chrono's RFC 3339 spelling (`Z` for a zero offset, 0/3/6/9 fraction
//! digits).

/// The formats one string has, as a set of bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Formats(u8);

impl Formats {
    const DATE_TIME: u8 = 1;
    const DATE: u8 = 2;
    const UUID: u8 = 4;

    /// The formats `text` has (none for most strings).
    pub fn of(text: &str) -> Formats {
        let mut bits = 0;
        if is_date_time(text) {
            bits |= Self::DATE_TIME;
        }
        if is_date(text) {
            bits |= Self::DATE;
        }
        if is_uuid(text) {
            bits |= Self::UUID;
        }
        Formats(bits)
    }

    /// The formats both sets share.
    pub fn and(self, other: Formats) -> Formats {
        Formats(self.0 & other.0)
    }

    /// The type for a position whose every string has these formats, if they name one.
    pub fn ty(self) -> Option<crate::ir::Ty> {
        use crate::ir::Ty;
        match self.0 {
            Self::DATE_TIME => Some(Ty::DateTime),
            Self::DATE => Some(Ty::Date),
            Self::UUID => Some(Ty::Uuid),
            _ => None,
        }
    }
}

/// `2024-01-31T09:30:00Z`, `2024-01-31T09:30:00.123+02:00`: RFC 3339 with a `T` and an offset.
/// A local time without an offset (`2024-01-31T09:30:00`) is not one: it names no instant.
fn is_date_time(text: &str) -> bool {
    let shaped = text.len() >= 20 && text.as_bytes().get(10) == Some(&b'T') && is_date(&text[..10]);
    shaped && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// `2024-01-31`: a full date, exactly as `NaiveDate` writes it back.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    shaped && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// `0b2f6c1e-5d1a-4c3b-9a7e-2f1d0c9b8a76`: the hyphenated form in lower case, which is how
/// `Uuid` writes it back (an upper-case example would come back in lower case).
pub(super) fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(b),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Ty;

    #[test]
    fn recognises_only_exact_formats() {
        assert_eq!(Formats::of("2024-01-31T09:30:00Z").ty(), Some(Ty::DateTime));
        assert_eq!(Formats::of("2018-01-29T11:47:31.4412132-05:00").ty(), Some(Ty::DateTime));
        assert_eq!(Formats::of("2024-01-31").ty(), Some(Ty::Date));
        assert_eq!(Formats::of("0b2f6c1e-5d1a-4c3b-9a7e-2f1d0c9b8a76").ty(), Some(Ty::Uuid));
        for plain in [
            "2017-12-15T09:45:53",
            "2024-02-30",
            "2024-1-31",
            "2024-01-31 09:30:00Z",
            "0B2F6C1E-5D1A-4C3B-9A7E-2F1D0C9B8A76",
            "0b2f6c1e5d1a4c3b9a7e2f1d0c9b8a76",
            "",
            "today",
        ] {
            assert_eq!(Formats::of(plain).ty(), None, "{plain}");
        }
        let both = Formats::of("2024-01-31T09:30:00Z").and(Formats::of("2024-01-31"));
        assert_eq!(both.ty(), None);
    }
}
