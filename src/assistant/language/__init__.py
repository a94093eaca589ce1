"""Language helpers for questions: nynorsk words in their bokmål form, English questions told apart."""
