"""The candidate's view of the share links that exist for them."""
