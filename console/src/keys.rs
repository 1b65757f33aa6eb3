//! Keyboard shortcuts: which key does what, listed once here for the handler and for the help overlay (`?`).
//! Pure, so the table is tested natively. Keys never act while the person types in a field.

/// What a shortcut asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Select the next (or previous) item of the list on screen.
    Next,
    Previous,
    /// Open the selected item.
    Open,
    /// Decisions on the review on screen.
    Approve,
    Reject,
    SendBack,
    /// Back to the queue the review came from.
    BackToQueue,
    Help,
    /// Close the help overlay or a dialog.
    Close,
}

/// `(key, command, what the help overlay says)`; the first key of a command is the one shown.
pub const SHORTCUTS: &[(&str, Command)] = &[
    ("j", Command::Next),
    ("ArrowDown", Command::Next),
    ("k", Command::Previous),
    ("ArrowUp", Command::Previous),
    ("Enter", Command::Open),
    ("o", Command::Open),
    ("a", Command::Approve),
    ("r", Command::Reject),
    ("s", Command::SendBack),
    ("u", Command::BackToQueue),
    ("?", Command::Help),
    ("Escape", Command::Close),
];

/// The command of a key press, if any. Presses with Ctrl, Alt or Meta belong to the browser.
pub fn command(key: &str, modifier: bool) -> Option<Command> {
    if modifier {
        return None;
    }
    SHORTCUTS
        .iter()
        .find(|(shortcut, _)| *shortcut == key)
        .map(|(_, command)| *command)
}

/// One line of the help overlay per command: its keys, in table order.
pub fn help_lines() -> Vec<(Command, Vec<&'static str>)> {
    let mut lines: Vec<(Command, Vec<&'static str>)> = Vec::new();
    for (key, command) in SHORTCUTS {
        match lines.iter_mut().find(|(known, _)| known == command) {
            Some((_, keys)) => keys.push(key),
            None => lines.push((*command, vec![key])),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_keys_do_what_the_help_says() {
        assert_eq!(command("j", false), Some(Command::Next));
        assert_eq!(command("a", false), Some(Command::Approve));
        assert_eq!(command("r", false), Some(Command::Reject));
        assert_eq!(command("s", false), Some(Command::SendBack));
        assert_eq!(command("?", false), Some(Command::Help));
        assert_eq!(command("a", true), None, "Ctrl+A belongs to the browser");
        assert_eq!(command("x", false), None);
    }

    #[test]
    fn every_command_has_one_help_line() {
        let lines = help_lines();
        assert_eq!(lines.len(), 9);
        assert_eq!(lines[0], (Command::Next, vec!["j", "ArrowDown"]));
    }
}
