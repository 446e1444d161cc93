// SPDX-License-Identifier: GPL-2.0
/* "monitor": print handshake events as the module sends them. */
#include <errno.h>
#include <stdio.h>

#include "genl.h"
#include "linkauthctl.h"
#include "show.h"

int cmd_monitor(int argc, char **argv)
{
	struct genl nl;
	int err;

	err = expect_end(argc, argv);
	if (err)
		return err;
	err = genl_open(&nl);
	if (err)
		return err;
	err = genl_listen(&nl, show_event_msg, NULL);
	if (err == -ENOENT)
		fprintf(stderr, "linkauthctl: the linkauth module has no \"events\" group: update it\n");
	else
		genl_report(&nl, err, "monitor stopped");
	genl_close(&nl);
	return err;
}
