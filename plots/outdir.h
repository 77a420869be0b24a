/*
 * outdir.h — files in an output folder that a hostile folder cannot
 * redirect.
 *
 * Every file ttftstat writes into a folder is first created as a new file
 * of its own (openat with O_CREAT | O_EXCL | O_NOFOLLOW, a name nobody
 * else uses) and then renamed over its final name (renameat), the pattern
 * of git's lockfile.c and of mail delivery agents.  Whatever is at the
 * final name — a symlink, a hard link to a file elsewhere, a FIFO — is
 * replaced, never followed, truncated or waited on; a reader sees the old
 * file or the whole new one, never half of one; a failed write leaves the
 * old file as it was.
 *
 * The folder is the one the user named: created when missing; when it
 * exists it must be a directory, and when it is a symbolic link to one,
 * the files go into that directory (the user named it).  Nothing inside
 * it is ever followed.
 */
#ifndef TTFT_OUTDIR_H
#define TTFT_OUTDIR_H

#include <stdbool.h>
#include <stdio.h>

#include "../ingest/err.h"

struct outdir {
	int fd;                         /* the folder, O_DIRECTORY */
	const char *path;               /* as named, for messages (borrowed) */
};

/* Open (or create) the folder.  ERR_CANTCREAT when it cannot be. */
int outdir_open(struct outdir *d, const char *path, struct err *e);
void outdir_close(struct outdir *d);

struct outfile {
	struct outdir *dir;
	int dirfd;                      /* where the temporary name lies */
	char tmp[64];                   /* the temporary name */
	char name[192];                 /* the final name */
	FILE *fp;
};

/* A new file to become `name` in d (name: [A-Za-z0-9._-], no '/'). */
int outfile_create(struct outdir *d, const char *name, struct outfile *f,
                   struct err *e);
/* Flush, check, close and rename into place (ERR_IO when writing
 * failed: the temporary file is removed, the old one kept). */
int outfile_commit(struct outfile *f, struct err *e);
/* Give up: close and remove the temporary file. */
void outfile_abort(struct outfile *f);

/* Write a whole buffer as `name` in d. */
int outdir_write(struct outdir *d, const char *name, const char *data,
                 size_t len, struct err *e);

/* A private folder inside d, new and mode 0700, for gnuplot to write into;
 * *fd receives it (O_DIRECTORY), name its name. */
int outdir_private(struct outdir *d, char *name, size_t size, int *fd,
                   struct err *e);
/* Move `file` from the private folder over the same name in d (after
 * checking it is a regular file), then, with file NULL, remove the
 * private folder and what is left in it. */
int outdir_adopt(struct outdir *d, int privfd, const char *file,
                 struct err *e);
void outdir_private_remove(struct outdir *d, int privfd, const char *name);

/* Read `name` in d whole (a regular file, no link followed, at most max
 * bytes): *buf owned by the caller.  ERR_IO when it cannot be. */
int outdir_read(struct outdir *d, const char *name, size_t max,
                unsigned char **buf, size_t *len, struct err *e);

#endif
