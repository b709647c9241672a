/* The pictograms of the consent choices: one drawing of each, for every page that shows a
 * choice. */
#include "vox/pictogram.h"

static const char *const picts[] = {
	/* Only me: one person. */
	[VOX_PICT_ME] = "<circle cx=\"24\" cy=\"14\" r=\"8\"/>"
	    "<path d=\"M8 44c0-10 7-17 16-17s16 7 16 17z\"/>",
	/* The workshop group: three people. */
	[VOX_PICT_GROUP] = "<circle cx=\"10\" cy=\"18\" r=\"5\"/><circle cx=\"24\" cy=\"13\" r=\"6\"/>"
	    "<circle cx=\"38\" cy=\"18\" r=\"5\"/>"
	    "<path d=\"M2 40c0-7 4-12 8-12s8 5 8 12z\"/><path d=\"M30 40c0-7 4-12 8-12s8 5 8 12z\"/>"
	    "<path d=\"M13 44c0-9 5-15 11-15s11 6 11 15z\"/>",
	/* Reports: a page of writing. */
	[VOX_PICT_REPORT] = "<path d=\"M11 3h19l9 9v33H11z\"/><path d=\"M30 3v9h9\"/>"
	    "<path d=\"M16 20h18M16 27h18M16 34h18M16 41h11\"/>",
	/* Everyone: the world. */
	[VOX_PICT_EVERYONE] = "<circle cx=\"24\" cy=\"24\" r=\"20\"/>"
	    "<ellipse cx=\"24\" cy=\"24\" rx=\"9\" "
	    "ry=\"20\"/><path d=\"M4 24h40M7 14h34M7 34h34\"/>",
	/* Withdraw: a bin. */
	[VOX_PICT_WITHDRAW] = "<path d=\"M8 11h32M19 11V6h10v5M12 11l3 33h18l3-33\"/>"
	    "<path d=\"M20 18v20M28 18v20\"/>",
	/* People in the photo said yes: a person and a tick. */
	[VOX_PICT_PEOPLE_YES] = "<circle cx=\"17\" cy=\"14\" r=\"7\"/>"
	    "<path d=\"M3 42c0-9 6-15 14-15s14 6 14 15z\"/><path d=\"M29 24l6 7 11-14\"/>",
};

void
vox_pict(GString *out, enum vox_pict which)
{
	if ((unsigned)which >= G_N_ELEMENTS(picts))
		return;
	g_string_append_printf(out, "<svg class=\"pict pict-%d\" viewBox=\"0 0 48 48\" "
	    "aria-hidden=\"true\" fill=\"none\" stroke=\"#111\" stroke-width=\"3\" "
	    "stroke-linejoin=\"round\" stroke-linecap=\"round\">%s</svg>", (int)which,
	    picts[which]);
}

enum vox_pict
vox_pict_audience(enum vox_audience a)
{
	switch (a) {
	case VOX_AUDIENCE_GROUP:
		return VOX_PICT_GROUP;
	case VOX_AUDIENCE_REPORT:
		return VOX_PICT_REPORT;
	case VOX_AUDIENCE_PUBLIC:
		return VOX_PICT_EVERYONE;
	case VOX_AUDIENCE_WITHDRAWN:
		return VOX_PICT_WITHDRAW;
	default:
		return VOX_PICT_ME;
	}
}
