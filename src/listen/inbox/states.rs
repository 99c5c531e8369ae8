//! Where an item stands: new → acknowledged → with the service → responded
//! → closed, or "not for us" (with a signpost to who can help). Which moves
//! are allowed, and what each state is called on the inbox and on the
//! sender's status page.

/// An item's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    New,
    Acknowledged,
    WithService,
    Responded,
    Closed,
    NotForUs,
}

impl State {
    pub const ALL: [State; 6] =
        [State::New, State::Acknowledged, State::WithService, State::Responded, State::Closed, State::NotForUs];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Acknowledged => "acknowledged",
            State::WithService => "with_service",
            State::Responded => "responded",
            State::Closed => "closed",
            State::NotForUs => "not_for_us",
        }
    }

    pub fn parse(value: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The name on the inbox.
    pub fn label(self) -> &'static str {
        match self {
            State::New => "New",
            State::Acknowledged => "Acknowledged",
            State::WithService => "With the service",
            State::Responded => "Responded",
            State::Closed => "Closed",
            State::NotForUs => "Not for us",
        }
    }

    /// What the sender reads on their status page.
    pub fn for_sender(self) -> &'static str {
        match self {
            State::New => "Received. Nobody has read it yet.",
            State::Acknowledged => "Read, and being looked into.",
            State::WithService => "Passed to the service it is about.",
            State::Responded => "Answered.",
            State::Closed => "Closed.",
            State::NotForUs => "This is not something we can act on; see below for who can help.",
        }
    }

    /// The states an editor may move an item to from this one.
    pub fn next(self) -> &'static [State] {
        match self {
            State::New => &[State::Acknowledged, State::NotForUs],
            State::Acknowledged => &[State::WithService, State::Responded, State::NotForUs],
            State::WithService => &[State::Responded, State::NotForUs],
            State::Responded => &[State::Closed],
            State::Closed | State::NotForUs => &[],
        }
    }

    /// Whether the item still waits for an answer (so its respond-by date counts).
    pub fn awaits_answer(self) -> bool {
        matches!(self, State::New | State::Acknowledged | State::WithService)
    }

    /// The CSS class of its tag.
    pub fn class(self) -> &'static str {
        match self {
            State::New => "status status--warn",
            State::Responded | State::Closed => "status status--good",
            State::Acknowledged | State::WithService | State::NotForUs => "status",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_as_their_names() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        assert_eq!(State::parse("lost"), None);
    }

    #[test]
    fn an_item_goes_forward_one_step_at_a_time_and_closed_is_the_end() {
        assert!(State::New.next().contains(&State::Acknowledged));
        assert!(!State::New.next().contains(&State::Closed));
        assert!(State::Responded.next().contains(&State::Closed));
        assert!(State::Closed.next().is_empty());
        assert!(State::NotForUs.next().is_empty());
        // Every state but the ends can be turned away with a signpost.
        assert!(State::ALL.iter().filter(|s| s.awaits_answer()).all(|s| s.next().contains(&State::NotForUs)));
    }
}
