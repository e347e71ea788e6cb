#!/bin/sh
# Builds dcloud's tiny test guest from Debian packages: a Debian cloud kernel and a busybox initramfs
# with dropbear (SSH) and openssl (TLS on 443). It reads the NoCloud seed (a `cidata` ISO on a
# virtio disk), takes its address by DHCP and prints a ready line on the serial console.
# Usage: build.sh OUTDIR   -> OUTDIR/vmlinuz, OUTDIR/initrd.img, OUTDIR/base.qcow2
# Nothing is rebuilt when OUTDIR/initrd.img already exists.
set -eu
out=${1:?usage: build.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
[ -s "$out/initrd.img" ] && [ -s "$out/vmlinuz" ] && [ -s "$out/base.qcow2" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# The kernel: the versioned package linux-image-cloud-amd64 depends on (virtio drivers are modules).
pkg=$(apt-cache depends linux-image-cloud-amd64 | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
[ -n "$pkg" ] || { echo "build.sh: cannot resolve linux-image-cloud-amd64 (run apt-get update)" >&2; exit 1; }
(cd "$work" && apt-get download "$pkg" >/dev/null 2>&1) || { echo "build.sh: apt-get download $pkg failed" >&2; exit 1; }
dpkg-deb -x "$work"/linux-image-*.deb "$work/kernel"
kver=$(ls "$work/kernel/lib/modules")
mods="$work/kernel/lib/modules/$kver/kernel"

root="$work/root"
mkdir -p "$root/bin" "$root/sbin" "$root/etc/dropbear" "$root/root/.ssh" "$root/lib/modules" \
    "$root/proc" "$root/sys" "$root/dev" "$root/run" "$root/tmp" "$root/seed" "$root/usr/lib/ssl"
cp /bin/busybox "$root/bin/busybox"
for m in virtio/virtio_ring virtio/virtio virtio/virtio_pci_legacy_dev virtio/virtio_pci_modern_dev \
        virtio/virtio_pci ../net/core/failover net/net_failover net/virtio_net block/virtio_blk \
        char/hw_random/virtio-rng; do
    cp "$mods/drivers/$m.ko" "$root/lib/modules/"
done
cp "$mods/drivers/cdrom/cdrom.ko" "$mods/fs/isofs/isofs.ko" "$mods/drivers/acpi/button.ko" \
    "$mods/drivers/input/evdev.ko" "$root/lib/modules/"

# Dynamically linked servers with exactly the libraries ldd lists.
for bin in /usr/sbin/dropbear /usr/bin/openssl; do
    cp "$bin" "$root/bin/"
    for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
done
cp /usr/lib/ssl/openssl.cnf "$root/usr/lib/ssl/openssl.cnf"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:*:1::::::\n' >"$root/etc/shadow"
printf 'root:x:0:\n' >"$root/etc/group"
printf '/bin/sh\n' >"$root/etc/shells"
install -m 0755 "$here/init" "$root/init"
install -m 0755 "$here/udhcpc.script" "$root/bin/udhcpc.script"
chmod 700 "$root/root" "$root/root/.ssh"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.img"
cp "$work/kernel/boot/vmlinuz-$kver" "$work/vmlinuz"
# The base image every overlay backs onto: the guest runs from RAM, so it stays empty.
qemu-img create -q -f qcow2 "$work/base.qcow2" 64M
chmod 0644 "$work/vmlinuz" "$work/initrd.img" "$work/base.qcow2"
mv "$work/vmlinuz" "$work/base.qcow2" "$out/"
mv "$work/initrd.img" "$out/"
echo "$kver" >"$out/kernel-version"
