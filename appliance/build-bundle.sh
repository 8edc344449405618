#!/usr/bin/env bash
# A signed RAUC bundle (verity format) of a root filesystem image, for the appliance's A/B slots.
#
#   appliance/build-bundle.sh ROOTFS_EXT4 VERSION OUT.raucb SIGNER_CERT SIGNER_KEY [KEYRING]
#
# ROOTFS_EXT4: a slot's image (build-image.sh leaves OUT_DIR/rootfs.ext4); VERSION: the release it is
# (the box refuses an older one unless the platform allows it). KEYRING: checked against before writing.
set -euo pipefail
rootfs="${1:?usage}" version="${2:?usage}" bundle="${3:?usage}" cert="${4:?usage}" key="${5:?usage}"
keyring="${6:-}"
repo="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$(mktemp -d /tmp/kiosk-bundle.XXXXXX)"
trap 'rm -rf "$work"' EXIT
ln "$rootfs" "$work/rootfs.ext4" 2>/dev/null || cp --sparse=always "$rootfs" "$work/rootfs.ext4"
cat > "$work/manifest.raucm" <<MANIFEST
[update]
compatible=$(cat "$repo/appliance/compatible")
version=$version
description=open-gov-kiosk $version

[bundle]
format=verity

[image.rootfs]
filename=rootfs.ext4
MANIFEST
rm -f "$bundle"
# zstd: ten times faster than squashfs's default gzip for the same size (../shared/reference/appliance.md)
rauc bundle --cert "$cert" --key "$key" ${keyring:+--keyring "$keyring"} \
  --mksquashfs-args='-comp zstd -Xcompression-level 3' "$work" "$bundle" >/dev/null
echo "$bundle"
