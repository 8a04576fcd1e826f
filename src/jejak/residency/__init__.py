"""Where data lives: cloud regions and config rules mapped to countries (ISO 3166-1 alpha-2)."""
