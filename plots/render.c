/*
 * render.c — gnuplot on each script, and the index page.
 *
 * gnuplot runs without a shell: fork, chdir into the output folder (the
 * scripts name their files relatively), execvp.  Its standard error is
 * read back, so a warning can be reported and tested for.
 */
#include "plots.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Is gnuplot an executable on PATH?  (execvp's own ENOENT would only be
 * seen in the child.) */
static bool
have_gnuplot(void)
{
	const char *path = getenv("PATH");
	char dir[4096];

	if (path == NULL)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(dir, sizeof dir, "%.*s/gnuplot", (int)(n ? n : 1),
		         n ? path : ".");
		if (access(dir, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static int
append(char **buf, size_t *len, const char *s, size_t n)
{
	char *nb = realloc(*buf, *len + n + 1);

	if (nb == NULL)
		return -1;
	memcpy(nb + *len, s, n);
	*len += n;
	nb[*len] = '\0';
	*buf = nb;
	return 0;
}

static int
run_one(const struct plot_opts *o, const char *name, char **warn,
        size_t *wlen, struct err *e)
{
	int pipefd[2], status;
	char script[96], chunk[4096];
	pid_t pid;
	ssize_t got;

	snprintf(script, sizeof script, "%s.gp", name);
	if (pipe(pipefd) != 0)
		return err_set(e, ERR_IO, "cannot start gnuplot: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return err_set(e, ERR_IO, "cannot start gnuplot: %s", strerror(errno));
	}
	if (pid == 0) {
		char *argv[] = {"gnuplot", script, NULL};
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		if (chdir(o->dir) != 0)
			_exit(126);
		execvp("gnuplot", argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((got = read(pipefd[0], chunk, sizeof chunk)) > 0) {
		char head[128];
		int hn = *wlen == 0 || (*warn)[*wlen - 1] == '\n'
		         ? snprintf(head, sizeof head, "%s: ", script) : 0;
		if ((hn > 0 && append(warn, wlen, head, (size_t)hn) != 0) ||
		    append(warn, wlen, chunk, (size_t)got) != 0) {
			close(pipefd[0]);
			waitpid(pid, &status, 0);
			return err_nomem(e);
		}
	}
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return err_set(e, ERR_IO, "gnuplot: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(e, ERR_IO, "gnuplot failed on %s/%s (exit %d)%s",
		               o->dir, script,
		               WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		               *wlen ? "; its messages are above" : "");
	return 0;
}

int
plots_render(const struct plot_opts *o, const struct figures *fl,
             char **warnings, struct err *e)
{
	size_t wlen = 0;
	int rc = 0;

	*warnings = calloc(1, 1);
	if (*warnings == NULL)
		return err_nomem(e);
	if (!have_gnuplot())
		return err_set(e, ERR_UNAVAILABLE, "--render needs gnuplot, which is "
		               "not installed (Debian: apt-get install gnuplot-nox); "
		               "the scripts are in %s", o->dir);
	for (size_t i = 0; i < fl->n && rc == 0; i++)
		rc = run_one(o, fl->f[i].name, warnings, &wlen, e);
	return rc;
}

/* ==== index.html ==== */

static void
html(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
		}
	}
}

int
plots_index(const struct plot_opts *o, const struct figures *fl,
            struct err *e)
{
	int dirfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;
	const char *ext = gp_extension(o->term);
	FILE *fp;

	if (dirfd < 0)
		return err_set(e, ERR_CANTCREAT, "cannot open '%s': %s", o->dir,
		               strerror(errno));
	fd = openat(dirfd, "index.html", O_WRONLY | O_CREAT | O_TRUNC |
	            O_NOFOLLOW | O_CLOEXEC, 0644);
	close(dirfd);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		if (saved == ENOMEM)
			return err_nomem(e);
		return err_set(e, ERR_CANTCREAT, "cannot create %s/index.html: %s",
		               o->dir, strerror(saved));
	}
	fputs("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
	      "<title>ttftstat figures</title></head>\n<body style=\"font-family:"
	      "sans-serif;max-width:1000px;margin:auto\">\n<h1>ttftstat "
	      "figures</h1>\n<p>Each figure is NAME.gp (gnuplot script) and "
	      "NAME.dat (its data): edit and rerun <code>gnuplot NAME.gp</code>."
	      "</p>\n", fp);
	for (size_t i = 0; i < fl->n; i++) {
		fputs("<h2>", fp);
		html(fp, fl->f[i].title);
		fputs("</h2>\n", fp);
		if (o->term == GP_PDF)
			fprintf(fp, "<p><a href=\"%s.pdf\">%s.pdf</a></p>\n",
			        fl->f[i].name, fl->f[i].name);
		else
			fprintf(fp, "<p><img src=\"%s.%s\" alt=\"\" style=\"max-width:"
			        "100%%\"></p>\n", fl->f[i].name, ext);
	}
	fputs("</body></html>\n", fp);
	if (fclose(fp) != 0)
		return err_set(e, ERR_IO, "cannot write %s/index.html: %s", o->dir,
		               strerror(errno));
	return 0;
}
