/*
 * Errors carry a kind beside the message, so a tool chooses its exit status without reading
 * the message: the defaults, setting and changing a kind, one thread's error not touching
 * another's, and libvips failures turned into ours.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <vips/vips.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/redact.h"
#include "vox/scrub.h"

Test(error, a_plain_error_refuses_the_input_and_a_system_error_is_io)
{
	cr_assert_eq(vox_error("scrub", "'%s': not a JPEG", "a.png"), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_REFUSED);
	cr_assert_str_eq(vox_error_message(), "'a.png': not a JPEG");
	cr_assert_str_eq(vox_error_domain(), "scrub");

	errno = ENOSPC;
	cr_assert_eq(vox_error_system("store", "'%s'", "x"), -1);
	cr_assert_eq(errno, ENOSPC, "errno is kept for the caller");
	cr_assert_eq(vox_error_kind(), VOX_ERR_IO);
	cr_assert_str_eq(vox_error_message(), "'x': No space left on device");
}

Test(error, a_kind_given_is_kept_with_the_message)
{
	cr_assert_eq(vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such site", "trur"), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_NOT_FOUND);
	cr_assert_str_eq(vox_error_message(), "'trur': no such site");
	cr_assert_str_eq(vox_error_kind_name(vox_error_kind()), "not found");

	vox_error_k(VOX_ERR_USAGE, "redact-box", "empty box");
	cr_assert_eq(vox_error_kind(), VOX_ERR_USAGE);
}

Test(error, a_system_error_of_another_kind_keeps_errno_and_its_text)
{
	errno = EISDIR;
	cr_assert_eq(vox_error_system_k(VOX_ERR_REFUSED, "scrub", "'%s'", "photos"), -1);
	cr_assert_eq(errno, EISDIR);
	cr_assert_eq(vox_error_kind(), VOX_ERR_REFUSED);
	cr_assert_str_eq(vox_error_message(), "'photos': Is a directory");
}

Test(error, set_kind_changes_the_kind_and_keeps_the_message)
{
	errno = EIO;
	vox_error_system("scrub", "'%s': read error", "a.jpg");
	cr_assert_eq(vox_error_set_kind(VOX_ERR_REFUSED), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_REFUSED);
	cr_assert_str_eq(vox_error_message(), "'a.jpg': read error: Input/output error");
	cr_assert_str_eq(vox_error_domain(), "scrub");
}

Test(error, clear_forgets_message_domain_and_kind)
{
	vox_error_k(VOX_ERR_IO, "catalog", "locked");
	vox_error_clear();
	cr_assert_eq(vox_error_kind(), VOX_ERR_NONE);
	cr_assert_str_eq(vox_error_message(), "");
	cr_assert_str_eq(vox_error_domain(), "");
	cr_assert_str_eq(vox_error_kind_name(VOX_ERR_NONE), "none");
}

static gpointer
other_thread(gpointer unused)
{
	(void)unused;
	vox_error_k(VOX_ERR_IO, "ingest", "worker failed");
	return GINT_TO_POINTER(vox_error_kind());
}

Test(error, each_thread_keeps_its_own_kind)
{
	GThread *t;

	vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'P99': no such participant");
	t = g_thread_new("other", other_thread, NULL);
	cr_assert_eq(GPOINTER_TO_INT(g_thread_join(t)), VOX_ERR_IO);
	cr_assert_eq(vox_error_kind(), VOX_ERR_NOT_FOUND);
	cr_assert_str_eq(vox_error_message(), "'P99': no such participant");
}

Test(error, a_libvips_failure_appends_its_first_line_and_clears_libvips)
{
	VipsImage *im = NULL;

	cr_assert_eq(VIPS_INIT("test_error"), 0);
	vips_error_clear();
	cr_assert_neq(vips_jpegload_buffer((void *)"not a jpeg", 10, &im, NULL), 0);
	cr_assert(*vips_error_buffer(), "libvips said why");
	cr_assert_eq(vox_error_vips("derive", "'%s'", "a.jpg"), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_REFUSED);
	cr_assert_str_eq(vox_error_domain(), "derive");
	cr_assert(g_str_has_prefix(vox_error_message(), "'a.jpg': "), "%s", vox_error_message());
	cr_assert_null(strchr(vox_error_message(), '\n'), "one line: %s", vox_error_message());
	cr_assert_str_eq(vips_error_buffer(), "", "the next failure does not repeat this one");

	/* Nothing from libvips still says something. */
	vox_error_vips("review", "'%s'", "P01-01");
	cr_assert_str_eq(vox_error_message(), "'P01-01': libvips failed");
}

Test(error, the_reason_is_the_first_line_trimmed)
{
	g_autofree char *a = vox_error_vips_reason("heifload: bad box \nsecond line\n");
	g_autofree char *b = vox_error_vips_reason("");
	g_autofree char *c = vox_error_vips_reason(NULL);

	cr_assert_str_eq(a, "heifload: bad box");
	cr_assert_str_eq(b, "libvips failed");
	cr_assert_str_eq(c, "libvips failed");
}

Test(error, a_bad_box_is_a_usage_error_not_a_refused_photo)
{
	struct vox_redact_box box;

	cr_assert_eq(vox_redact_box_parse("1,2,3", &box), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_USAGE, "%s", vox_error_message());
}

Test(error, an_unknown_name_is_not_found_and_a_bad_one_refused)
{
	g_autofree char *dir = g_dir_make_tmp("vox-error-XXXXXX", NULL);
	struct vox_filter f = VOX_FILTER_INIT;
	vox_catalog *cat;
	GPtrArray *a;

	cr_assert_eq(vox_catalog_create(dir), 0, "%s", vox_error_message());
	cat = vox_catalog_open(dir);
	cr_assert(cat, "%s", vox_error_message());
	f.site = "nowhere";
	a = vox_catalog_select(cat, &f);
	cr_assert_null(a);
	cr_assert_eq(vox_error_kind(), VOX_ERR_NOT_FOUND, "%s", vox_error_message());
	cr_assert_null(vox_catalog_photo(cat, "abcdef12"));
	cr_assert_eq(vox_error_kind(), VOX_ERR_NOT_FOUND, "%s", vox_error_message());
	cr_assert_eq(vox_catalog_pair_add(cat, "Not A Slug", NULL), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_REFUSED, "%s", vox_error_message());
	vox_catalog_close(cat);

	g_autofree char *rm = g_strdup_printf("rm -rf '%s'", dir);
	cr_assert_eq(system(rm), 0);
}

Test(error, no_collection_is_an_io_error)
{
	g_autofree char *dir = g_dir_make_tmp("vox-error-XXXXXX", NULL);

	cr_assert_null(vox_catalog_find(dir));
	cr_assert_eq(vox_error_kind(), VOX_ERR_IO, "%s", vox_error_message());
	cr_assert_eq(g_rmdir(dir), 0);
}

Test(error, scrub_refuses_an_unreadable_input_and_fails_on_an_unwritable_output)
{
	cr_assert_eq(vox_scrub_file("/nonexistent/IMG_1.jpg", "/tmp/unused.jpg", NULL), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_REFUSED, "%s", vox_error_message());
	cr_assert_eq(vox_scrub_file("/", "/tmp/unused.jpg", NULL), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_REFUSED, "%s", vox_error_message());
	cr_assert_eq(vox_scrub_file("/dev/null", "/nonexistent/out.jpg", NULL), -1);
	cr_assert_eq(vox_error_kind(), VOX_ERR_IO, "%s", vox_error_message());
}
