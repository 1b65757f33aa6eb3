//! CSV as Candor's downloads write it (RFC 4180 quoting, CRLF line ends): a cell that starts like a formula (`=`,
//! `+`, `-`, `@`, tab or carriage return) is neutralised with a leading `'`, so a spreadsheet never runs it. Pure.

/// One CSV cell: formula-like starts neutralised with a leading `'`, then RFC 4180 quoting.
pub fn cell(value: &str) -> String {
    let neutralised = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutralised.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutralised.replace('"', "\"\""))
    } else {
        neutralised
    }
}

/// One CSV line of `cells`, each through `cell`, ending in CRLF.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|value| cell(value.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_never_start_a_formula_and_are_quoted_when_needed() {
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@cmd"), "'@cmd");
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
        assert_eq!(line(&["a", "-1", "b\nc"]), "a,'-1,\"b\nc\"\r\n");
    }
}
