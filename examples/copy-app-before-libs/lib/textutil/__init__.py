"""Shared helpers; this code changes far less often than app/."""


def banner(text: str) -> str:
    return f"== {text} =="
