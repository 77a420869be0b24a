/*
 * outdir.c — create-then-rename inside a folder held open by descriptor.
 */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int
outdir_open(struct outdir *d, const char *path, struct err *e)
{
	struct stat sb;

	d->fd = -1;
	d->path = path;
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return err_set(e, ERR_CANTCREAT, "cannot create the folder '%s': %s",
		               path, strerror(errno));
	/* O_DIRECTORY: a file, a FIFO or a dangling link there is refused;
	 * a link to a directory is followed, since it is what was named */
	d->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd < 0) {
		int saved = errno;
		return err_set(e, ERR_CANTCREAT, "cannot use '%s' as the output "
		               "folder: %s", path, saved == ENOTDIR
		               ? "it exists and is not a directory" : strerror(saved));
	}
	if (fstat(d->fd, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		close(d->fd);
		d->fd = -1;
		return err_set(e, ERR_CANTCREAT, "cannot use '%s' as the output "
		               "folder: not a directory", path);
	}
	return 0;
}

void
outdir_close(struct outdir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* A name no other run picks: the process, a counter, the clock. */
static void
fresh_name(char *buf, size_t size, const char *kind)
{
	static _Atomic unsigned long counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, size, ".ttftstat-%s-%ld-%lu-%lx", kind, (long)getpid(),
	         (unsigned long)++counter,
	         (unsigned long)ts.tv_nsec ^ ((unsigned long)ts.tv_sec << 20));
}

static int
create_error(const struct outdir *d, const char *name, int err, struct err *e)
{
	if (err == ENOMEM)
		return err_nomem(e);
	return err_set(e, ERR_CANTCREAT, "cannot create %s/%s: %s", d->path, name,
	               strerror(err));
}

int
outfile_create(struct outdir *d, const char *name, struct outfile *f,
               struct err *e)
{
	int fd = -1;

	memset(f, 0, sizeof *f);
	f->dir = d;
	f->dirfd = d->fd;
	snprintf(f->name, sizeof f->name, "%s", name);
	for (int tries = 0; tries < 100 && fd < 0; tries++) {
		fresh_name(f->tmp, sizeof f->tmp, "tmp");
		fd = openat(d->fd, f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		            O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			return create_error(d, name, errno, e);
	}
	if (fd < 0)
		return create_error(d, name, EEXIST, e);
	if ((f->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlinkat(d->fd, f->tmp, 0);
		return err_nomem(e);
	}
	return 0;
}

void
outfile_abort(struct outfile *f)
{
	if (f->fp != NULL)
		fclose(f->fp);
	f->fp = NULL;
	if (f->tmp[0])
		unlinkat(f->dirfd, f->tmp, 0);
	f->tmp[0] = '\0';
}

int
outfile_commit(struct outfile *f, struct err *e)
{
	bool bad = f->fp == NULL || ferror(f->fp) != 0;
	int saved = errno;

	if (f->fp != NULL && fclose(f->fp) != 0) {
		bad = true;
		saved = errno;
	}
	f->fp = NULL;
	if (bad) {
		unlinkat(f->dirfd, f->tmp, 0);
		f->tmp[0] = '\0';
		return err_set(e, ERR_IO, "cannot write %s/%s: %s", f->dir->path,
		               f->name, strerror(saved ? saved : EIO));
	}
	/* replaces whatever is at the name — a link is not followed, a FIFO
	 * not opened; a directory there is an error */
	if (renameat(f->dirfd, f->tmp, f->dir->fd, f->name) != 0) {
		saved = errno;
		unlinkat(f->dirfd, f->tmp, 0);
		f->tmp[0] = '\0';
		return err_set(e, ERR_CANTCREAT, "cannot create %s/%s: %s",
		               f->dir->path, f->name, strerror(saved));
	}
	f->tmp[0] = '\0';
	return 0;
}

int
outdir_write(struct outdir *d, const char *name, const char *data,
             size_t len, struct err *e)
{
	struct outfile f;

	if (outfile_create(d, name, &f, e) != 0)
		return e->code;
	if (len > 0 && fwrite(data, 1, len, f.fp) != len) {
		int saved = errno;
		outfile_abort(&f);
		return err_set(e, ERR_IO, "cannot write %s/%s: %s", d->path, name,
		               strerror(saved));
	}
	return outfile_commit(&f, e);
}

int
outdir_private(struct outdir *d, char *name, size_t size, int *fd,
               struct err *e)
{
	for (int tries = 0; tries < 100; tries++) {
		fresh_name(name, size, "render");
		if (mkdirat(d->fd, name, 0700) == 0)
			break;
		if (errno != EEXIST)
			return create_error(d, name, errno, e);
		name[0] = '\0';
	}
	if (name[0] == '\0')
		return create_error(d, "a private folder", EEXIST, e);
	*fd = openat(d->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0) {
		int saved = errno;
		unlinkat(d->fd, name, AT_REMOVEDIR);
		return create_error(d, name, saved, e);
	}
	return 0;
}

int
outdir_adopt(struct outdir *d, int privfd, const char *file, struct err *e)
{
	struct stat sb;

	if (fstatat(privfd, file, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return err_set(e, ERR_IO, "gnuplot wrote no %s/%s: %s", d->path, file,
		               strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return err_set(e, ERR_IO, "gnuplot's %s/%s is not a regular file",
		               d->path, file);
	if (renameat(privfd, file, d->fd, file) != 0)
		return err_set(e, ERR_CANTCREAT, "cannot create %s/%s: %s", d->path,
		               file, strerror(errno));
	return 0;
}

void
outdir_private_remove(struct outdir *d, int privfd, const char *name)
{
	int dup_fd = dup(privfd);
	DIR *dir = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	struct dirent *de;

	if (dir != NULL) {
		while ((de = readdir(dir)) != NULL)
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				unlinkat(privfd, de->d_name, 0);
		closedir(dir);
	} else if (dup_fd >= 0) {
		close(dup_fd);
	}
	close(privfd);
	unlinkat(d->fd, name, AT_REMOVEDIR);
}

int
outdir_read(struct outdir *d, const char *name, size_t max,
            unsigned char **buf, size_t *len, struct err *e)
{
	int fd = openat(d->fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	                O_CLOEXEC);
	struct stat sb;
	unsigned char *p;
	size_t got = 0;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot read %s/%s: %s", d->path, name,
		               strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size > max) {
		close(fd);
		return err_set(e, ERR_IO, "%s/%s is not a regular file of at most "
		               "%zu bytes", d->path, name, max);
	}
	if ((p = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return err_nomem(e);
	}
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, p + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*buf = p;
	*len = got;
	return 0;
}
