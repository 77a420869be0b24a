/*
 * io_shim.c — LD_PRELOAD library that makes input files fail on purpose.
 *
 * TTFTSTAT_EIO_FILE=S, TTFTSTAT_EIO_AFTER=N: a file opened with fopen whose
 * path contains S delivers its first N bytes, then every fread on it fails
 * with EIO and ferror reports it, as a disk or network file system does
 * when it fails in the middle of a file.
 * TTFTSTAT_EACCES_FILE=S: fopen of a path containing S fails with EACCES,
 * the unreadable file that root (who ignores permission bits) cannot make.
 * TTFTSTAT_EROFS=1: every file or folder created (openat with O_CREAT,
 * mkdir, mkdirat) fails with EROFS, the read-only file system that root
 * cannot make with permission bits either.
 * TTFTSTAT_ENOSPC=1: a stream opened on a file created with openat fails
 * when it is closed with ENOSPC, as a full disk reports a write that the
 * buffer held until then.
 * tests/io.sh and tests/outdir.sh use them.  glibc's stdio reads through
 * internal calls that cannot be interposed, so the shim wraps the calls
 * ttftstat itself makes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

static FILE *(*real_fopen)(const char *, const char *);
static size_t (*real_fread)(void *, size_t, size_t, FILE *);
static int (*real_ferror)(FILE *);
static int (*real_fclose)(FILE *);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_mkdir)(const char *, mode_t);
static int (*real_mkdirat)(int, const char *, mode_t);
static FILE *(*real_fdopen)(int, const char *);

/* descriptors of files created through openat: their streams fail at
 * fclose under TTFTSTAT_ENOSPC (descriptors are small; more are ignored) */
static unsigned char created[4096];
static FILE *full[64];

/* the one file that fails, how much of it has been delivered, and whether
 * its failure has happened */
static FILE *victim;
static long long delivered, limit = -1;
static int failed;

static void
init(void)
{
	if (real_fopen != NULL)
		return;
	real_fopen = (FILE *(*)(const char *, const char *))
	             dlsym(RTLD_NEXT, "fopen");
	real_fread = (size_t (*)(void *, size_t, size_t, FILE *))
	             dlsym(RTLD_NEXT, "fread");
	real_ferror = (int (*)(FILE *))dlsym(RTLD_NEXT, "ferror");
	real_fclose = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
	real_openat = (int (*)(int, const char *, int, ...))
	              dlsym(RTLD_NEXT, "openat");
	real_mkdir = (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "mkdir");
	real_mkdirat = (int (*)(int, const char *, mode_t))
	               dlsym(RTLD_NEXT, "mkdirat");
	real_fdopen = (FILE *(*)(int, const char *))dlsym(RTLD_NEXT, "fdopen");
}

static int
flag(const char *var)
{
	const char *s = getenv(var);

	return s != NULL && strcmp(s, "1") == 0;
}

static int
matches(const char *var, const char *path)
{
	const char *s = getenv(var);

	return s != NULL && *s != '\0' && strstr(path, s) != NULL;
}

FILE *
fopen(const char *path, const char *mode)
{
	FILE *fp;

	init();
	if (matches("TTFTSTAT_EACCES_FILE", path)) {
		errno = EACCES;
		return NULL;
	}
	fp = real_fopen(path, mode);
	if (fp != NULL && matches("TTFTSTAT_EIO_FILE", path)) {
		const char *n = getenv("TTFTSTAT_EIO_AFTER");

		victim = fp;
		delivered = 0;
		failed = 0;
		limit = n != NULL ? atoll(n) : 0;
	}
	return fp;
}

size_t
fread(void *buf, size_t size, size_t count, FILE *fp)
{
	size_t got;

	init();
	if (fp != victim || size != 1)
		return real_fread(buf, size, count, fp);
	if (failed || delivered >= limit) {
		failed = 1;
		errno = EIO;
		return 0;
	}
	if ((long long)count >= limit - delivered) {
		/* a short read with the error flag set, as stdio reports it */
		got = real_fread(buf, 1, (size_t)(limit - delivered), fp);
		delivered += (long long)got;
		failed = 1;
		errno = EIO;
		return got;
	}
	got = real_fread(buf, 1, count, fp);
	delivered += (long long)got;
	return got;
}

int
ferror(FILE *fp)
{
	init();
	if (fp == victim && failed)
		return 1;
	return real_ferror(fp);
}

/* a later fopen may get the same address */
int
fclose(FILE *fp)
{
	int rc;

	init();
	if (fp == victim)
		victim = NULL;
	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
		if (full[i] == fp && fp != NULL) {
			full[i] = NULL;
			real_fclose(fp);
			errno = ENOSPC;
			return EOF;
		}
	rc = real_fclose(fp);
	return rc;
}

static int
shim_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	int fd;

	if ((flags & O_CREAT) && flag("TTFTSTAT_EROFS")) {
		errno = EROFS;
		return -1;
	}
	fd = real_openat(dirfd, path, flags, mode);
	if (fd >= 0 && (size_t)fd < sizeof created)
		created[fd] = (flags & O_CREAT) != 0;
	return fd;
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	init();
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return shim_openat(dirfd, path, flags, mode);
}

/* the same function under the large-file name */
int openat64(int dirfd, const char *path, int flags, ...)
	__attribute__((alias("openat")));

FILE *
fdopen(int fd, const char *mode)
{
	FILE *fp;

	init();
	fp = real_fdopen(fd, mode);
	if (fp != NULL && fd >= 0 && (size_t)fd < sizeof created && created[fd]
	    && flag("TTFTSTAT_ENOSPC"))
		for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
			if (full[i] == NULL) {
				full[i] = fp;
				break;
			}
	return fp;
}

/* on a read-only file system an existing folder is still EEXIST */
int
mkdir(const char *path, mode_t mode)
{
	struct stat sb;

	init();
	if (flag("TTFTSTAT_EROFS")) {
		errno = stat(path, &sb) == 0 ? EEXIST : EROFS;
		return -1;
	}
	return real_mkdir(path, mode);
}

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	struct stat sb;

	init();
	if (flag("TTFTSTAT_EROFS")) {
		errno = fstatat(dirfd, path, &sb, 0) == 0 ? EEXIST : EROFS;
		return -1;
	}
	return real_mkdirat(dirfd, path, mode);
}
