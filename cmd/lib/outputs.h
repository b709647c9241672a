#ifndef VOX_CMD_OUTPUTS_H
#define VOX_CMD_OUTPUTS_H

#include <stdint.h>

#include "vox/catalog.h"

/*
 * After a withdrawal, a redaction, a change of consent or of a caption (privacy rule 9): says on stderr,
 * one line each, which outputs still hold photo photo_rowid (every photo: 0) and are stale
 * for it: "still in: gallery /media/usb/cornwall (built 2026-06-01T18:02:11Z); rebuild
 * with vox outputs --rebuild"; each output once a run, however many photos it holds.
 * lead replaces "still in" (NULL: "still in"): after a caption edit, "the old caption is
 * still in". Returns the number of such outputs, or -1 after printing the error.
 */
int vox_cli_stale_outputs(vox_catalog *cat, int64_t photo_rowid, const char *lead);

#endif
