/*
 * The options that select photos, shared by the tools that take a selection (filter.h).
 */
#include "vox/consent.h"
#include "vox/error.h"

#include "cli.h"
#include "filter.h"

int
vox_cli_filter_option(int c, const char *arg, struct vox_filter *f)
{
	switch (c) {
	case VOX_OPT_PAIR: f->pair = arg; break;
	case VOX_OPT_SITE: f->site = arg; break;
	case VOX_OPT_THEME: f->theme = arg; break;
	case VOX_OPT_PARTICIPANT: f->participant = arg; break;
	case VOX_OPT_SESSION: f->session = arg; break;
	case VOX_OPT_AUDIENCE:
		f->audience = vox_audience_parse(arg);
		if (f->audience <= 0)
			vox_die(VOX_EXIT_USAGE, "'%s': not an audience (private, group, report, "
			    "public)", arg);
		break;
	case VOX_OPT_CONSENT:
		/* The level recorded, beside --audience (what may be shown). */
		f->consent = vox_audience_parse(arg);
		if (f->consent <= 0)
			vox_die(VOX_EXIT_USAGE, "'%s': not a consent level (private, group, report, "
			    "public; withdrawn photos are never listed)", arg);
		break;
	case VOX_OPT_PEOPLE:
		f->people = vox_people_parse(arg);
		if (f->people < 0)
			vox_die(VOX_EXIT_USAGE, "'%s': people is none, consented, unconsented or "
			    "unknown", arg);
		break;
	case VOX_OPT_UNTAGGED: f->untagged = 1; break;
	case VOX_OPT_UNCAPTIONED: f->uncaptioned = 1; break;
	case VOX_OPT_NO_ALT: f->no_alt = 1; break;
	default: return 0;
	}
	return 1;
}

int
vox_cli_filter_failed(void)
{
	enum vox_error_kind kind = vox_error_kind();

	vox_warn_error();
	return kind == VOX_ERR_NOT_FOUND ? VOX_EXIT_USAGE : vox_cli_exit_status(kind);
}
