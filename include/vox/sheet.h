#ifndef VOX_SHEET_H
#define VOX_SHEET_H

/*
 * Sheets saved from a spreadsheet, as CSV (RFC 4180) or TSV: the one record reader that the
 * caption manifest (vox ingest --manifest) and the consent sheet (vox consent --from)
 * share, so that both read what Excel, LibreOffice and Numbers write: a UTF-8 byte order
 * mark, CRLF line ends, quoted fields holding the delimiter, doubled quotes and line
 * breaks. The bytes are untrusted: every read stays inside [data, data + len).
 */

#include <stddef.h>

#include <glib.h>

struct vox_sheet {
	const char *name;     /* for messages */
	const char *p, *end;  /* what is left to read */
	int line;             /* the line p is on */
	char delim;           /* ',', ';' or '\t' */
};

/*
 * Starts reading a sheet: skips a byte order mark, checks every line is UTF-8 without NUL
 * bytes, and picks the delimiter: a tab for a name ending in .tsv or .tab; for .csv a
 * comma, or a semicolon when the first line has semicolons and no comma (Excel's CSV where
 * the comma is the decimal mark); otherwise a tab when the first line has a tab and no
 * comma, else a comma. Returns 0, or -1 with an error naming name and the line.
 */
int vox_sheet_init(struct vox_sheet *s, const char *name, const char *data, size_t len);

/*
 * Reads the next record into fields (emptied first; newly allocated strings, exactly as
 * written less the quoting; a CR before a line end is dropped). *start is the line the
 * record starts on. Returns 1 when a record was read, 0 at the end, -1 with an error
 * naming the line (a quoted field never closed, text after a closing quote).
 */
int vox_sheet_next(struct vox_sheet *s, GPtrArray *fields, int *start);

/* Whether every field of a record is empty or white space. */
int vox_sheet_blank(const GPtrArray *fields);

#endif
