"""Print the versions this build happened to get."""
import subprocess
from importlib.metadata import version

for dist in ("requests", "PyYAML", "click", "rich"):
    print(dist, version(dist))
print("typescript", subprocess.run(["tsc", "--version"], capture_output=True, text=True).stdout.strip())
