#ifndef VOX_FILE_H
#define VOX_FILE_H

/*
 * Small file helpers every stage shares: atomic writes (temp file in the same folder,
 * write, fsync, rename, fsync the folder), temporary files and folders locked while output
 * is made beside its place, removing a tree, and SHA-256 in hex.
 */

#include <locale.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#define VOX_SHA256_HEX 65 /* 64 hex digits and a NUL */

/* Writes SHA-256 of data as 64 lowercase hex digits and a NUL into hex. */
void vox_sha256_hex(const void *data, size_t len, char hex[VOX_SHA256_HEX]);

/*
 * Writes len bytes to path atomically: a temporary file in tmpdir (or path's folder when
 * tmpdir is NULL; it must be on the same file system), fsync, rename over path, fsync of
 * path's folder. On failure nothing is left behind and an error is recorded. Returns 0 or -1.
 */
int vox_write_atomic(const char *path, const char *tmpdir, const void *data, size_t len);

/*
 * As vox_write_atomic(), without either fsync: a reader never sees a partly written path,
 * but after a crash the file may be empty or cut short. For files a caller can make again
 * and flushes in one go (syncfs) before anything relies on them. Returns 0 or -1.
 */
int vox_write_unsynced(const char *path, const char *tmpdir, const void *data, size_t len);

/* fsyncs a folder so that a rename inside it is durable. Returns 0 or -1. */
int vox_fsync_dir(const char *dir);

/*
 * Opens a new temporary file "<dir>/.vox-XXXXXX" for writing; returns the fd and sets
 * *tmp_path (g_free) or returns -1 with an error recorded.
 */
int vox_tmpfile(const char *dir, char **tmp_path);

/*
 * Whether a finished file may be renamed over path: 0 when nothing is there or a regular
 * file (or a link, which the rename replaces, not its target); -1 with an error for a
 * device, a FIFO, a socket or a folder, which a rename would silently replace (a scrub's
 * "-o /dev/null" must not turn /dev/null into a photo). An output a tool builds (a bag, a
 * project, a booklet's zip) is checked by vox_output_file_replaceable() instead.
 */
int vox_replaceable(const char *path);

/*
 * Finishes a temporary file from vox_tmpfile(): fsync, close, rename to path, fsync of the
 * folder. Closes fd and removes the temporary file on every failure. Returns 0 or -1.
 */
int vox_tmpfile_commit(int fd, const char *tmp_path, const char *path);

/* Closes fd (when >= 0) and removes the temporary file; for error paths. */
void vox_tmpfile_abort(int fd, const char *tmp_path);

/*
 * Copies the file from (not a link) to the new file to, inside a folder being built: a
 * reflink (FICLONE) where the file system has them, else copy_file_range, else read and
 * write. Never a hard link: an output holds its own copy, so that editing it cannot change
 * the cache, the store or any other output (privacy rule 8). Not synced: the builder
 * flushes the folder once before it is swapped in. Returns 0 or -1 with an error (and no
 * file at to).
 */
int vox_copy_file(const char *from, const char *to);

/* Removes a file, or a folder and everything in it, never following links (for temporary
 * folders we made); a missing path is not an error. Returns 0 or -1 (errno set). */
int vox_remove_tree(const char *path);

enum vox_tmp_kind {
	VOX_TMP_FILE = 0,
	VOX_TMP_FOLDER,
};

/*
 * A new temporary file or folder (kind) "<parent>/<prefix>XXXXXX" for output being
 * made, locked (flock, exclusive) through *fd until the caller closes it, which it must;
 * for a file, *fd is the file itself, open for reading and writing. Entries so named that
 * nobody holds locked, what killed runs left, are removed first (links are not followed).
 * Returns the path (g_free), or NULL with an error recorded.
 */
char *vox_locked_tmp(const char *parent, const char *prefix, enum vox_tmp_kind kind, int *fd);

/*
 * A new temporary folder beside dir for building it whole before it is swapped in:
 * "<parent>/.<base>.<tag>-XXXXXX", or, when dir is a mount point, inside it:
 * "<dir>/" VOX_OUTPUT_BUILD "XXXXXX", locked (flock, exclusive) through *lock_fd until the
 * caller closes that descriptor, which it must. The remains of earlier builds of dir that
 * were killed, folders so named that nobody holds locked, are removed first: a gallery or
 * a booklet holds photos and names that must not linger hidden beside it. Returns the path
 * (g_free), or NULL with an error recorded.
 */
char *vox_build_dir_new(const char *dir, const char *tag, int *lock_fd);

/*
 * Puts the finished folder tmp, built beside dir (vox_build_dir_new(), vox_locked_tmp()),
 * in the place of dir, so that dir is at every moment either what it was or the new folder
 * whole: renamed when nothing (or an empty folder) is there; when tmp was built inside dir
 * (a mount point), each of its entries takes the place of the old one of that name, old
 * entries the new folder lacks are removed, and tmp (by then the old entries) last; else
 * exchanged with the old folder in one step, or where the file system cannot exchange, the old folder moved aside
 * to a hidden name first and put back if the new one cannot go in. The old folder is then
 * removed (failing to is an error: it may hold photos and names) and dir's parent fsync'd.
 * The caller decides first whether what is at dir may be replaced. When the swap itself
 * fails dir is as it was (or an error names where the old folder is) and whatever is left
 * at tmp is the caller's to remove. Returns 0 or -1 with an error recorded.
 */
int vox_swap_dir(const char *tmp, const char *dir);

/* Where a file name comes from, which says how to read one that is not UTF-8. */
enum vox_name_origin {
	VOX_NAME_DISK,  /* a name on disk: bytes, often Latin-1 or Windows-1252 from old
	                 * cameras and Windows copies */
	VOX_NAME_ZIP,   /* a zip entry's name: CP437 when its UTF-8 flag is clear (the zip
	                 * specification's default, what Windows writes) */
};

/*
 * A file or entry name in UTF-8, '/'-separated component by component: a component that
 * is valid UTF-8 is kept as it is (macOS and many tools write UTF-8 names in zips without
 * the flag); any other is transcoded, from CP437 for a zip entry, from Windows-1252 (or,
 * for its five unassigned bytes, ISO-8859-1) for a name on disk. Never fails. Newly
 * allocated (g_free). For names to show and record; open the file by its own bytes.
 */
char *vox_name_utf8(const char *name, enum vox_name_origin origin);

/*
 * A C.UTF-8 locale (LC_GLOBAL_LOCALE when the system has none), made once, never freed.
 * libarchive converts entry names through the locale's character set: whoever reads or
 * writes names with it does so under this locale, for its thread only (uselocale()), so
 * that UTF-8 names come through whatever the user's locale.
 */
locale_t vox_utf8_locale(void);

/*
 * Output folders (galleries, booklets, folder bags) say what made them in a hidden file,
 * VOX_OUTPUT_MARKER: "photovox KIND" then a line per folder ("dir  PATH") and per file
 * ("SHA256  PATH") the tool wrote, sorted. A folder is replaced only when the marker names
 * the same kind and everything in the folder is listed there with the same bytes, so that
 * nothing a person put in or changed there is ever deleted by a rebuild.
 */
#define VOX_OUTPUT_MARKER ".vox-output"
/* What the temporary folder of an output built inside its own folder (a mount point) is
 * named by: VOX_OUTPUT_BUILD and six characters. */
#define VOX_OUTPUT_BUILD ".vox-build-"
/* While such a folder is filled entry by entry, a marker listing both the old output and
 * the new, so that a fill cut short by a crash or a kill leaves a folder a rebuild may
 * still replace: every entry there is then one or the other. */
#define VOX_OUTPUT_FILLING ".vox-output-filling"

/* Writes dir's marker for an output of kind ("gallery", "booklet", "bag") listing
 * everything in dir. Returns 0 or -1 with an error. */
int vox_output_mark(const char *dir, const char *kind);

/*
 * For a builder that found dir already holding the very output it would write, so leaves
 * it as it is: when a fill cut short left dir's VOX_OUTPUT_FILLING journal, dir's marker is
 * written again from what is there (all of it photovox's, as vox_output_replaceable() found)
 * and the journal goes. 0 or -1 with an error.
 */
int vox_output_settle(const char *dir, const char *kind);

/*
 * Whether dir may be replaced by a new output of kind: 1 when it is missing, an empty
 * folder, or a folder whose marker names kind and that holds nothing the marker does not
 * list with the same SHA-256 (files removed since do not matter). Otherwise -1 with an
 * error saying why (not a folder; no marker, so not made by photovox; another kind; a file
 * added or changed since), of kind VOX_ERR_IO (the place
 * asked for cannot take the output), as when dir cannot be read.
 */
int vox_output_replaceable(const char *dir, const char *kind);

/*
 * Output files (bags written as zip or tar, REFI-QDA projects, a booklet's zip) carry the
 * same marker as their last member: VOX_OUTPUT_MARKER at the top of the archive or in its
 * one top folder, listing the other members with paths relative to that folder, so that
 * the archive unpacked is a folder its marker describes. vox_output_listing() makes that
 * text from lines "dir  PATH" and "SHA256  PATH": "photovox KIND", then the lines sorted by
 * path. Newly allocated (g_free).
 */
char *vox_output_listing(const char *kind, GPtrArray *lines);

/*
 * Whether the file path may be replaced by a new output file of kind ("bag", "qdpx",
 * "booklet"): 1 when nothing is there, or when it is a zip or a tar (gzip-compressed or not)
 * whose marker names kind and that holds nothing the marker does not list with the same
 * SHA-256 (members removed since do not matter). Otherwise -1 with an error naming the
 * file and why, of kind VOX_ERR_IO: not a file (a folder, a link, a device); not made by
 * photovox (no marker: a catalog, a photo, a person's own zip or an empty file); another
 * kind; a member added or changed since.
 */
int vox_output_file_replaceable(const char *path, const char *kind);

/*
 * Whether path may take an output of the collection in coll_dir: 0, or -1 with an error of
 * kind VOX_ERR_IO when path is the collection's own: the folder itself, its catalog
 * (vox.db and the files SQLite keeps beside it), store.lock, or anything in store/, cache/
 * or lost+found/. An output may sit in the collection's folder beside them.
 */
int vox_output_place(const char *coll_dir, const char *path);

/* Whether dir is a folder that is the root of a mounted file system (which cannot be
 * renamed: outputs there are built inside it and filled in place). */
int vox_is_mount_point(const char *dir);

/* Writes all of buf to fd, retrying short writes. Returns 0 or -1 (errno set). */
int vox_write_all(int fd, const void *buf, size_t len);

#endif
