/*
 * Bags (include/vox/bag.h): names and formats, and the checks of a name that the writer, the
 * reader and the manifest parser share. Writing is in bag_write.c, reading in bag_read.c,
 * parsing tag files in bag_tagfile.c and verifying in bag_verify.c.
 */
#include <locale.h>
#include <string.h>

#include <glib.h>

#include "vox/bag.h"
#include "vox/file.h"
#include "bag_int.h"

/* Names in bags are UTF-8 whatever the user's locale: libarchive is called under C.UTF-8. */
locale_t
bag_utf8_locale(void)
{
	return vox_utf8_locale();
}

/* ---- names and formats ---- */

int
vox_bag_format_parse(const char *word)
{
	if (!word)
		return -1;
	if (strcmp(word, "zip") == 0)
		return VOX_BAG_ZIP;
	if (strcmp(word, "tar") == 0)
		return VOX_BAG_TAR;
	if (strcmp(word, "tar.gz") == 0 || strcmp(word, "tgz") == 0)
		return VOX_BAG_TGZ;
	if (strcmp(word, "dir") == 0)
		return VOX_BAG_DIR;
	return -1;
}

const char *
vox_bag_format_name(enum vox_bag_format f)
{
	static const char *const names[] = { "zip", "tar", "tar.gz", "dir" };

	return (unsigned)f < G_N_ELEMENTS(names) ? names[f] : "unknown";
}

enum vox_bag_format
vox_bag_format_guess(const char *path)
{
	if (g_str_has_suffix(path, ".tar.gz") || g_str_has_suffix(path, ".tgz"))
		return VOX_BAG_TGZ;
	if (g_str_has_suffix(path, ".tar"))
		return VOX_BAG_TAR;
	return VOX_BAG_ZIP;
}

char *
vox_bag_stem(const char *path)
{
	char *trimmed = g_strdup(path);
	char *base;
	size_t n = strlen(trimmed);
	static const char *const exts[] = { ".tar.gz", ".tgz", ".tar", ".zip" };

	while (n > 1 && trimmed[n - 1] == '/')
		trimmed[--n] = '\0';
	base = g_path_get_basename(trimmed);
	g_free(trimmed);
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
		size_t bl = strlen(base), el = strlen(exts[i]);

		if (bl > el && g_str_has_suffix(base, exts[i])) {
			base[bl - el] = '\0';
			break;
		}
	}
	return base;
}

int
bag_path_shape_ok(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/')
		return 0;
	if (!g_utf8_validate(name, -1, NULL))
		return 0;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f || *c == '\\')
			return 0;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!slash)
			break;
		p = slash + 1;
		if (!*p)
			return 0;
	}
	return 1;
}

int
vox_bag_name_ok(const char *name)
{
	char *nfc;
	int ok;

	if (!name || !bag_path_shape_ok(name) || strchr(name, '%'))
		return 0;
	nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
	ok = nfc && strcmp(nfc, name) == 0;
	g_free(nfc);
	return ok;
}
