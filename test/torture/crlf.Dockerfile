# syntax=docker/dockerfile:1
FROM alpine:3.19 AS base

# install tools
RUN apk add --no-cache \
      curl \
      git
COPY <<EOF /etc/motd
hello from a CRLF heredoc
EOF
CMD ["sh", "-c", "echo hi"]
