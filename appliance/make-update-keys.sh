#!/usr/bin/env bash
# A release CA and a release signer for bundles, for a build without a province's own (KIOSK_UPDATE_CA):
# the image trusts update-ca.pem; bundles are signed with update-signer.pem/.key (appliance/build-bundle.sh).
# A province keeps its CA key offline and signs each release with a signer the CA issued. The CA is for
# releases only (RAUC's advice: a PKI of its own), so the signer needs no extended key usage: RAUC 1.8
# checks OpenSSL's default S/MIME signing purpose, which a codeSigning-only certificate fails.
#
#   appliance/make-update-keys.sh DIR
set -euo pipefail
dir="${1:?usage: make-update-keys.sh DIR}"
mkdir -p "$dir"
cd "$dir"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout update-ca.key -out update-ca.pem -days 3650 -subj "/O=open-gov-kiosk/CN=release CA (test)" \
  -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req "${ec[@]}" -keyout update-signer.key -out update-signer.csr -subj "/O=open-gov-kiosk/CN=release signer (test)" 2>/dev/null
openssl x509 -req -in update-signer.csr -CA update-ca.pem -CAkey update-ca.key -CAcreateserial -days 3650 \
  -extfile <(printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\n') \
  -out update-signer.pem 2>/dev/null
rm -f update-signer.csr update-ca.srl
chmod 0600 update-ca.key update-signer.key
