"""Step 2, forms: one Excel form per unit, with its items, checks and hidden identity; sample submissions."""
