#!/bin/sh
# Show the merged configuration and the unpacked assets, then exit.
set -eu
cat /etc/myapp/app.conf /etc/myapp/conf.d/*.conf
ls -l /srv/www/assets
