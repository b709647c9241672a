#ifndef VOX_INGEST_H
#define VOX_INGEST_H

/*
 * Ingest (CONTRIBUTING.md "Inputs" and "Store"): photos from files, folders and zip files, with
 * captions from sidecars and manifests, scrubbed and recorded in the catalog.
 *
 * Each photo is added whole or not at all, and one refused photo never stops the others.
 * A reader thread hands the photos in input order to a pool of scrubbing threads (threads
 * of the options, 2 by default) while the calling thread does every catalog write, in
 * input order, so results come back in the order the inputs were given.
 */

#include <signal.h>
#include <stddef.h>

#include <glib.h>

#include "vox/catalog.h"

/* The largest photo file photovox takes in (ingest, and vox check --adopt): far above
 * any real camera's or phone's. */
#define VOX_MAX_PHOTO_BYTES ((gint64)160 * 1024 * 1024)

struct vox_ingest_options {
	const char *participant;   /* -p: the participant of every photo, or NULL */
	const char *site;          /* -s */
	const char *session;       /* -S */
	int by_folder;             /* the participant is the name of the photo's folder */
	const char *manifest;      /* --manifest: a CSV/TSV sheet of captions, or NULL */
	int audience;              /* --consent: enum vox_audience, or -1 (private) */
	int people;                /* --people: enum vox_people, or -1 (unknown) */
	int threads;               /* scrubbing threads; 0 means 2 */
	int strict;                /* --strict: refuse a voice story without a transcript */
	/* When this becomes non-zero (a signal handler sets it), the run stops after the photo
	 * being recorded: the rest are not added and nothing of them is left behind. */
	const volatile sig_atomic_t *cancel;
};

#define VOX_INGEST_OPTIONS_INIT { .audience = -1, .people = -1 }

enum vox_ingest_outcome {
	VOX_INGEST_ADDED,
	VOX_INGEST_PRESENT,       /* the same bytes were already in the collection */
	VOX_INGEST_REFUSED,
};

/* What happened to one input, as told to the caller's report function. */
struct vox_ingest_result {
	enum vox_ingest_outcome outcome;
	const char *source;   /* as given: "DCIM/P07/IMG_1.jpg", "card.zip:P07/IMG_1.jpg",
	                       * "captions.csv line 7" */
	const char *id;       /* the photo's sha256 (added, present), else NULL */
	const char *ref;      /* "P07-03" (added, present), else NULL */
	const char *reason;   /* refused: what is wrong, naming the file */
	int lossy;            /* added: converted to JPEG (HEIC/HEIF), not losslessly scrubbed */
	const char *updated;  /* present: the caption fields its sidecar or sheet row changed
	                       * ("title, alt"), or NULL */
	const char *kept;     /* present: fields they would change but photovox edited since
	                       * ingest, left as they are ("story"), or NULL */
	const char *consent;  /* present: the options of vox consent that would record the
	                       * other consent its caption file gives ("--audience group"),
	                       * which ingest never changes; or NULL */
	const char *warning;  /* added or present, but something to tell (a voice story without
	                       * a transcript), or NULL */
	const char *story;    /* the voice story added with it ("IMG_1.m4a, 1 min 32 s"), or NULL */
	size_t done, total;   /* inputs handled so far, inputs found */
};

typedef void (*vox_ingest_report_fn)(const struct vox_ingest_result *r, void *data);

struct vox_ingest_summary {
	size_t added, present, refused;
	size_t updated;       /* of present: photos whose caption was brought up to date */
	size_t skipped;       /* files in folders that are neither photos nor captions */
	size_t not_done;      /* inputs left when the run was cancelled (0: it was not) */
};

/*
 * Ingests paths (files, folders, zip files) into cat. report is called once per input
 * (photo, or problem that is not one photo's, such as a directory loop or a manifest row
 * naming a missing file) in input order, from the calling thread. Returns 0 when the run
 * went through (some inputs may have been refused: see summary), or -1 with an error when
 * it could not start (an unreadable or malformed manifest: nothing is ingested then).
 */
int vox_ingest(vox_catalog *cat, const struct vox_ingest_options *opt,
    const char *const *paths, size_t n_paths, vox_ingest_report_fn report, void *data,
    struct vox_ingest_summary *summary);

/* Whether name has a photo's extension (jpg, jpeg, png, webp, heic, heif; any case). */
int vox_ingest_is_photo_name(const char *name);

/* Whether name has the extension of a voice story ingest takes beside a photo (.m4a, .mp3,
 * .ogg, .opus, .wav, .aac, .amr). */
int vox_audio_name(const char *name);

#endif
