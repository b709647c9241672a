#ifndef VOX_CMD_CLI_H
#define VOX_CMD_CLI_H

/*
 * What every tool in cmd/ shares: its name in messages, warnings and fatal errors in the
 * form "vox TOOL: subject: what is wrong", the exit statuses, ids from arguments or stdin,
 * and the progress line (vox/catalog.h finds the collection). Built into libvoxcli.a,
 * linked into the tools only: the library (libvox) never prints, parses arguments or
 * exits.
 */

#include <stdio.h>

#include <glib.h>

#include "vox/error.h"

enum vox_exit {
	VOX_EXIT_OK = 0,       /* done */
	VOX_EXIT_REFUSED = 1,  /* done, but some inputs were refused (or, for audit, found) */
	VOX_EXIT_USAGE = 2,    /* usage error */
	VOX_EXIT_IO = 3,       /* collection or I/O failure */
};

/*
 * The exit status for a library error of this kind (vox_error_kind()), so that no tool
 * reads a message to choose one:
 *   VOX_ERR_REFUSED, VOX_ERR_NOT_FOUND   VOX_EXIT_REFUSED (1): this input is refused
 *   VOX_ERR_USAGE                        VOX_EXIT_USAGE (2)
 *   VOX_ERR_IO, VOX_ERR_NONE             VOX_EXIT_IO (3)
 * A tool for which a name that matches nothing is a usage error (it came from an option,
 * like a filter) says so itself.
 */
int vox_cli_exit_status(enum vox_error_kind kind);

/* Sets the tool's name ("scrub") for messages and the quiet flag for progress. */
void vox_cli_init(const char *tool);
void vox_cli_set_quiet(int quiet);
const char *vox_cli_tool(void);

/*
 * Catalog text (titles, stories, prompts, file names: anyone's words) made safe for a
 * terminal: C0 controls other than tab (and newline when multiline), DEL and bytes that
 * are not UTF-8 become "\x1b"; C1 controls and the bidirectional embeddings, overrides
 * and isolates (U+202A-U+202E, U+2066-U+2069), which could rewrite the screen or reverse
 * a name ("photo\u202egpj.exe"), become "\u202e". The marks U+200E, U+200F and U+061C
 * are kept: right-to-left text needs them, and a mark moves no more than a visible letter
 * of its direction would (unsafe_char() in cli.c says why). Newly allocated.
 */
char *vox_cli_escape(const char *s, int multiline);

/*
 * s for stream: escaped (vox_cli_escape()) when stream is a terminal, else exactly as it
 * is, so that pipes and files get the catalog's own text. Newly allocated.
 */
char *vox_cli_text(FILE *stream, const char *s, int multiline);

/*
 * s as a field of a record printed on stream, one record a line: tabs and line breaks
 * become spaces (in a pipe too, so that a name cannot split a record), then vox_cli_text().
 * Newly allocated.
 */
char *vox_cli_field(FILE *stream, const char *s);

/*
 * Prints one line on stdout: printf(fmt, ...) and a newline. On a terminal the whole line
 * is escaped (vox_cli_escape(), a newline within it too), so that a name, a path or a
 * question from the catalog or from a file can never move the cursor, clear the screen or
 * turn the text around it; into a pipe or a file it is exact. Every line of a tool's
 * output that holds such text goes through here, as every message goes through vox_warn(),
 * so that no printf can forget it (JSON needs nothing more: vox_json_string() escapes).
 */
void vox_line(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * The columns s takes on a terminal: one a character (so "ŵ", two bytes of UTF-8, is one),
 * two for a wide character (CJK), none for a combining mark. Bytes that are not UTF-8
 * count one each, as vox_cli_escape() would show them at least.
 */
size_t vox_cli_width(const char *s);

/* Prints spaces on stream from column `from` up to column `to` (at least one space). */
void vox_cli_pad(FILE *stream, size_t from, size_t to);

/* Prints "vox TOOL: ..." and a newline on stderr (escaped when stderr is a terminal, a
 * newline within it too: one message, one line). */
void vox_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * What a command changed, one line on stderr as vox_warn() prints it
 * ("vox consent: R04-01: report → group"); nothing when the tool is quiet (-q).
 */
void vox_note(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
int vox_cli_quiet(void);

/* At most this many lines of one kind about photos; the rest are counted in one line. */
#define VOX_CLI_SHOWN 5

/*
 * Warnings about many photos, without flooding the screen (a 3,000-photo gallery without
 * alt text): lines that say the same thing of different photos ("'P02-03': no alt text",
 * the kind being what follows the quoted subject) are printed at most VOX_CLI_SHOWN a kind,
 * then one line "… and 2,995 more photos: no alt text (HINT)". Quiet (-q), only that one
 * line a kind is printed: "3,000 photos: no alt text (HINT)". A kind that only one line
 * says is printed as that line, quiet or not, since its subject may not even be a photo
 * ("'/media/usb/cornwall': not recorded, …"). hint may be NULL.
 */
void vox_warn_photos(GPtrArray *lines, const char *hint);

/*
 * Changes made to photos ("R04-01: report → group") or other notes of one kind, silenced
 * by -q: at most VOX_CLI_SHOWN lines, then "… and 12 more WHAT" (what: "photos changed").
 */
void vox_note_photos(GPtrArray *lines, const char *what);

/* Prints "vox TOOL: " and the last library error message (vox_error_message()). */
void vox_warn_error(void);

/* vox_warn(), then exit(status). */
G_NORETURN void vox_die(int status, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * Checks an output path (-o, --preview) before any work is done, so that a gallery or an
 * archive does not fail at the very end, and never makes the folders above it (an empty
 * /media/usb is the place a stick is mounted on, not a folder to write into). The folder
 * that would hold path must exist, be a folder and be writable. Otherwise it says which
 * folder is missing ("the folder '/media/usb' does not exist"), or that it is not a folder
 * or cannot be written (read-only, no permission), and exits 3, as the write would have.
 */
void vox_cli_output_path(const char *path);

/* Prints the usage text on stderr and exits with status 2. */
G_NORETURN void vox_usage(const char *usage);

/*
 * Collects photo ids or refs: the arguments when there are any, else the first field
 * (up to a tab or space) of each non-empty line of stdin. Returns a new array of newly
 * allocated strings; the caller frees it with g_ptr_array_unref().
 */
GPtrArray *vox_cli_ids(int argc, char **argv);

/*
 * A progress line on stderr, rewritten in place, only when stderr is a terminal and the
 * tool is not quiet. vox_progress_done() clears it before other output.
 */
void vox_progress(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void vox_progress_done(void);

/*
 * Flushes stdout and reports a write error (a full disk, a closed pipe) as an I/O failure.
 * Returns status, or VOX_EXIT_IO when stdout could not be written. Call as
 * `return vox_cli_finish(status);` at the end of main.
 */
int vox_cli_finish(int status);

#endif
