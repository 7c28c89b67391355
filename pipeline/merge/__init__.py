"""Step 4, merge: submissions joined to the plan with pandas; progress, disagreements, who has not reported."""
