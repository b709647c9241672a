/*
 * The shared file helpers: a folder built beside its target and swapped into place, the
 * way galleries, booklets and folder bags are written.
 */
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "vox/error.h"
#include "vox/file.h"

static char *dir;

static void
setup(void)
{
	dir = g_dir_make_tmp("vox-file-XXXXXX", NULL);
	cr_assert_not_null(dir);
}

static void
teardown(void)
{
	cr_assert_eq(vox_remove_tree(dir), 0);
	g_free(dir);
}

TestSuite(file, .init = setup, .fini = teardown);

/* A finished build beside target holding one file, name, that says text. */
static char *
build(const char *target, const char *name, const char *text, int *lock_fd)
{
	char *tmp = vox_build_dir_new(target, "test", lock_fd);
	g_autofree char *path = NULL;

	cr_assert_not_null(tmp, "%s", vox_error_message());
	path = g_build_filename(tmp, name, NULL);
	cr_assert(g_file_set_contents(path, text, -1, NULL));
	return tmp;
}

static int
by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted, joined by spaces. */
static char *
listing(void)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	char *s;

	while ((n = g_dir_read_name(d)))
		g_ptr_array_add(a, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(a, by_name);
	g_ptr_array_add(a, NULL);
	s = g_strjoinv(" ", (char **)a->pdata);
	g_ptr_array_unref(a);
	return s;
}

Test(file, a_swap_puts_the_new_folder_where_there_was_none_and_leaves_nothing_beside)
{
	g_autofree char *target = g_build_filename(dir, "out", NULL);
	g_autofree char *file = g_build_filename(target, "new.txt", NULL);
	g_autofree char *tmp = NULL;
	g_autofree char *left = NULL;
	int fd;

	tmp = build(target, "new.txt", "new", &fd);
	cr_assert_eq(vox_swap_dir(tmp, target), 0, "%s", vox_error_message());
	close(fd);
	cr_expect(g_file_test(file, G_FILE_TEST_IS_REGULAR));
	left = listing();
	cr_expect_str_eq(left, "out");
}

Test(file, a_swap_replaces_an_old_folder_whole_and_removes_it)
{
	g_autofree char *target = g_build_filename(dir, "out", NULL);
	g_autofree char *old_file = g_build_filename(target, "old.txt", NULL);
	g_autofree char *new_file = g_build_filename(target, "new.txt", NULL);
	g_autofree char *tmp = NULL;
	g_autofree char *left = NULL;
	int fd;

	cr_assert_eq(g_mkdir(target, 0755), 0);
	cr_assert(g_file_set_contents(old_file, "old", -1, NULL));
	tmp = build(target, "new.txt", "new", &fd);
	cr_assert_eq(vox_swap_dir(tmp, target), 0, "%s", vox_error_message());
	close(fd);
	cr_expect(g_file_test(new_file, G_FILE_TEST_IS_REGULAR));
	cr_expect_not(g_file_test(old_file, G_FILE_TEST_EXISTS), "the old folder is gone");
	left = listing();
	cr_expect_str_eq(left, "out", "nothing of the old one lingers hidden beside it");
}

Test(file, a_swap_that_cannot_happen_leaves_the_target_as_it_was)
{
	g_autofree char *target = g_build_filename(dir, "out", NULL);
	g_autofree char *tmp = NULL;
	g_autofree char *text = NULL;
	int fd;

	cr_assert(g_file_set_contents(target, "a file, not a folder", -1, NULL));
	tmp = build(target, "new.txt", "new", &fd);
	cr_expect_eq(vox_swap_dir(tmp, target), -1);
	close(fd);
	cr_expect_neq(vox_error_message()[0], '\0');
	cr_assert(g_file_get_contents(target, &text, NULL, NULL));
	cr_expect_str_eq(text, "a file, not a folder");
	cr_expect(g_file_test(tmp, G_FILE_TEST_IS_DIR), "the build is the caller's to remove");
}
