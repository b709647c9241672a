#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vox/error.h"

#include "cli.h"

static const char *tool_name = "vox";
static int quiet;
static int progress_shown;

void
vox_cli_init(const char *tool)
{
	tool_name = tool;
}

void
vox_cli_set_quiet(int q)
{
	quiet = q;
}

const char *
vox_cli_tool(void)
{
	return tool_name;
}

/*
 * Whether the code point c is one a terminal must not be handed raw: the C1 controls (a
 * terminal may take U+009B as ESC [), and the bidirectional embeddings, overrides and
 * isolates, which set the direction of everything after them up to their end, letters
 * too, so that "photo\u202egpj.exe" is shown as "photoexe.jpg". The marks U+200E, U+200F
 * and U+061C are kept: right-to-left text needs them, and each is an invisible letter of
 * its direction, which reorders only the digits and punctuation beside it, as a visible
 * Hebrew or Arabic letter in its place would; it cannot turn a name's letters around.
 */
static int
unsafe_char(gunichar c)
{
	return (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

char *
vox_cli_escape(const char *s, int multiline)
{
	GString *out = g_string_new(NULL);
	const char *p = s ? s : "", *end = p + strlen(p);

	while (p < end) {
		unsigned char b = (unsigned char)*p;
		gunichar c;

		if (b < 0x80) {
			if ((b < 0x20 && b != '\t' && !(multiline && b == '\n')) || b == 0x7f)
				g_string_append_printf(out, "\\x%02x", b);
			else
				g_string_append_c(out, (char)b);
			p++;
			continue;
		}
		c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_printf(out, "\\x%02x", b);
			p++;
			continue;
		}
		if (unsafe_char(c))
			g_string_append_printf(out, "\\u%04x", (unsigned)c);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
		p = g_utf8_next_char(p);
	}
	return g_string_free(out, FALSE);
}

char *
vox_cli_text(FILE *stream, const char *s, int multiline)
{
	if (isatty(fileno(stream)))
		return vox_cli_escape(s, multiline);
	return g_strdup(s ? s : "");
}

char *
vox_cli_field(FILE *stream, const char *s)
{
	g_autofree char *flat = g_strdup(s ? s : "");

	for (char *p = flat; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	return vox_cli_text(stream, flat, 0);
}

void
vox_line(const char *fmt, ...)
{
	g_autofree char *line = NULL;
	va_list ap;

	va_start(ap, fmt);
	line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* A progress line on the same terminal is cleared first, as a message clears it. */
	vox_progress_done();
	if (isatty(STDOUT_FILENO)) {
		g_autofree char *shown = vox_cli_escape(line, 0);

		puts(shown);
	} else {
		puts(line);
	}
}

size_t
vox_cli_width(const char *s)
{
	const char *p = s ? s : "", *end = p + strlen(p);
	size_t w = 0;

	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);

		if (c == (gunichar)-1 || c == (gunichar)-2) {
			w++;
			p++;
			continue;
		}
		if (g_unichar_iswide(c))
			w += 2;
		else if (!g_unichar_iszerowidth(c))
			w++;
		p = g_utf8_next_char(p);
	}
	return w;
}

void
vox_cli_pad(FILE *stream, size_t from, size_t to)
{
	do
		fputc(' ', stream);
	while (++from < to);
}

static void G_GNUC_PRINTF(1, 0)
vwarn(const char *fmt, va_list ap)
{
	/* Messages name files and quote captions: never raw to a terminal, and one line
	 * each, so that a newline in a file name cannot start a message of its own. */
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	g_autofree char *shown = vox_cli_text(stderr, msg, 0);

	vox_progress_done();
	fflush(stdout);
	fprintf(stderr, "vox %s: %s\n", tool_name, shown);
}

void
vox_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

int
vox_cli_quiet(void)
{
	return quiet;
}

void
vox_note(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

/* n with its thousands grouped by commas ("2,995"), as people write counts. Newly
 * allocated. */
static char *
grouped(guint n)
{
	g_autofree char *digits = g_strdup_printf("%u", n);
	GString *out = g_string_new(NULL);
	size_t len = strlen(digits);

	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			g_string_append_c(out, ',');
		g_string_append_c(out, digits[i]);
	}
	return g_string_free(out, FALSE);
}

/* What a line about a photo says of it: the text after "'SUBJECT': ", or the whole line. */
static const char *
line_kind(const char *line)
{
	const char *end;

	if (line[0] != '\'' || !(end = strstr(line + 1, "': ")))
		return line;
	return end + 3;
}

void
vox_warn_photos(GPtrArray *lines, const char *hint)
{
	/* Kinds in the order they first appear, each with its count. */
	GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *kinds = g_ptr_array_new();

	for (guint i = 0; i < lines->len; i++) {
		const char *line = lines->pdata[i];
		const char *kind = line_kind(line);
		guint n;

		if (kind == line) {
			/* Not about one photo: said as it is, quiet or not. */
			vox_warn("%s", line);
			continue;
		}
		n = GPOINTER_TO_UINT(g_hash_table_lookup(count, kind));
		if (n == 0)
			g_ptr_array_add(kinds, (char *)kind);
		g_hash_table_insert(count, (char *)kind, GUINT_TO_POINTER(n + 1));
		if (!quiet && n < VOX_CLI_SHOWN)
			vox_warn("%s", line);
	}
	/* Quiet, a kind seen once is said now that its count is known. */
	for (guint i = 0; quiet && i < lines->len; i++) {
		const char *line = lines->pdata[i];
		const char *kind = line_kind(line);

		if (kind != line && GPOINTER_TO_UINT(g_hash_table_lookup(count, kind)) == 1)
			vox_warn("%s", line);
	}
	for (guint i = 0; i < kinds->len; i++) {
		const char *kind = kinds->pdata[i];
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(count, kind));
		g_autofree char *shown = NULL;
		guint m = quiet ? n : n - VOX_CLI_SHOWN;

		/* One line of a kind is said whole, quiet or not: "1 photo: …" would lose
		 * its subject, and it may not be a photo at all (an output not recorded). */
		if (n == 1 || (!quiet && n <= VOX_CLI_SHOWN))
			continue;
		shown = grouped(m);
		vox_warn("%s%s %s%s: %s%s%s%s", quiet ? "" : "… and ", shown,
		    quiet ? "" : "more ", m == 1 ? "photo" : "photos", kind, hint ? " (" : "",
		    hint ? hint : "", hint ? ")" : "");
	}
	g_ptr_array_unref(kinds);
	g_hash_table_unref(count);
}

void
vox_note_photos(GPtrArray *lines, const char *what)
{
	g_autofree char *more = NULL;

	if (quiet)
		return;
	for (guint i = 0; i < lines->len && i < VOX_CLI_SHOWN; i++)
		vox_warn("%s", (const char *)lines->pdata[i]);
	if (lines->len <= VOX_CLI_SHOWN)
		return;
	more = grouped(lines->len - VOX_CLI_SHOWN);
	vox_warn("… and %s more %s", more, what);
}

void
vox_warn_error(void)
{
	const char *m = vox_error_message();

	vox_warn("%s", *m ? m : "unknown error");
}

void
vox_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void
vox_usage(const char *usage)
{
	fputs(usage, stderr);
	exit(VOX_EXIT_USAGE);
}

static int
output_path_check(const char *path)
{
	g_autofree char *trimmed = g_strdup(path);
	g_autofree char *parent = NULL;
	g_autofree char *missing = NULL;
	size_t len = strlen(trimmed);
	struct stat st;

	/* "/media/usb/cornwall/" names the same folder as "/media/usb/cornwall". */
	while (len > 1 && trimmed[len - 1] == '/')
		trimmed[--len] = 0;
	parent = g_path_get_dirname(trimmed);
	if (stat(parent, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			vox_warn("'%s': '%s' is not a folder", path, parent);
			return VOX_EXIT_IO;
		}
		if (access(parent, W_OK | X_OK) != 0) {
			vox_warn("'%s': cannot write in the folder '%s': %s", path, parent,
			    g_strerror(errno));
			return VOX_EXIT_IO;
		}
		return 0;
	}
	if (errno != ENOENT && errno != ENOTDIR) {
		vox_warn("'%s': '%s': %s", path, parent, g_strerror(errno));
		return VOX_EXIT_IO;
	}
	/* The highest folder that is missing is the one to name: /media/usb, not
	 * /media/usb/photos, when the stick is not there. */
	missing = g_strdup(parent);
	for (;;) {
		g_autofree char *up = g_path_get_dirname(missing);

		if (strcmp(up, missing) == 0 || stat(up, &st) == 0)
			break;
		g_free(missing);
		missing = g_steal_pointer(&up);
	}
	vox_warn("'%s': the folder '%s' does not exist (plug in the drive, or make the folder "
	    "first with mkdir)", path, missing);
	return VOX_EXIT_IO;
}

void
vox_cli_output_path(const char *path)
{
	int status = output_path_check(path);

	if (status != 0)
		exit(status);
}

GPtrArray *
vox_cli_ids(int argc, char **argv)
{
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (argc > 0) {
		for (int i = 0; i < argc; i++)
			g_ptr_array_add(ids, g_strdup(argv[i]));
		return ids;
	}
	while ((n = getline(&line, &cap, stdin)) > 0) {
		size_t len = strcspn(line, "\t \r\n");

		if (len > 0)
			g_ptr_array_add(ids, g_strndup(line, len));
	}
	free(line);
	return ids;
}

void
vox_progress(const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	g_autofree char *shown = NULL;
	va_list ap;

	if (quiet || !isatty(STDERR_FILENO))
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	shown = vox_cli_escape(msg, 0);
	fputs("\r\033[K", stderr);
	fputs(shown, stderr);
	fflush(stderr);
	progress_shown = 1;
}

void
vox_progress_done(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_shown = 0;
}

int
vox_cli_exit_status(enum vox_error_kind kind)
{
	switch (kind) {
	case VOX_ERR_REFUSED:
	case VOX_ERR_NOT_FOUND:
		return VOX_EXIT_REFUSED;
	case VOX_ERR_USAGE:
		return VOX_EXIT_USAGE;
	case VOX_ERR_IO:
	case VOX_ERR_NONE:
		break;
	}
	return VOX_EXIT_IO;
}

int
vox_cli_finish(int status)
{
	vox_progress_done();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			vox_warn("standard output: %s", g_strerror(errno));
		return VOX_EXIT_IO;
	}
	return status;
}
