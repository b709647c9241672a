/*
 * Rebuilding recorded outputs (privacy rule 9): a gallery, booklet or archive that holds a
 * photo since withdrawn, redacted or no longer consented is built again, in place, with
 * the options it was built with, by the same functions the tools call.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vox/archive.h"
#include "vox/bag.h"
#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/gallery.h"
#include "vox/json.h"
#include "vox/outputs.h"
#include "vox/report.h"
#include "vox/review.h"

void
vox_output_json_filter(struct vox_json *j, const struct vox_filter *f)
{
	const char *const keys[] = { "pair", "site", "theme", "participant", "session" };
	const char *const values[] = { f->pair, f->site, f->theme, f->participant, f->session };

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (values[i])
			vox_json_key_string(j, keys[i], values[i]);
}

/* The recorded options, read once: the strings live as long as the struct. */
struct options {
	vox_catalog_json_reader *j;
	const char *doc;
	GPtrArray *keep; /* the values handed out */
	int bad;
};

/* The text at key, or NULL when absent or null; a value of another type marks o bad. */
static const char *
text(struct options *o, const char *key)
{
	char *type = NULL, *value = NULL;

	if (vox_catalog_json_get(o->j, o->doc, key, &type, &value) != 0) {
		o->bad = 1;
		return NULL;
	}
	if (type && strcmp(type, "text") != 0 && strcmp(type, "null") != 0)
		o->bad = 1;
	g_free(type);
	if (!value)
		return NULL;
	g_ptr_array_add(o->keep, value);
	return value;
}

/* The integer at key (true is 1), or 0 when absent. */
static int
integer(struct options *o, const char *key)
{
	char *type = NULL, *value = NULL;
	int n = 0;

	if (vox_catalog_json_get(o->j, o->doc, key, &type, &value) != 0) {
		o->bad = 1;
		return 0;
	}
	if (type && strcmp(type, "integer") == 0)
		n = (int)g_ascii_strtoll(value, NULL, 10);
	else if (type && strcmp(type, "true") == 0)
		n = 1;
	else if (type && strcmp(type, "false") != 0 && strcmp(type, "null") != 0)
		o->bad = 1;
	g_free(type);
	g_free(value);
	return n;
}

static void
filter(struct options *o, struct vox_filter *f)
{
	f->pair = text(o, "pair");
	f->site = text(o, "site");
	f->theme = text(o, "theme");
	f->participant = text(o, "participant");
	f->session = text(o, "session");
}

static void
add_warnings(GPtrArray *to, GPtrArray *from)
{
	for (guint i = 0; to && from && i < from->len; i++)
		g_ptr_array_add(to, g_strdup(g_ptr_array_index(from, i)));
}

static int
gallery(vox_catalog *cat, const struct vox_output *out, struct options *o, int *left_out,
    GPtrArray *warnings)
{
	struct vox_filter f = VOX_FILTER_INIT;
	struct vox_gallery_opts go;
	struct vox_gallery_result res = { 0 };
	const char *lang;
	int rc;

	vox_gallery_opts_init(&go);
	filter(o, &f);
	go.audience = out->audience;
	go.allow_sensitive_public = out->allow_sensitive_public;
	go.strict = integer(o, "strict");
	if ((lang = text(o, "lang")))
		go.lang = lang;
	if (o->bad)
		return vox_error("outputs", "'%s': the record's options cannot be read", out->path);
	rc = vox_gallery_build_catalog(cat, &f, out->path, &go, &res);
	add_warnings(warnings, res.warnings);
	*left_out = res.refused;
	if (rc == 0)
		rc = res.photos;
	vox_gallery_result_release(&res);
	return rc;
}

static int
report(vox_catalog *cat, const struct vox_output *out, struct options *o, int *left_out,
    GPtrArray *warnings)
{
	struct vox_filter f = VOX_FILTER_INIT;
	struct vox_report_opts ro;
	struct vox_report_result res = { 0 };
	const char *people;
	int rc;

	vox_report_opts_init(&ro);
	filter(o, &f);
	ro.audience = out->audience;
	ro.allow_sensitive_public = out->allow_sensitive_public;
	ro.lang = text(o, "lang");
	if ((people = text(o, "people")))
		f.people = vox_people_parse(people);
	f.untagged = integer(o, "untagged");
	f.uncaptioned = integer(o, "uncaptioned");
	f.no_alt = integer(o, "no_alt");
	if (o->bad || (people && f.people < 0))
		return vox_error("outputs", "'%s': the record's options cannot be read", out->path);
	rc = vox_report_build(cat, &f, out->path, &ro, &res);
	add_warnings(warnings, res.warnings);
	*left_out = res.refused;
	if (rc == 0)
		rc = res.photos;
	vox_report_result_release(&res);
	return rc;
}

static int
booklet(vox_catalog *cat, const struct vox_output *out, struct options *o, int *left_out,
    GPtrArray *warnings)
{
	struct vox_review_options ro = { 0 };
	g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func(g_free);
	int rc;
	const char *code = text(o, "participant");
	/* A booklet's zip is rebuilt with the folder it was made from (its record names it:
	 * record() in pipeline/review.c). */
	const char *folder = text(o, "folder");

	ro.ui_lang = text(o, "ui_lang");
	ro.zip = folder ? 1 : integer(o, "zip");
	ro.standard = integer(o, "standard");
	ro.max_size = integer(o, "max_size");
	/* The booklet's warnings name its photos left out, which it counts, and may say the
	 * booklet could not be recorded, which leaves nothing out (vox/review.h). */
	ro.warnings = left;
	ro.n_left_out = left_out;
	if (o->bad || !code)
		return vox_error("outputs", "'%s': the record's options cannot be read", out->path);
	rc = vox_review_build(cat, code, folder ? folder : out->path, &ro);
	add_warnings(warnings, left);
	return rc;
}

static int
archive(vox_catalog *cat, const struct vox_output *out, struct options *o, int *left_out,
    GPtrArray *warnings)
{
	struct vox_archive_options ao = { .filter = VOX_FILTER_INIT, .mtime = -1 };
	const char *format = text(o, "format");
	int n, rc;

	filter(o, &ao.filter);
	ao.filter.allow_sensitive_public = out->allow_sensitive_public;
	ao.audience = out->audience;
	ao.top = text(o, "top");
	ao.with_gallery = integer(o, "with_gallery");
	ao.with_report = integer(o, "with_report");
	ao.qdpx = g_strcmp0(format, "qdpx") == 0;
	rc = ao.qdpx ? VOX_BAG_ZIP : format ? vox_bag_format_parse(format) : -1;
	if (o->bad || rc < 0)
		return vox_error("outputs", "'%s': the record's options cannot be read", out->path);
	ao.format = (enum vox_bag_format)rc;
	/* A photo left out (its stored file missing or changed) is named in warnings. */
	if (vox_archive_write(cat, out->path, &ao, &n, left_out, warnings) != 0)
		return -1;
	return n;
}

int
vox_output_rebuild(vox_catalog *cat, const struct vox_output *out, int *n_left_out,
    GPtrArray *warnings)
{
	struct options o = { .doc = out->options };
	int ret = -1, left_out = 0;

	o.keep = g_ptr_array_new_with_free_func(g_free);
	o.j = vox_catalog_json_open(out->path);
	if (!o.j)
		goto out;
	switch (out->kind) {
	case VOX_OUTPUT_GALLERY:
		ret = gallery(cat, out, &o, &left_out, warnings);
		break;
	case VOX_OUTPUT_BOOKLET:
		ret = booklet(cat, out, &o, &left_out, warnings);
		break;
	case VOX_OUTPUT_ARCHIVE:
		ret = archive(cat, out, &o, &left_out, warnings);
		break;
	case VOX_OUTPUT_REPORT:
		ret = report(cat, out, &o, &left_out, warnings);
		break;
	default:
		vox_error("outputs", "'%s': an output of an unknown kind", out->path);
	}
out:
	if (n_left_out)
		*n_left_out = left_out;
	vox_catalog_json_close(o.j);
	g_ptr_array_unref(o.keep);
	return ret;
}
