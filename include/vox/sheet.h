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
	/* Bounds on what one record holds, 0 for none (vox_sheet_init() sets none): a field
	 * longer than field_max bytes is kept as its first field_max + 1 bytes, so that the
	 * caller sees it is too long without the reader holding it whole; a record of more
	 * than fields_max fields is an error. */
	size_t field_max;
	unsigned fields_max;
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
 * naming the line (a quoted field never closed, text after a closing quote, more fields
 * than s->fields_max). A field is cut at s->field_max + 1 bytes.
 */
int vox_sheet_next(struct vox_sheet *s, GPtrArray *fields, int *start);

/* Whether every field of a record is empty or white space. */
int vox_sheet_blank(const GPtrArray *fields);

#endif
