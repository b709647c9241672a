#ifndef VOX_CMD_FILTER_H
#define VOX_CMD_FILTER_H

/*
 * The options that select photos, as vox ls takes them, for every tool that works on a
 * selection (vox ls, vox stats): put VOX_CLI_FILTER_OPTIONS in the tool's long options and
 * hand every option to vox_cli_filter_option() before the tool's own.
 */

#include <getopt.h>

#include "vox/catalog.h"

enum {
	VOX_OPT_PAIR = 0x1000, VOX_OPT_SITE, VOX_OPT_THEME, VOX_OPT_PARTICIPANT,
	VOX_OPT_SESSION, VOX_OPT_AUDIENCE, VOX_OPT_PEOPLE, VOX_OPT_UNTAGGED,
	VOX_OPT_UNCAPTIONED, VOX_OPT_NO_ALT, VOX_OPT_CONSENT,
};

#define VOX_CLI_FILTER_OPTIONS \
	{ "pair", required_argument, NULL, VOX_OPT_PAIR }, \
	{ "site", required_argument, NULL, VOX_OPT_SITE }, \
	{ "theme", required_argument, NULL, VOX_OPT_THEME }, \
	{ "participant", required_argument, NULL, VOX_OPT_PARTICIPANT }, \
	{ "session", required_argument, NULL, VOX_OPT_SESSION }, \
	{ "audience", required_argument, NULL, VOX_OPT_AUDIENCE }, \
	{ "consent", required_argument, NULL, VOX_OPT_CONSENT }, \
	{ "people", required_argument, NULL, VOX_OPT_PEOPLE }, \
	{ "untagged", no_argument, NULL, VOX_OPT_UNTAGGED }, \
	{ "uncaptioned", no_argument, NULL, VOX_OPT_UNCAPTIONED }, \
	{ "no-alt", no_argument, NULL, VOX_OPT_NO_ALT }

/*
 * Applies option c (as getopt_long() returned it, with its argument) to f. Returns 1 when
 * c is a filter option, 0 when it is not; exits with status 2 on an audience, consent or
 * people value that is none of theirs.
 */
int vox_cli_filter_option(int c, const char *arg, struct vox_filter *f);

/*
 * After vox_catalog_select() (or a selection built on it) failed: prints the error and
 * returns the exit status. A filter naming nothing is the user's to fix, an option gone
 * wrong: usage (2).
 */
int vox_cli_filter_failed(void);

#endif
