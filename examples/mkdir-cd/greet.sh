#!/bin/sh
# Print the message of the day installed under /opt/app.
set -eu
cat /opt/app/data/motd.txt
