"""Training the learned parts of multipolar (the sentence event classifier)."""
