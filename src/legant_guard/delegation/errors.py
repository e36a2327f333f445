"""The one exception type of the delegation library.

Every refusal (bad token, unusable JWKS, broken feed, rollback, escalating child) is a
DelegationError whose str() is a one-line reason a person can act on; the hook shows it
as the deny reason, `guard show` as the INVALID reason.
"""


class DelegationError(Exception):
    """A token, key set or feed that cannot be trusted; str(e) says why."""
