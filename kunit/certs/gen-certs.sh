#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make the certificates and keys of the certificate KUnit tests with the
# stock openssl command line and write them to the C header $1 as byte
# arrays. $2 is userspace/linkauth-provision, which makes the regular
# certificates, so the tests also check what it produces. Runs at build
# time: every build gets fresh keys.
#
# Validity of the regular certificates (the tests check at 2030-01-01):
#   CAs and intermediate   2020-01-01 .. 2040-01-01
#   other CA               2020-01-01 .. 2060-01-01 (a GeneralizedTime)
#   leaves                 2021-01-01 .. 2039-01-01
#   expired leaf           2010-01-01 .. 2015-01-01
#   not yet valid leaf     2045-01-01 .. 2049-01-01
# The odd certificates made with openssl directly are valid from the build
# time for ten years; their tests take "now" from the certificate.
set -eu

out=$1
provision=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CA_DATES=(--not-before 20200101000000Z --not-after 20400101000000Z)
LEAF_DATES=(--not-before 20210101000000Z --not-after 20390101000000Z)

# Regular certificates, made as an operator would make them. Keys are 2048
# bits to keep the build fast.
provision() {
	bash "$provision" "$@" >/dev/null
}

provision ca "$tmp/ca" --name "linkauth test CA" --bits 2048 "${CA_DATES[@]}"
provision ca "$tmp/other" --name "linkauth other CA" --bits 2048 \
	--not-before 20200101000000Z --not-after 20600101000000Z
provision ca "$tmp/ecdsa" --name "linkauth ECDSA CA" --ecdsa "${CA_DATES[@]}"
provision intermediate "$tmp/ca" "$tmp/inter" --name "linkauth test sub CA" \
	--bits 2048 --pathlen 0 "${CA_DATES[@]}"
provision device "$tmp/ca" "$tmp/leaf" 52:54:00:12:34:56 --name "dev one" \
	"${LEAF_DATES[@]}"
provision device "$tmp/inter" "$tmp/leaf_inter" 52:54:00:12:34:57 \
	--name "dev two" "${LEAF_DATES[@]}"
provision device "$tmp/other" "$tmp/leaf_other" 52:54:00:12:34:58 \
	"${LEAF_DATES[@]}"
provision device "$tmp/ecdsa" "$tmp/leaf_ecdsa" 52:54:00:12:34:5b \
	"${LEAF_DATES[@]}"
provision device "$tmp/ca" "$tmp/leaf_expired" 52:54:00:12:34:59 \
	--not-before 20100101000000Z --not-after 20150101000000Z
provision device "$tmp/ca" "$tmp/leaf_future" 52:54:00:12:34:5a \
	--not-before 20450101000000Z --not-after 20490101000000Z

# Odd certificates that the provisioning script refuses to make: subject
# $2 (UTF-8), extension section $3 of ext.cnf, signed by the CA whose
# certificate and key are $4.crt.pem and $4.key.pem. All use the key of
# the regular leaf.
cat >"$tmp/ext.cnf" <<'END'
[ req ]
distinguished_name = req_dn
[ req_dn ]
[ leaf ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_no_key_usage ]
basicConstraints = CA:FALSE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_encipher ]
basicConstraints = CA:FALSE
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_policy ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
certificatePolicies = critical, 1.3.6.1.4.1.99999.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ca_no_certsign ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
END

odd_cert() {
	local name=$1 subject=$2 section=$3 issuer=$4

	openssl req -new -utf8 -key "$tmp/leaf/device.key.pem" \
		-subj "$subject" -config "$tmp/ext.cnf" -out "$tmp/$name.csr"
	openssl x509 -req -in "$tmp/$name.csr" -CA "$issuer.crt.pem" \
		-CAkey "$issuer.key.pem" -set_serial 1000 -days 3650 \
		-sha256 -extfile "$tmp/ext.cnf" -extensions "$section" \
		-outform DER -out "$tmp/$name.der" 2>/dev/null
}

mac=52:54:00:12:34:56
odd_cert leaf_bad_mac "/CN=dev/serialNumber=52-54-00-12-34-56" leaf \
	"$tmp/ca/ca"
odd_cert leaf_no_mac "/CN=dev/O=linkauth tests" leaf "$tmp/ca/ca"
odd_cert leaf_two_macs "/CN=dev/serialNumber=$mac/serialNumber=52:54:00:12:34:57" \
	leaf "$tmp/ca/ca"
odd_cert leaf_no_key_usage "/CN=dev/serialNumber=$mac" leaf_no_key_usage \
	"$tmp/ca/ca"
odd_cert leaf_encipher "/CN=dev/serialNumber=$mac" leaf_encipher "$tmp/ca/ca"
odd_cert leaf_policy "/CN=dev/serialNumber=$mac" leaf_policy "$tmp/ca/ca"
# Signed by the regular leaf, which is no CA.
odd_cert leaf_by_leaf "/CN=dev/serialNumber=$mac" leaf "$tmp/leaf/device"
# 137 characters once rendered, and a non-ASCII character.
odd_cert leaf_long_name \
	"/CN=d$(printf '\xc3\xa9')v,1/O=$(printf 'o%.0s' {1..60})/OU=$(printf 'u%.0s' {1..60})/serialNumber=$mac" \
	leaf "$tmp/ca/ca"

openssl req -new -x509 -key "$tmp/other/ca.key.pem" \
	-subj "/CN=CA without keyCertSign" -config "$tmp/ext.cnf" \
	-extensions ca_no_certsign -days 3650 -sha256 -outform DER \
	-out "$tmp/ca_no_certsign.der"
# OpenSSL 3.0 writes DER RSA keys as PKCS#1 unless "pkcs8 -topk8" converts them.
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:1024 \
	-out "$tmp/key_1024.pem"
openssl pkcs8 -topk8 -nocrypt -in "$tmp/key_1024.pem" -outform DER \
	-out "$tmp/key_1024.der"
openssl rsa -in "$tmp/leaf/device.key.pem" -traditional -outform DER \
	-out "$tmp/key_pkcs1.der" 2>/dev/null

# Print a C array named $1 with the bytes of file $2.
emit() {
	echo "static const u8 $1[] __maybe_unused = {"
	od -An -v -tx1 -w12 "$2" | sed -e 's/ *$//' -e 's/ \([0-9a-f][0-9a-f]\)/0x\1, /g' \
		-e 's/, $/,/' -e 's/^/\t/'
	echo "};"
	echo
}

{
	echo "/* SPDX-License-Identifier: GPL-2.0 */"
	echo "/* Generated by kunit/certs/gen-certs.sh; do not edit. */"
	echo
	emit ca_der "$tmp/ca/ca.crt.der"
	emit other_ca_der "$tmp/other/ca.crt.der"
	emit ecdsa_ca_der "$tmp/ecdsa/ca.crt.der"
	emit inter_der "$tmp/inter/ca.crt.der"
	emit leaf_der "$tmp/leaf/device.crt.der"
	emit leaf_key_der "$tmp/leaf/device.key.der"
	emit leaf_inter_key_der "$tmp/leaf_inter/device.key.der"
	emit leaf_inter_der "$tmp/leaf_inter/device.crt.der"
	emit leaf_other_der "$tmp/leaf_other/device.crt.der"
	emit leaf_ecdsa_der "$tmp/leaf_ecdsa/device.crt.der"
	emit leaf_expired_der "$tmp/leaf_expired/device.crt.der"
	emit leaf_future_der "$tmp/leaf_future/device.crt.der"
	emit leaf_bad_mac_der "$tmp/leaf_bad_mac.der"
	emit leaf_no_mac_der "$tmp/leaf_no_mac.der"
	emit leaf_two_macs_der "$tmp/leaf_two_macs.der"
	emit leaf_no_key_usage_der "$tmp/leaf_no_key_usage.der"
	emit leaf_encipher_der "$tmp/leaf_encipher.der"
	emit leaf_policy_der "$tmp/leaf_policy.der"
	emit leaf_by_leaf_der "$tmp/leaf_by_leaf.der"
	emit leaf_long_name_der "$tmp/leaf_long_name.der"
	emit ca_no_certsign_der "$tmp/ca_no_certsign.der"
	emit key_1024_der "$tmp/key_1024.der"
	emit key_pkcs1_der "$tmp/key_pkcs1.der"
} >"$tmp/certs.h"
mv "$tmp/certs.h" "$out"
