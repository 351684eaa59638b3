"""Speed of the annotate stage's matchers and story detector."""
