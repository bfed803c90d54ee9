"""Who is acting, and the one policy that says what they may do."""

from satudata.auth.actor import ANONYMOUS, SYSTEM, Actor

__all__ = ["ANONYMOUS", "SYSTEM", "Actor"]
