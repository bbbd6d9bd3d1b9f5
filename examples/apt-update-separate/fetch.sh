#!/bin/sh
# Print the HTTP status line of the URL given as $1.
set -eu
curl -sSI "${1:?usage: fetch URL}" | head -n 1
