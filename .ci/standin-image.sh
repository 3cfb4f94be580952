#!/usr/bin/env bash
# Makes the FROM image of src/main/docker/Dockerfile.jvm exist locally, so that the Dockerfile is built
# unchanged on a machine that cannot pull it: a Debian bookworm root file system with a headless
# JRE 17, plus the base image's entry point (/opt/jboss/container/java/run/run-java.sh) and its UTF-8
# locale, tagged with the Dockerfile's own FROM name. The root file system (debootstrap, a few minutes)
# is cached in $STANDIN_CACHE (default /var/cache/eternego-ci) and reused; an image already present is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
image=$(awk 'toupper($1) == "FROM" { print $2; exit }' src/main/docker/Dockerfile.jvm)
cache=${STANDIN_CACHE:-/var/cache/eternego-ci}
tarball=$cache/bookworm-jre17-rootfs.tar
podman=(podman --runtime runc)
limits=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

if podman image exists "$image"; then
    echo "stand-in: $image already present"
    exit 0
fi

# The Debian mirror apt uses on this machine (deb822 sources first, then the one-line format).
mirror() {
    local uri
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }' /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || { echo "stand-in: no Debian mirror found in apt's sources" >&2; return 1; }
    echo "$uri"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -s "$tarball" ]; then
    mkdir -p "$cache"
    url=$(mirror)
    echo "stand-in: debootstrap bookworm from $url (a few minutes; cached as $tarball)"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
        bookworm "$work/rootfs" "$url" >"$cache/debootstrap.log" 2>&1 \
        || { tail -n 30 "$cache/debootstrap.log" >&2; exit 1; }
    rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
    tar -C "$work/rootfs" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$work/rootfs"
fi
podman import -q "$tarball" localhost/eternego-standin-rootfs:bookworm >/dev/null

cat >"$work/run-java.sh" <<'SH'
#!/bin/sh
# Stand-in for the base image's launcher: the same variables, the same jar.
cd /deployments
exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar "$JAVA_APP_JAR"
SH
cat >"$work/Containerfile" <<'CF'
FROM localhost/eternego-standin-rootfs:bookworm
# Java runs in a UTF-8 locale, as in the base image: a JDK 17 in the POSIX locale cannot name a file
# such as meanings/café-visits.md.
ENV LANG=C.UTF-8
COPY run-java.sh /opt/jboss/container/java/run/run-java.sh
RUN chmod 0755 /opt/jboss/container/java/run/run-java.sh && mkdir -p /deployments
WORKDIR /deployments
USER 185
ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]
CF
"${podman[@]}" build -q "${limits[@]}" -t "$image" "$work" >/dev/null
echo "stand-in: built $image from $tarball"
