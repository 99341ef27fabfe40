"""opstui: facilitate the working sessions of a product-operations rollout."""

__version__ = "0.1.0"
