"""The pages of practices and of the reference records joined with them (one module per
concept: practices and recommendations, home, countries, the framework's pages)."""
