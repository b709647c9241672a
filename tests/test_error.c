/*
 * Errors carry a kind beside the message, so a tool chooses its exit status without reading
 * the message: the defaults, setting and changing a kind, one thread's error not touching
 * another's, and libvips failures turned into ours.
 */
#include <errno.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <vips/vips.h>

#include "vox/error.h"

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
