# syntax=docker/dockerfile:1.7
FROM alpine
RUN <<EOF
#!/bin/sh
# this is body, not a comment
echo "$HOME"
EOF
RUN <<-EOT
	echo tab-stripped
		EOT
RUN cat <<'NOEXPAND' <<"ALSO"
$not_expanded
NOEXPAND
${also_not}
ALSO
RUN 3<<FD cat /dev/fd/3
via fd three
FD
COPY <<A /a.txt <<B /b.txt /dst/
aaa
A
bbb
B
RUN --mount=type=cache,target=/var/cache/apk \
    apk add curl && \
    sh <<SCRIPT
curl --version
SCRIPT
ONBUILD RUN <<EOF
echo on build
EOF
RUN ["cat", "<<EOF"]
RUN <<EMPTY
EMPTY
ADD <<EOF /x
EOF not the end
 EOF
EOF
