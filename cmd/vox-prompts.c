/*
 * vox prompts — shows or sets the questions captions answer (SHOWeD by default), and their
 * wording in other languages (--lang).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/json.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox prompts [-q] [-C DIR] [--json]\n"
    "       vox prompts [-q] [-C DIR] set showed|cdc\n"
    "       vox prompts [-q] [-C DIR] set KEY QUESTION [KEY QUESTION...]\n"
    "       vox prompts [-q] [-C DIR] --lang LANG set KEY QUESTION [KEY QUESTION...]\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "lang", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *lang = NULL;
	vox_catalog *cat;
	int c, json = 0, status = VOX_EXIT_OK;

	vox_cli_init("prompts");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'j': json = 1; break;
		case 'L': lang = optarg; break;
		case 'q': vox_cli_set_quiet(1); break;
		default: vox_usage(usage);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0 && (strcmp(argv[0], "set") != 0 || argc < 2 || json ||
	    (argc > 2 && (argc - 1) % 2 != 0)))
		vox_usage(usage);
	/* In another language, only questions of keys the set has: no named set. */
	if (lang && (argc < 3 || (argc - 1) % 2 != 0))
		vox_usage(usage);
	cat = argc == 0 ? vox_catalog_find_read(dir) : vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (argc == 0) {
		GPtrArray *a = vox_catalog_prompts(cat);

		if (!a) {
			vox_warn_error();
			status = VOX_EXIT_IO;
			goto out;
		}
		for (guint i = 0; i < a->len; i++) {
			struct vox_prompt *p = a->pdata[i];

			if (json) {
				GString *s = g_string_new(NULL);
				struct vox_json j;

				vox_json_init(&j, s, VOX_JSON_COMPACT);
				vox_json_object_begin(&j);
				vox_json_key_string(&j, "key", p->key);
				vox_json_key_string(&j, "question", p->question);
				vox_json_object_end(&j);
				vox_line("%s", s->str);
				g_string_free(s, TRUE);
			} else {
				g_autofree char *q = vox_cli_field(stdout, p->question);

				vox_line("%s\t%s", p->key, q);
			}
		}
		g_ptr_array_unref(a);
	} else if (lang) {
		g_autofree char *main_lang = vox_catalog_lang(cat);

		if (strcmp(lang, main_lang) == 0) {
			vox_warn("'%s': the collection's main language: its questions are set "
			    "without --lang", lang);
			status = VOX_EXIT_USAGE;
			goto out;
		}
		for (int i = 1; i + 1 < argc; i += 2)
			if (vox_catalog_name_set(cat, "prompt", argv[i], lang, argv[i + 1]) != 0) {
				vox_warn_error();
				status = vox_cli_exit_status(vox_error_kind());
			}
	} else if (argc == 2) {
		const char *const *keys, *const *questions;
		int n = vox_prompt_set(argv[1], &keys, &questions);

		if (n < 0) {
			vox_warn("'%s': no such prompt set (showed, cdc; or give KEY QUESTION "
			    "pairs)", argv[1]);
			status = VOX_EXIT_USAGE;
		} else if (vox_catalog_set_prompts(cat, keys, questions, (size_t)n) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			vox_note("prompts set to '%s' (%d questions)", argv[1], n);
		}
	} else {
		size_t n = (size_t)(argc - 1) / 2;
		const char **keys = g_new(const char *, n);
		const char **questions = g_new(const char *, n);

		for (size_t i = 0; i < n; i++) {
			keys[i] = argv[1 + 2 * i];
			questions[i] = argv[2 + 2 * i];
		}
		if (vox_catalog_set_prompts(cat, keys, questions, n) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			vox_note("prompts set (%zu question%s)", n, n == 1 ? "" : "s");
		}
		g_free(keys);
		g_free(questions);
	}
out:
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
