"""The reporting pipeline and its schedule."""
