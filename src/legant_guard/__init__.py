"""legant-guard: a pre-tool hook that authorizes AI coding agents' tool calls from a signed delegation token.

Nothing is imported here on purpose: `legant guard check` runs before every tool call
an agent makes, and every import on its path is latency a user feels.
"""

__version__ = "0.1.0"
