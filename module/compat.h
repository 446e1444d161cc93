/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions linkauth builds against
 * (6.1 and later).
 */
#ifndef _LINKAUTH_COMPAT_H
#define _LINKAUTH_COMPAT_H

#include <linux/version.h>

/* 6.12 moved the unaligned access helpers out of asm/. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include <linux/netlink.h>

/*
 * Formatted extack messages arrived in 6.2; on 6.1 the caller's fixed
 * @fallback text is sent instead.
 */
#ifdef NL_SET_ERR_MSG_FMT
#define linkauth_extack_fmt(extack, fallback, fmt, ...) \
	NL_SET_ERR_MSG_FMT(extack, fmt, ##__VA_ARGS__)
#else
#define linkauth_extack_fmt(extack, fallback, fmt, ...) \
	NL_SET_ERR_MSG(extack, fallback)
#endif

#include <net/genetlink.h>

/* The request attributes of a dump; 6.2 moved them into a genl_info. */
static inline struct nlattr **linkauth_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _LINKAUTH_COMPAT_H */
