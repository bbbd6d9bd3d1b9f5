"""Tiny app that uses the shared textutil library from /srv/lib."""
import sys

from textutil import banner

if __name__ == "__main__":
    if "--check" in sys.argv:
        assert banner("ok") == "== ok =="
        sys.exit(0)
    print(banner("Hello from /srv/app"))
