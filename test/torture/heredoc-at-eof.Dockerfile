FROM alpine
RUN <<EOF
set -e
echo last instruction
EOF