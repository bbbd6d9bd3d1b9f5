import sys

from greeter import __version__

if __name__ == "__main__":
    print(f"Hello, {sys.argv[-1]}! (greeter {__version__})")
