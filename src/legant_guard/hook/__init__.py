"""The hot path of `legant guard check`: adapter -> ToolCall -> classify -> Action -> decide -> Decision.

Everything under this package must stay cheap to import: standard library only (json, os,
hashlib, ...), no click, no PyYAML, no PyJWT, no cryptography, no dataclasses.
"""
