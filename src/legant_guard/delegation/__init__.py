"""Delegation tokens, JWKS, the signed revocation feed, minting and attenuation.

A small library with no CLI in it. Import the submodule you need: the hot-path ones
(`errors`, `jws`, `jwks`, `claims`, `feed`) are standard library only so `guard check`
never pays for `cryptography`; `keys` and `mint` import it lazily when they sign.
This file imports nothing on purpose.
"""
