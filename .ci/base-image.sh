#!/usr/bin/env bash
# Builds local/jre17:ci, a minimal Debian 12 image with a Java 17 runtime, without any registry: the
# container tests build their Spark image FROM it. Does nothing when the image already exists.
set -euo pipefail

image=local/jre17:ci
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image already present"
  exit 0
fi

# The Debian mirror this machine's apt already uses (deb822 sources or the classic list).
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1 || true)
if [ -z "$mirror" ]; then
  mirror=$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}

rootfs=$(mktemp -d /tmp/jre17-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
echo "debootstrap bookworm from $mirror into $rootfs"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,procps bookworm "$rootfs" "$mirror" >/tmp/debootstrap.log 2>&1 \
  || { tail -n 20 /tmp/debootstrap.log; exit 1; }
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
tar -C "$rootfs" -c . | docker import -c 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' -c 'CMD ["/bin/bash"]' - "$image"
echo "built $image"
