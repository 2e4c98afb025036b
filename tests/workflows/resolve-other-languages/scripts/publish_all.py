"""Publishes the built packages, then the docs."""
import subprocess
import sys

for folder in sys.argv[1:]:
    print("npm publish " + folder)
    subprocess.run(["npm", "publish", folder, "--access", "public"], check=True)
subprocess.run(["mkdocs", "gh-deploy"], check=True)
