#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check docs/linkauth.yaml without a kernel module.

1. Load the spec with the kernel's YNL library, validating it against the
   genetlink-c schema (needs python3-jsonschema).
2. Encode a request for every operation, and a reply or event for every
   message that has one, then decode each back and compare.  The family ID
   is made up, so no request is ever sent.
3. Compile a C program that compares every name and value the spec defines
   with include/uapi/linux/linkauth.h, in both directions.

Usage: ynl_check.py YNL_DIR   (tools/net/ynl of a 6.12 kernel source tree)
Prints "N passed, N failed".
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
SPEC = os.path.join(ROOT, 'docs', 'linkauth.yaml')
UAPI = os.path.join(ROOT, 'include', 'uapi', 'linux', 'linkauth.h')

passed = 0
failed = 0


def check(ok, name):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL:', name)


def c_name(prefix, name):
    return (prefix + name).upper().replace('-', '_')


# Sample values for every attribute type, so each one is encoded once.
SAMPLES = {
    'u8': 1, 'u16': 1, 'u32': 7, 'u64': 1 << 40, 's32': -5, 's64': -(1 << 40),
    'string': 'CN=test',
}


def sample(family, attr):
    if attr.type == 'nest':
        nested = family.attr_sets[attr['nested-attributes']]
        return {a.name: sample(family, a) for a in nested.attrs.values()
                if a.type not in ('unused', 'pad')}
    if attr.type == 'binary':
        return bytes(range(attr.get('checks', {}).get('exact-len', 8)))
    if 'enum' in attr.yaml:
        enum = family.consts[attr['enum']]
        names = list(enum.entries)
        if enum.type == 'flags' or attr.get('enum-as-flags'):
            return set(names[:2])
        return names[-1]
    return SAMPLES[attr.type]


def normalize(family, space, values):
    """Turn decoded values into what sample() produced."""
    out = {}
    for name, value in values.items():
        attr = family.attr_sets[space][name]
        if attr.type == 'nest':
            value = normalize(family, attr['nested-attributes'], value)
        elif attr.type == 'binary' and attr.display_hint:
            value = bytes.fromhex(value.replace(':', ''))
        elif attr.get('multi-attr'):
            value = value[0]
        out[name] = value
    return out


def roundtrip(ynl, family, op, attrs, what):
    from lib.ynl import NlMsgs

    space = op.attr_set.name
    vals = {}
    for name in attrs:
        attr = family.attr_sets[space][name]
        vals[name] = sample(family, attr)
        if attr.get('multi-attr'):
            vals[name] = [vals[name]]
    msg = ynl._encode_message(op, vals, [], 1)
    nl_msg = list(NlMsgs(msg))[0]
    decoded = ynl.nlproto.decode(ynl, nl_msg, op)
    check(decoded.cmd() == op.req_value, f'{what}: command value')
    got = normalize(family, space, ynl._decode(decoded.raw_attrs, space))
    want = {k: v[0] if isinstance(v, list) else v for k, v in vals.items()}
    check(got == want, f'{what}: round trip\n got {got}\nwant {want}')


def check_messages(ynl_dir):
    sys.path.insert(0, ynl_dir)
    import lib.ynl as ynl_lib
    from lib import YnlFamily

    schema = os.path.join(ynl_dir, '..', '..', '..', 'Documentation',
                          'netlink', 'genetlink-c.yaml')
    # A made-up family table, so that YnlFamily does not ask the kernel.
    ynl_lib.genl_family_name_to_id = {
        'linkauth': {'id': 0x30, 'mcast': {'events': 9}},
    }
    ynl = YnlFamily(SPEC, schema)
    check(True, 'spec loads and validates against genetlink-c.yaml')

    for op in ynl.ops.values():
        for kind in ('do', 'dump'):
            for part in ('request', 'reply'):
                attrs = op.yaml.get(kind, {}).get(part, {}).get('attributes')
                if attrs:
                    roundtrip(ynl, ynl, op, attrs, f'{op.name} {kind} {part}')
    for msg in ynl.msgs.values():
        if msg.is_async:
            roundtrip(ynl, ynl, msg, msg.yaml['event']['attributes'],
                      f'{msg.name} event')
    check(set(ynl.mcast_groups) == {'events'}, 'one "events" group')
    return ynl


def spec_constants(family):
    """(C expression, expected value) for every constant of the spec."""
    pairs = [('LINKAUTH_GENL_VERSION', 1)]
    for const in family.consts.values():
        if const['type'] == 'const':
            pairs.append((c_name('linkauth-', const['name']), const['value']))
            continue
        for entry in const.entries.values():
            # For flags this is already the mask, 1 << position.
            value = entry.user_value()
            pairs.append((c_name(const['name-prefix'], entry.name), value))
    for space in family.attr_sets.values():
        for attr in space.attrs.values():
            pairs.append((c_name(space.yaml['name-prefix'], attr.name),
                          attr.value))
        name = c_name(space.yaml['name-prefix'], 'max')
        if space.yaml.get('enum-name'):
            pairs.append((name, max(a.value for a in space.attrs.values())))
    ops = [op for op in family.msgs.values()]
    for op in ops:
        pairs.append((c_name('linkauth-cmd-', op.name), op.value))
    pairs.append(('LINKAUTH_CMD_MAX', max(op.value for op in ops)))
    return pairs


def check_header(family):
    pairs = spec_constants(family)
    lines = ['#include <stdio.h>', '#include <string.h>',
             '#include <linux/linkauth.h>', 'int main(void)', '{',
             '\tint bad = 0;']
    for name, value in pairs:
        lines.append(f'\tif ((long long)({name}) != {value}LL) {{'
                     f' printf("%s = %lld, spec says %lld\\n", "{name}",'
                     f' (long long)({name}), {value}LL); bad++; }}')
    lines.append('\tif (LINKAUTH_CMD_UNSPEC != 0) { puts("CMD_UNSPEC"); bad++; }')
    lines.append('\tif (strcmp(LINKAUTH_GENL_NAME, "linkauth") ||'
                 ' strcmp(LINKAUTH_MCGRP_EVENTS, "events")) {'
                 ' puts("family or group name differs"); bad++; }')
    lines += ['\treturn bad;', '}']

    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'consts.c')
        exe = os.path.join(tmp, 'consts')
        with open(src, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        build = subprocess.run(['cc', '-Wall', '-Werror', '-I',
                                os.path.join(ROOT, 'include', 'uapi'),
                                '-o', exe, src],
                               capture_output=True, text=True)
        check(build.returncode == 0,
              'every spec name exists in the header\n' + build.stderr)
        if build.returncode == 0:
            run = subprocess.run([exe], capture_output=True, text=True)
            check(run.returncode == 0,
                  'every spec value matches the header\n' + run.stdout)

    # The other direction: every header name is in the spec.
    with open(UAPI) as f:
        header_names = set(re.findall(r'\b(LINKAUTH_[A-Z0-9_]+)\b', f.read()))
    spec_names = {name for name, _ in pairs}
    # The defines named by c-family-name and c-define-name, and command 0,
    # which YNL leaves out of the operation list.
    spec_names |= {'LINKAUTH_GENL_NAME', 'LINKAUTH_MCGRP_EVENTS',
                   'LINKAUTH_CMD_UNSPEC'}
    # Sentinels, and prefixes such as LINKAUTH_POLICY_* in comments.
    missing = sorted(n for n in header_names - spec_names
                     if not n.startswith('__') and not n.endswith('_') and
                     not re.fullmatch(r'LINKAUTH_\w+_MAX', n))
    check(not missing, f'header names missing from the spec: {missing}')
    check(len(pairs) > 100, f'spec defines {len(pairs)} constants')


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    family = check_messages(os.path.abspath(sys.argv[1]))
    check_header(family)
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
