/*
 * io_shim.c — LD_PRELOAD library that makes input files fail on purpose.
 *
 * TTFTSTAT_EIO_FILE=S, TTFTSTAT_EIO_AFTER=N: a file opened with fopen whose
 * path contains S delivers its first N bytes, then every fread on it fails
 * with EIO and ferror reports it, as a disk or network file system does
 * when it fails in the middle of a file.
 * TTFTSTAT_EACCES_FILE=S: fopen of a path containing S fails with EACCES,
 * the unreadable file that root (who ignores permission bits) cannot make.
 * tests/io.sh uses both.  glibc's stdio reads through internal calls that
 * cannot be interposed, so the shim wraps the stdio calls ttftstat itself
 * makes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *(*real_fopen)(const char *, const char *);
static size_t (*real_fread)(void *, size_t, size_t, FILE *);
static int (*real_ferror)(FILE *);
static int (*real_fclose)(FILE *);

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
	init();
	if (fp == victim)
		victim = NULL;
	return real_fclose(fp);
}
